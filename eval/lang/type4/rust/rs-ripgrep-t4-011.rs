// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/searcher/src/searcher/mod.rs Searcher.check_config
impl Searcher {
    fn validate<M: Matcher>(&self, m: M) -> Result<(), ConfigError> {
        let cfg = &self.config;
        if !cfg.mmap.is_enabled() && cfg.heap_limit == Some(0) {
            return Err(ConfigError::SearchUnavailable);
        }
        if let Some(term) = m.line_terminator() {
            if term != cfg.line_term {
                return Err(ConfigError::MismatchedLineTerminators {
                    matcher: term,
                    searcher: cfg.line_term,
                });
            }
        }
        Ok(())
    }
}
