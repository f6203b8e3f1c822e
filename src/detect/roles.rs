//! What the change did to each function: added, changed (and its old version), moved or
//! only reformatted.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::candidates::shape_ratio;
use crate::extract::Function;
use crate::git::{ChangedFile, TouchedPaths};
use crate::verdict::Role;

/// Hashes of the function bodies that the change moves (or renames a file of) rather
/// than writes anew: bodies that the touched files hold no more copies of after the
/// change than before. Untouched files are equal on both sides, so they are left out;
/// a copy of a function whose original stays is a new copy and is checked.
pub fn moved_bodies(
    old_functions: &[Function],
    touched: &TouchedPaths,
    functions: &[Function],
) -> FxHashSet<u64> {
    let mut before: FxHashMap<u64, usize> = FxHashMap::default();
    for f in old_functions {
        *before.entry(f.text_hash).or_default() += 1;
    }
    let new_paths: FxHashSet<&str> = touched.new.iter().map(String::as_str).collect();
    let mut after: FxHashMap<u64, usize> = FxHashMap::default();
    for f in functions
        .iter()
        .filter(|f| new_paths.contains(f.path.as_str()))
    {
        *after.entry(f.text_hash).or_default() += 1;
    }
    before
        .into_iter()
        .filter(|(h, n)| after.get(h).copied().unwrap_or(0) <= *n)
        .map(|(h, _)| h)
        .collect()
}

/// How much of its token stream a moved-and-edited function keeps, at the least.
const MOVED_MIN_SHAPE: f32 = 0.5;

/// What the change did to one function of the new snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touched {
    /// Untouched, moved, or suppressed from checking.
    No,
    /// Touched, but its tokens are those of its old version (a formatter run, a comment).
    Reformatted,
    Changed(usize),
    Added,
}

impl Touched {
    pub fn role(self) -> Role {
        match self {
            Touched::No | Touched::Reformatted => Role::Existing,
            Touched::Changed(old) => Role::Changed(old),
            Touched::Added => Role::Added,
        }
    }
}

/// The role of each function: a checked function's old version is the function of the
/// same identity (qualified name and parameters) in the file it came from (across a
/// rename), else one of the same name there that the change removed or whose parameters
/// it edited, else the one function of that name that the change removed from another
/// touched file (a move with edits). An overload the change adds next to another is a
/// new function: the other overload is still there, so it is no old version of it.
pub fn roles(
    functions: &[Function],
    old_functions: &[Function],
    changes: &[ChangedFile],
    moved: &FxHashSet<u64>,
) -> Vec<Touched> {
    let changed: FxHashMap<&str, &ChangedFile> =
        changes.iter().map(|c| (c.path.as_str(), c)).collect();
    // Several functions of one name in a file (a property's getter and setter): the old
    // version is the one that looks most like the new.
    let mut by_name: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
    for (i, f) in old_functions.iter().enumerate() {
        by_name
            .entry((f.path.as_str(), f.qualified_name.as_str()))
            .or_default()
            .push(i);
    }
    let old_path_of: FxHashMap<&str, &str> = changes
        .iter()
        .filter_map(|c| Some((c.old_path.as_deref()?, c.path.as_str())))
        .collect();
    // Old functions whose (old path, identity) no longer holds a function of that
    // identity: removed, renamed, or their parameters edited.
    let identities: FxHashSet<(&str, (&str, u64))> = functions
        .iter()
        .map(|f| (f.path.as_str(), f.identity()))
        .collect();
    let gone = |o: &Function| !identities.contains(&(now_at(&old_path_of, o), o.identity()));
    // The old version in the file it came from: the same identity, else the closest of
    // its name that is gone (its parameters edited).
    let in_old_file = |f: &Function, olds: &[usize]| -> Option<usize> {
        let same = |&o: &usize| old_functions[o].params == f.params;
        let edited = |&o: &usize| gone(&old_functions[o]);
        closest(old_functions, f, olds.iter().copied().filter(same))
            .or_else(|| closest(old_functions, f, olds.iter().copied().filter(edited)))
    };
    // Old functions whose (old path, name) no longer holds a function of that name.
    let still_there: FxHashSet<(&str, &str)> = functions
        .iter()
        .map(|f| (f.path.as_str(), f.qualified_name.as_str()))
        .collect();
    let (vanished, vanished_shapes) = vanished(old_functions, &|f| {
        !still_there.contains(&(now_at(&old_path_of, f), f.qualified_name.as_str()))
    });
    // A function of the same name elsewhere is where this one moved from only when it
    // still looks like it (a new `main` is not the deleted `main` of another script). A
    // function of another name is where it came from when its token stream is the same:
    // renamed, its old duplication is not new (the old version is judged like any other).
    let moved_from = |f: &Function| {
        vanished
            .get(f.qualified_name.as_str())
            .copied()
            .flatten()
            .filter(|&o| shape_ratio(&old_functions[o].shape, &f.shape) >= MOVED_MIN_SHAPE)
            .or_else(|| vanished_shapes.get(f.shape.as_slice()).copied().flatten())
    };
    functions
        .iter()
        .map(|f| {
            let Some(c) = changed.get(f.path.as_str()) else {
                return Touched::No;
            };
            if !c.touches(f.start_line, f.end_line) || moved.contains(&f.text_hash) {
                return Touched::No;
            }
            let old = c
                .old_path
                .as_deref()
                .and_then(|p| by_name.get(&(p, f.qualified_name.as_str())))
                .and_then(|olds| in_old_file(f, olds))
                .or_else(|| moved_from(f));
            match old {
                Some(o)
                    if old_functions[o].shape == f.shape && old_functions[o].terms == f.terms =>
                {
                    Touched::Reformatted
                }
                Some(o) => Touched::Changed(o),
                None => Touched::Added,
            }
        })
        .collect()
}

/// Of `olds`, the old function that looks most like `f`.
fn closest(
    old_functions: &[Function],
    f: &Function,
    olds: impl Iterator<Item = usize>,
) -> Option<usize> {
    olds.max_by(|&a, &b| {
        shape_ratio(&old_functions[a].shape, &f.shape)
            .total_cmp(&shape_ratio(&old_functions[b].shape, &f.shape))
    })
}

/// Where an old function's file is now (after a rename).
fn now_at<'a>(old_path_of: &FxHashMap<&str, &'a str>, o: &'a Function) -> &'a str {
    old_path_of.get(o.path.as_str()).copied().unwrap_or(&o.path)
}

/// The old functions that `gone` says the change took away, by qualified name and by
/// normalized token stream (names abstracted: a renamed function), each the one of its
/// key (None where several share it).
#[allow(clippy::type_complexity)]
fn vanished<'f>(
    old_functions: &'f [Function],
    gone: &dyn Fn(&Function) -> bool,
) -> (
    FxHashMap<&'f str, Option<usize>>,
    FxHashMap<&'f [u32], Option<usize>>,
) {
    let mut by_name: FxHashMap<&str, Option<usize>> = FxHashMap::default();
    let mut by_shape: FxHashMap<&[u32], Option<usize>> = FxHashMap::default();
    for (i, f) in old_functions.iter().enumerate().filter(|(_, f)| gone(f)) {
        by_name
            .entry(f.qualified_name.as_str())
            .and_modify(|v| *v = None)
            .or_insert(Some(i));
        by_shape
            .entry(f.shape.as_slice())
            .and_modify(|v| *v = None)
            .or_insert(Some(i));
    }
    (by_name, by_shape)
}
