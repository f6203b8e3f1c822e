// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/core/flags/hiargs.rs HiArgs.matches_possible
impl HiArgs {
    pub(crate) fn can_match(&self) -> bool {
        let no_patterns = self.patterns.patterns.is_empty();
        let zero_max = matches!(self.max_count, Some(0));
        !(zero_max || (no_patterns && !self.invert_match))
    }
}
