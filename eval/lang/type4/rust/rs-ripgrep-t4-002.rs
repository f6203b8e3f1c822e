// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/ignore/src/gitignore.rs Gitignore.new
impl Gitignore {
    pub fn from_file<P: AsRef<Path>>(file: P) -> (Gitignore, Option<Error>) {
        let file = file.as_ref();
        let root = match file.parent() {
            Some(dir) => dir,
            None => Path::new("/"),
        };
        let mut b = GitignoreBuilder::new(root);
        let mut partial = PartialErrorBuilder::default();
        partial.maybe_push_ignore_io(b.add(file));
        let gi = b.build().unwrap_or_else(|e| {
            partial.push(e);
            Gitignore::empty()
        });
        (gi, partial.into_error_option())
    }
}
