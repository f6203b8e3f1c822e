//! Test code told by the file that declares it: a Rust module declared
//! `#[cfg(test)] mod tests;` keeps its body in another file (`src/foo/tests.rs` or
//! `src/foo/tests/mod.rs` for `src/foo.rs`), and only the declaration says that file is
//! test code. Its path says nothing, so the declaring file is read at the same revision
//! as the module's file: a module is test code in a snapshot when its declaration there
//! carries a test attribute, or when its parent module is test code.
//!
//! The declaration is found by a line scan, not a parse: a top-level item stands at the
//! start of its line (as `rustfmt` writes it), so a `mod` line at column 0 whose
//! attributes above it include a test attribute is one. A nested `mod a { mod b; }`
//! (indented) is left out: its file lies one directory further down.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::git::{FileContent, Git, GitError, Snapshot};
use crate::lang::Language;

/// Which files of one snapshot hold test modules declared elsewhere; each declaring file
/// is read once.
pub struct TestModules<'g> {
    git: &'g Git,
    snapshot: Snapshot,
    max_bytes: u64,
    /// Per declaring file, the modules it declares under a test attribute.
    declared: FxHashMap<String, FxHashSet<String>>,
    verdicts: FxHashMap<String, bool>,
}

impl<'g> TestModules<'g> {
    pub fn new(git: &'g Git, snapshot: Snapshot, max_bytes: u64) -> TestModules<'g> {
        TestModules {
            git,
            snapshot,
            max_bytes,
            declared: FxHashMap::default(),
            verdicts: FxHashMap::default(),
        }
    }

    /// Whether `path` holds a module that its declaration marks as test code, directly
    /// or through a parent module.
    pub fn is_test(&mut self, path: &str) -> Result<bool, GitError> {
        if let Some(&known) = self.verdicts.get(path) {
            return Ok(known);
        }
        let uses_declarations =
            Language::from_path(path).is_some_and(|l| l.test_conventions().declared_modules);
        let Some((module, declarers)) = declarers(path).filter(|_| uses_declarations) else {
            self.verdicts.insert(path.to_string(), false);
            return Ok(false);
        };
        let mut test = false;
        for declarer in &declarers {
            if self.declares_test_module(declarer, module)? || self.is_test(declarer)? {
                test = true;
                break;
            }
        }
        self.verdicts.insert(path.to_string(), test);
        Ok(test)
    }

    /// `paths` without the files of test modules.
    pub fn without_tests(&mut self, paths: Vec<String>) -> Result<Vec<String>, GitError> {
        self.read_declarers(&paths)?;
        let mut kept = Vec::with_capacity(paths.len());
        for p in paths {
            if !self.is_test(&p)? {
                kept.push(p);
            }
        }
        Ok(kept)
    }

    /// Reads the files that may declare the modules of `paths` in one pass (a snapshot's
    /// every file is asked about): one tree lookup, not one per file.
    fn read_declarers(&mut self, paths: &[String]) -> Result<(), GitError> {
        let mut wanted: Vec<String> = paths
            .iter()
            .filter(|p| {
                Language::from_path(p).is_some_and(|l| l.test_conventions().declared_modules)
            })
            .filter_map(|p| declarers(p))
            .flat_map(|(_, files)| files)
            .filter(|d| !self.declared.contains_key(d))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let contents = self
            .git
            .read_files(self.snapshot, &wanted, self.max_bytes)?;
        for (declarer, content) in wanted.into_iter().zip(contents) {
            let modules = match content {
                FileContent::Text(text) => test_modules_declared(&text, &declarer),
                FileContent::Skipped(_) => FxHashSet::default(),
            };
            self.declared.insert(declarer, modules);
        }
        Ok(())
    }

    fn declares_test_module(&mut self, declarer: &str, module: &str) -> Result<bool, GitError> {
        if !self.declared.contains_key(declarer) {
            let owned = [declarer.to_string()];
            let modules = match self
                .git
                .read_files(self.snapshot, &owned, self.max_bytes)?
                .pop()
            {
                Some(FileContent::Text(text)) => test_modules_declared(&text, declarer),
                // Absent (no such file in this snapshot), too large or unreadable.
                _ => FxHashSet::default(),
            };
            self.declared.insert(declarer.to_string(), modules);
        }
        Ok(self.declared[declarer].contains(module))
    }
}

/// The module a Rust file holds and the files that may declare it: `D/N.rs` and
/// `D/N/mod.rs` hold module `N`, declared in `D.rs` or `D/mod.rs`, or in the crate root
/// `D/lib.rs` or `D/main.rs`. Crate roots themselves are declared by no file.
fn declarers(path: &str) -> Option<(&str, Vec<String>)> {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let (dir, module) = match file.strip_suffix(".rs")? {
        "mod" => dir.rsplit_once('/').unwrap_or(("", dir)),
        "lib" | "main" => return None,
        stem => (dir, stem),
    };
    if module.is_empty() {
        return None;
    }
    let join = |name: &str| match dir {
        "" => name.to_string(),
        d => format!("{d}/{name}"),
    };
    let mut files = vec![join("mod.rs"), join("lib.rs"), join("main.rs")];
    if !dir.is_empty() {
        files.push(format!("{dir}.rs"));
    }
    Some((module, files))
}

/// The modules a Rust file declares at its top level without a body (`mod tests;`)
/// under one of its language's test attributes (`#[cfg(test)]`).
fn test_modules_declared(text: &str, path: &str) -> FxHashSet<String> {
    let marks = Language::from_path(path).map_or(&[][..], |l| l.test_conventions().attributes);
    let is_mark = |attr: &str| {
        let attr: String = attr.split_whitespace().collect();
        marks.contains(&attr.as_str())
    };
    let mut out = FxHashSet::default();
    let mut marked = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("//") {
            continue;
        }
        let mut rest = line;
        // Attributes at column 0, any number on the line, before the item.
        while rest.starts_with("#[") {
            let Some(end) = rest.find(']') else { break };
            marked |= is_mark(&rest[..=end]);
            rest = rest[end + 1..].trim_start();
        }
        if rest.is_empty() {
            continue;
        }
        let top_level = !line.starts_with(char::is_whitespace);
        if marked
            && top_level
            && let Some(name) = declared_module(rest)
        {
            out.insert(name.to_string());
        }
        marked = false;
    }
    out
}

/// The module an item line declares without a body: `mod tests;`, `pub(crate) mod a;`.
fn declared_module(item: &str) -> Option<&str> {
    let item = item.trim_end();
    let item = match item.strip_prefix("pub") {
        Some(rest) if rest.starts_with('(') => rest[rest.find(')')? + 1..].trim_start(),
        Some(rest) => rest.trim_start(),
        None => item,
    };
    let name = item.strip_prefix("mod ")?.trim().strip_suffix(';')?.trim();
    let name = name.strip_prefix("r#").unwrap_or(name);
    name.chars()
        .all(|c| c.is_alphanumeric() || c == '_')
        .then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_file_is_declared_by_its_parent_module_or_the_crate_root() {
        let of = |p: &str| declarers(p).map(|(m, f)| (m.to_string(), f));
        assert_eq!(
            of("src/foo/tests.rs"),
            Some((
                "tests".into(),
                vec![
                    "src/foo/mod.rs".into(),
                    "src/foo/lib.rs".into(),
                    "src/foo/main.rs".into(),
                    "src/foo.rs".into()
                ]
            ))
        );
        assert_eq!(of("src/foo/tests/mod.rs"), of("src/foo/tests.rs"));
        assert_eq!(
            of("src/tests.rs").unwrap().1,
            ["src/mod.rs", "src/lib.rs", "src/main.rs", "src.rs"]
        );
        assert_eq!(of("src/lib.rs"), None);
        assert_eq!(of("src/main.rs"), None);
        assert_eq!(of("src/foo.py"), None);
    }

    #[test]
    fn only_top_level_bodiless_modules_under_a_test_attribute_count() {
        let text = "\
//! Parsing.
mod lexer;
#[cfg(test)]
mod tests;

#[cfg( test )]
#[allow(dead_code)]
pub(crate) mod helpers;
#[cfg(test)] mod one_line;
#[cfg(test)]
mod inline {
    #[cfg(test)]
    mod nested;
}
#[cfg(feature = \"x\")]
mod feature;
#[cfg(test)]
fn not_a_module() {}
mod after_fn;
";
        let mut got: Vec<String> = test_modules_declared(text, "src/parse.rs")
            .into_iter()
            .collect();
        got.sort();
        assert_eq!(got, ["helpers", "one_line", "tests"]);
        assert!(test_modules_declared(text, "src/parse.py").is_empty());
        assert!(test_modules_declared("mod tests;\n", "src/a.rs").is_empty());
    }
}
