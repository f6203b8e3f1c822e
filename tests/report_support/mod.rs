//! Shared by the reporter tests (sarif, review, annotations): a git repository in a temp
//! dir with a base commit on `main` and a feature branch that adds duplicates, and a way
//! to run the binary without the GitHub environment of the machine running the tests.
#![allow(dead_code)]

pub mod hostile;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// An existing function: the one the pull request re-implements.
pub const NORMALIZE: &str = r#"def normalize_names(items, prefix):
    result = []
    for item in items:
        name = item.strip().lower()
        if not name:
            continue
        if name.startswith(prefix):
            name = name[len(prefix):]
        result.append(name.replace(" ", "_"))
    return sorted(set(result))
"#;

/// A copy of [`NORMALIZE`] under other names.
pub const CLEAN_LABELS: &str = r#"def clean_labels(labels, prefix):
    result = []
    for label in labels:
        name = label.strip().lower()
        if not name:
            continue
        if name.startswith(prefix):
            name = name[len(prefix):]
        result.append(name.replace(" ", "_"))
    return sorted(set(result))
"#;

/// A second existing function, unrelated to the first.
pub const SPREAD: &str = r#"def mean_and_spread(values):
    total = 0.0
    count = 0
    for value in values:
        total += value
        count += 1
    mean = total / count if count else 0.0
    spread = max(values) - min(values) if values else 0.0
    return mean, spread
"#;

/// The repository builder all integration tests share.
pub use super::common::TestRepo;

/// The base commit has two existing functions; the feature branch adds a copy of
/// `normalize_names` as `clean_labels` in a new file. Returns (repo, head commit).
pub fn repo_with_duplicate() -> (TestRepo, String) {
    let repo = TestRepo::new();
    repo.write("pkg/util.py", format!("{NORMALIZE}\n\n{SPREAD}"));
    repo.commit("base");
    repo.branch("feature");
    repo.write("pkg/new.py", format!("import os\n\n\n{CLEAN_LABELS}"));
    let head = repo.commit("add clean_labels").to_string();
    (repo, head)
}

/// The binary, with the GitHub Actions environment of the test machine removed (so a
/// test behaves the same inside and outside CI).
pub fn command(repo: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dedupe-check"));
    cmd.current_dir(repo);
    for var in [
        "GITHUB_ACTIONS",
        "GITHUB_TOKEN",
        "GITHUB_REPOSITORY",
        "GITHUB_EVENT_PATH",
        "GITHUB_API_URL",
        "GITHUB_SERVER_URL",
        "GITHUB_STEP_SUMMARY",
        "DEDUPE_CHECK_MODEL",
        "ORT_DYLIB_PATH",
        "NO_COLOR",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// `dedupe-check pr --base main --no-model ARGS...` in `repo`.
pub fn pr(repo: &Path, args: &[&str]) -> Command {
    let mut cmd = command(repo);
    cmd.args(["pr", "--base", "main", "--no-model"]).args(args);
    cmd
}

pub fn run(mut cmd: Command) -> Output {
    cmd.output().expect("run dedupe-check")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A file in a temp dir that outlives the call (kept in the returned TempDir).
pub fn temp_file(name: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}
