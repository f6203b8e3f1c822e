// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_derive/src/internals/case.rs RenameRule.from_str
impl RenameRule {
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let found = RENAME_RULES.iter().find(|(name, _)| *name == text);
        let rule = found.map(|(_, rule)| *rule);
        rule.ok_or(ParseError { unknown: text })
    }
}
