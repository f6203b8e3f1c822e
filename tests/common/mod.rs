//! Shared helpers for the integration tests: real git repositories in temp dirs
//! (built with git2), and a runner for the `dedupe-check` binary.
#![allow(dead_code)]

use git2::{IndexAddOption, Oid, Repository, Signature};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// A git repository in a temp dir, on branch `main`.
pub struct TestRepo {
    dir: TempDir,
    pub repo: Repository,
}

impl TestRepo {
    /// An empty repository (no commits yet) whose unborn branch is `main`.
    pub fn new() -> TestRepo {
        let dir = tempfile::Builder::new()
            .prefix("dedupe-check-test")
            .tempdir()
            .unwrap();
        let mut opts = git2::RepositoryInitOptions::new();
        opts.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &opts).unwrap();
        {
            let mut cfg = repo.config().unwrap();
            cfg.set_str("user.name", "Test").unwrap();
            cfg.set_str("user.email", "test@example.com").unwrap();
            cfg.set_bool("core.autocrlf", false).unwrap();
        }
        TestRepo { dir, repo }
    }

    /// A repository with one commit on `main` holding `files`.
    pub fn with_base(files: &[(&str, &str)]) -> TestRepo {
        let r = TestRepo::new();
        for (p, c) in files {
            r.write(p, c);
        }
        r.commit("base");
        r
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> &Self {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, contents).unwrap();
        self
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.path().join(path)).unwrap()
    }

    pub fn remove(&self, path: &str) -> &Self {
        std::fs::remove_file(self.path().join(path)).unwrap();
        self
    }

    pub fn rename(&self, from: &str, to: &str) -> &Self {
        let to_full = self.path().join(to);
        std::fs::create_dir_all(to_full.parent().unwrap()).unwrap();
        std::fs::rename(self.path().join(from), to_full).unwrap();
        self
    }

    #[cfg(unix)]
    pub fn symlink(&self, target: &str, link: &str) -> &Self {
        let full = self.path().join(link);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, full).unwrap();
        self
    }

    /// Stages `paths` (added, modified or deleted) in the index.
    pub fn stage(&self, paths: &[&str]) -> &Self {
        let mut index = self.repo.index().unwrap();
        for p in paths {
            if self.path().join(p).symlink_metadata().is_ok() {
                index.add_path(Path::new(p)).unwrap();
            } else {
                index.remove_path(Path::new(p)).unwrap();
            }
        }
        index.write().unwrap();
        self
    }

    /// Stages everything in the working tree, deletions included (`git add -A`).
    pub fn stage_all(&self) -> &Self {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["*"].iter(), IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"].iter(), None).unwrap();
        index.write().unwrap();
        self
    }

    /// Commits the index on the current branch (after `git add -A`).
    pub fn commit(&self, message: &str) -> Oid {
        self.stage_all();
        self.commit_index(message)
    }

    /// Commits what is staged, as is.
    pub fn commit_index(&self, message: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        let tree_id = index.write_tree().unwrap();
        let tree = self.repo.find_tree(tree_id).unwrap();
        let sig = Signature::now("Test", "test@example.com").unwrap();
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    /// Creates `name` at HEAD and switches to it.
    pub fn branch(&self, name: &str) -> &Self {
        let head = self.repo.head().unwrap().peel_to_commit().unwrap();
        self.repo.branch(name, &head, false).unwrap();
        self.checkout(name)
    }

    /// Switches to an existing branch, updating index and working tree.
    pub fn checkout(&self, name: &str) -> &Self {
        let refname = format!("refs/heads/{name}");
        let obj = self.repo.revparse_single(&refname).unwrap();
        let mut co = git2::build::CheckoutBuilder::new();
        co.force();
        self.repo.checkout_tree(&obj, Some(&mut co)).unwrap();
        self.repo.set_head(&refname).unwrap();
        self
    }

    pub fn tag(&self, name: &str) -> &Self {
        let head = self
            .repo
            .head()
            .unwrap()
            .peel(git2::ObjectType::Commit)
            .unwrap();
        self.repo.tag_lightweight(name, &head, false).unwrap();
        self
    }

    pub fn head_id(&self) -> Oid {
        self.repo.head().unwrap().peel_to_commit().unwrap().id()
    }

    /// Runs `git` (the CLI) in the repository; panics when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        git_cli(self.path(), args)
    }

    /// Runs the binary with `args` from inside the repository.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// Everything a run must leave alone: HEAD, refs, the index bytes and the working tree.
    pub fn state(&self) -> RepoState {
        let git_dir = self.repo.path();
        let read = |p: &Path| std::fs::read(p).ok();
        let mut files = BTreeMap::new();
        collect_files(self.path(), self.path(), &mut files);
        RepoState {
            head_file: read(&git_dir.join("HEAD")),
            head: self.repo.head().ok().and_then(|h| h.target()),
            index: read(&git_dir.join("index")),
            refs: self
                .repo
                .references()
                .unwrap()
                .filter_map(|r| r.ok())
                .map(|r| (r.name().unwrap_or("").to_string(), r.target()))
                .collect(),
            files,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct RepoState {
    head_file: Option<Vec<u8>>,
    head: Option<Oid>,
    index: Option<Vec<u8>>,
    refs: BTreeMap<String, Option<Oid>>,
    /// Working tree files (outside .git), symlinks as their target.
    files: BTreeMap<PathBuf, Vec<u8>>,
}

fn collect_files(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        let ft = entry.file_type().unwrap();
        let rel = path.strip_prefix(root).unwrap().to_path_buf();
        if ft.is_symlink() {
            let target = std::fs::read_link(&path).unwrap();
            out.insert(rel, target.to_string_lossy().as_bytes().to_vec());
        } else if ft.is_dir() {
            collect_files(root, &path, out);
        } else {
            out.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

/// Runs the git CLI with a clean, reproducible environment; panics when it fails.
pub fn git_cli(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self}"))
    }

    /// Asserts the exit code, showing the whole run when it differs.
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(self.code, expected, "unexpected exit code\n{self}");
        self
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs the binary with `args` in `dir`, in an environment without CI or color settings.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_in_env(dir, args, &[])
}

/// `run_in` with extra environment variables.
pub fn run_in_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    // One cache per test process, never the user's: tests share it (so they exercise it)
    // but nothing leaks between runs of the suite.
    static CACHE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(|| tempfile::tempdir().expect("a temp dir for the cache"));
    let out = Command::new(env!("CARGO_BIN_EXE_dedupe-check"))
        .args(args)
        .env("DEDUPE_CHECK_CACHE_DIR", cache.path())
        .env_remove("DEDUPE_CHECK_RERANKER_URL")
        .env_remove("DEDUPE_CHECK_RERANKER_TOKEN")
        // The model hub's settings, as huggingface_hub reads them: only what a test sets.
        .env_remove("HF_ENDPOINT")
        .env_remove("HF_TOKEN")
        .env_remove("HF_HUB_OFFLINE")
        .envs(env.iter().copied())
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CI")
        .env_remove("DEDUPE_CHECK_MODEL")
        .env_remove("ORT_DYLIB_PATH")
        .env_remove("GITHUB_TOKEN")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `(new path, new qualified name, existing path, existing qualified name)` of each finding.
pub fn pairs(json: &serde_json::Value) -> Vec<(String, String, String, String)> {
    json["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| {
            let s = |side: &str, key: &str| f[side][key].as_str().unwrap_or_default().to_string();
            (
                s("new", "path"),
                s("new", "qualified_name"),
                s("existing", "path"),
                s("existing", "qualified_name"),
            )
        })
        .collect()
}

/// The `notices` of a JSON report, as strings.
pub fn notices(json: &serde_json::Value) -> Vec<&str> {
    json["notices"]
        .as_array()
        .expect("notices is an array")
        .iter()
        .filter_map(|n| n.as_str())
        .collect()
}

/// 1-based line of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not found")) as u64
        + 1
}

/// An existing function, and a renamed copy of it: the smallest PR with a finding.
pub const LOAD_CONFIG: &str = "\
def load_config(path):
    with open(path) as fh:
        data = json.load(fh)
    if 'name' not in data:
        raise ValueError('missing name')
    return data
";

/// A renamed copy of [`LOAD_CONFIG`]: the same code under other local names.
pub const READ_SETTINGS: &str = "\
def read_settings(filename):
    with open(filename) as f:
        cfg = json.load(f)
    if 'name' not in cfg:
        raise ValueError('missing name')
    return cfg
";

/// The front-end tests' sample: an existing function, a renamed copy of it, and an
/// unrelated one.
pub const EXISTING: &str = r#"def slugify(title):
    """Turn a title into a URL slug."""
    words = []
    for word in title.lower().split():
        cleaned = "".join(ch for ch in word if ch.isalnum())
        if cleaned:
            words.append(cleaned)
    return "-".join(words)
"#;
pub const DUPLICATE: &str = r#"def make_slug(text):
    parts = []
    for token in text.lower().split():
        kept = "".join(c for c in token if c.isalnum())
        if kept:
            parts.append(kept)
    return "-".join(parts)
"#;
pub const UNRELATED: &str = r#"def merge_settings(defaults, overrides):
    merged = dict(defaults)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_settings(merged[key], value)
        else:
            merged[key] = value
    return merged
"#;

/// A test dependency that scripts/fetch-test-deps.sh installs, by its variable (the ONNX
/// Runtime library, the real tokenizer).
pub fn dep(var: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(p) if Path::new(&p).exists() => PathBuf::from(p),
        _ => panic!(
            "{var} is not set or missing: run `source <(scripts/fetch-test-deps.sh)` or use scripts/test"
        ),
    }
}

/// A model directory in a temp dir: the files of `fixtures/<fixture>` plus the real
/// tokenizer.
pub fn model_dir(fixture: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(fixture);
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        dep("DEDUPE_TEST_TOKENIZER"),
        dir.path().join("tokenizer.json"),
    )
    .unwrap();
    dir
}

/// A JSON config loader of ten lines: the original that `scan` and `history` tests copy.
pub const JSON_CONFIG_PY: &str = r#"import json


def read_json_config(path, defaults=None):
    result = dict(defaults or {})
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    for key, value in data.items():
        if value is not None:
            result[key] = value
    return result
"#;
