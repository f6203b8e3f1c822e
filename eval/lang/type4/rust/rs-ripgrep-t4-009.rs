// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/core/flags/parse.rs FlagMap.new
impl FlagMap {
    fn build(flags: &[FlagInfo]) -> FlagMap {
        let mut map = std::collections::HashMap::new();
        let mut i = 0;
        while i < flags.len() {
            let key: Vec<u8> = match flags[i].name {
                Ok(long) => long.as_bytes().to_vec(),
                Err(short) => vec![short],
            };
            let previous = map.insert(key, i);
            assert!(previous.is_none());
            i += 1;
        }
        FlagMap { map }
    }
}
