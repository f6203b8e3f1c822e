//! The files that hold a set of functions, each read once: the later stages that need a
//! function's text or tokens again (ranking, the verdict) read them this way.

use rustc_hash::FxHashMap;

use crate::extract::Function;
use crate::git::{FileContent, Git, GitError, Snapshot};

/// One file and the functions (indices into `functions`) that lie in it.
pub struct SourceFile<'f> {
    pub path: &'f str,
    pub functions: Vec<usize>,
    pub content: FileContent,
}

/// Reads, at `snapshot`, every file that holds one of the functions `indices` names, in
/// path order, with no size limit (the functions were indexed from them already).
pub fn read<'f>(
    git: &Git,
    snapshot: Snapshot,
    functions: &'f [Function],
    indices: impl IntoIterator<Item = usize>,
) -> Result<Vec<SourceFile<'f>>, GitError> {
    let mut by_path: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for i in indices {
        by_path
            .entry(functions[i].path.as_str())
            .or_default()
            .push(i);
    }
    let mut paths: Vec<&str> = by_path.keys().copied().collect();
    paths.sort_unstable();
    let owned: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
    let contents = git.read_files(snapshot, &owned, u64::MAX)?;
    Ok(paths
        .into_iter()
        .zip(contents)
        .map(|(path, content)| SourceFile {
            path,
            functions: by_path.remove(path).unwrap_or_default(),
            content,
        })
        .collect())
}
