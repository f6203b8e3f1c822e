// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/ignore/src/lib.rs Error.is_partial
impl Error {
    pub fn partial(&self) -> bool {
        let inner = match self {
            Error::Partial(_) => return true,
            Error::WithLineNumber { err, .. } => err,
            Error::WithPath { err, .. } => err,
            Error::WithDepth { err, .. } => err,
            _ => return false,
        };
        inner.partial()
    }
}
