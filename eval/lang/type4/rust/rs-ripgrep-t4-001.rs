// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/globset/src/lib.rs RegexSetStrategy.matches_into
impl RegexSetStrategy {
    fn collect_matches(&self, cand: &Candidate<'_>, out: &mut Vec<usize>) {
        let found = self.find_matches(cand);
        out.extend(found.iter().map(|k| self.map[k]));
        PoolGuard::put(found);
    }
}
