//! Suppression comments that suppressed nothing.

use rustc_hash::FxHashSet;
use std::collections::BTreeMap;

use crate::extract::{Function, extract_without_text};
use crate::git::{ChangedFile, FileContent, Git, GitError, Snapshot};
use crate::lang::Language;

/// The `dedupe-check: ignore` comments of a change: those on its added lines, and
/// those of the checked functions. Each is returned with the function whose comment it
/// is (by its qualified name), if any.
pub fn ignore_sites(
    git: &Git,
    snapshot: Snapshot,
    changes: &[ChangedFile],
    checked: &[Function],
    max_bytes: u64,
) -> Result<Vec<IgnoreSite>, GitError> {
    let mut lines: BTreeMap<&str, FxHashSet<u32>> = BTreeMap::new();
    for f in checked.iter().filter(|f| f.suppressed) {
        lines.entry(&f.path).or_default().extend(f.ignore_line);
    }
    let paths: Vec<String> = changes.iter().map(|c| c.path.clone()).collect();
    let texts = git.read_files(snapshot, &paths, max_bytes)?;
    let mut sites = Vec::new();
    for (change, content) in changes.iter().zip(texts) {
        let (Some(lang), FileContent::Text(text)) = (Language::from_path(&change.path), content)
        else {
            continue;
        };
        let marked = text
            .lines()
            .zip(1u32..)
            .filter(|(l, n)| change.touches(*n, *n) && lang.has_ignore_marker(l));
        let here = lines.entry(&change.path).or_default();
        here.extend(marked.map(|(_, n)| n));
        // Most changes have no suppression comment: their files are not parsed again.
        if here.is_empty() {
            continue;
        }
        let extracted = extract_without_text(lang, &change.path, &text);
        // A generated or minified file was not checked: its comments are not the author's.
        if extracted.generated.is_some() {
            continue;
        }
        let owners = extracted.functions;
        for &line in here.iter() {
            let owner = owners.iter().find(|f| f.ignore_line == Some(line));
            sites.push(IgnoreSite {
                path: change.path.clone(),
                line,
                function: owner.map(|f| f.qualified_name.clone()),
            });
        }
    }
    sites.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Ok(sites)
}

/// A `dedupe-check: ignore` comment, and the function it suppresses, if any.
pub struct IgnoreSite {
    path: String,
    line: u32,
    function: Option<String>,
}

/// A notice for each suppression comment that suppressed nothing: on no function, or
/// on a function with no finding (the comment can go).
pub fn unused_ignores<'a>(
    sites: Vec<IgnoreSite>,
    used: &'a FxHashSet<(&str, u32)>,
) -> impl Iterator<Item = String> + 'a {
    sites.into_iter().filter_map(move |s| {
        let (path, line) = (&s.path, s.line);
        match s.function {
            _ if used.contains(&(path.as_str(), line)) => None,
            Some(name) => Some(format!(
                "{path}:{line}: unused `dedupe-check: ignore`: `{name}` has no duplicate to \
                 suppress; remove the comment"
            )),
            None => Some(format!(
                "{path}:{line}: unused `dedupe-check: ignore`: it is on no function; put it on \
                 the line of the `def`/`fn`/`function` or the line above, or remove it"
            )),
        }
    })
}
