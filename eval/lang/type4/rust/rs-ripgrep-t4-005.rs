// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/ignore/src/walk.rs walkdir_is_dir
fn entry_is_directory(entry: &walkdir::DirEntry) -> bool {
    let ft = entry.file_type();
    if ft.is_dir() {
        true
    } else if ft.is_symlink() && entry.depth() == 0 {
        match entry.path().metadata() {
            Ok(meta) => meta.file_type().is_dir(),
            Err(_) => false,
        }
    } else {
        false
    }
}
