//! The pre-commit front end, driven by the real `pre-commit` (from
//! scripts/fetch-test-deps.sh, DEDUPE_TEST_PRE_COMMIT) through real `git commit`s
//! in a temp repository.
//!
//! The hook is declared `repo: local` with `language: system` and the built binary
//! as its entry, so the test needs no cargo build inside pre-commit (a `language:
//! rust` hook would `cargo install` the whole crate, minutes on a small machine).
//! The hook definition itself (.pre-commit-hooks.yaml) is checked with
//! `pre-commit validate-manifest`, and its entry/options are mirrored here.

mod common;

use common::{DUPLICATE, EXISTING, UNRELATED};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_dedupe-check");

const DUPLICATE_IGNORED: &str = r#"def make_slug(text):  # dedupe-check: ignore
    parts = []
    for token in text.lower().split():
        kept = "".join(c for c in token if c.isalnum())
        if kept:
            parts.append(kept)
    return "-".join(parts)
"#;

fn pre_commit() -> PathBuf {
    let path = std::env::var_os("DEDUPE_TEST_PRE_COMMIT").unwrap_or_else(|| {
        panic!(
            "DEDUPE_TEST_PRE_COMMIT is not set: run scripts/fetch-test-deps.sh \
             and `source .cache/test-deps/env.sh`"
        )
    });
    let path = PathBuf::from(path);
    assert!(
        path.is_file(),
        "DEDUPE_TEST_PRE_COMMIT={} does not exist: run scripts/fetch-test-deps.sh",
        path.display()
    );
    path
}

/// A temp repository with the hook installed, and a private pre-commit home.
struct Repo {
    tmp: TempDir,
    dir: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let tmp = TempDir::new().unwrap();
        let dir = tmp.path().join("repo");
        fs::create_dir(&dir).unwrap();
        let repo = Repo { tmp, dir };
        repo.git(&["init", "-q", "-b", "main"]).ok();
        let bin = BIN.replace('\'', "''");
        repo.write(
            ".pre-commit-config.yaml",
            &format!(
                "repos:\n\
                 \x20 - repo: local\n\
                 \x20   hooks:\n\
                 \x20     - id: dedupe-check\n\
                 \x20       name: dedupe-check\n\
                 \x20       entry: '{bin} staged'\n\
                 \x20       language: system\n\
                 \x20       pass_filenames: false\n\
                 \x20       types: [python]\n\
                 \x20       require_serial: true\n"
            ),
        );
        repo.write("pkg/__init__.py", "");
        repo.write("pkg/util.py", EXISTING);
        repo.git(&["add", "-A"]).ok();
        repo.git(&["commit", "-q", "--no-verify", "-m", "base"])
            .ok();
        repo.run(Command::new(pre_commit()).arg("install")).ok();
        repo
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Runs a command in the repository with an environment of its own: no user
    /// or system git config, a private pre-commit cache, nothing of the CI the
    /// tests may run in.
    fn run(&self, cmd: &mut Command) -> Run {
        self.run_in(&self.dir, cmd)
    }

    fn run_in(&self, dir: &Path, cmd: &mut Command) -> Run {
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().into_owned();
            if key.starts_with("GITHUB_")
                || key.starts_with("DEDUPE_CHECK")
                || key.starts_with("PRE_COMMIT")
                || key.starts_with("GIT_")
                || key == "ORT_DYLIB_PATH"
                || key == "SKIP"
            {
                cmd.env_remove(&key);
            }
        }
        let home = self.tmp.path().join("home");
        fs::create_dir_all(&home).unwrap();
        cmd.current_dir(dir)
            .env("HOME", &home)
            .env("PRE_COMMIT_HOME", self.tmp.path().join("pre-commit-home"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            // Never find a repository above the temp dir.
            .env("GIT_CEILING_DIRECTORIES", self.tmp.path())
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("NO_COLOR", "1");
        let what = format!("{cmd:?}");
        Run {
            what,
            output: cmd.output().expect("the command starts"),
        }
    }

    fn git(&self, args: &[&str]) -> Run {
        self.run(Command::new("git").args(args))
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).ok().stdout()
    }

    /// Stages `files` and runs `git commit`, which runs the hook.
    fn commit(&self, files: &[(&str, &str)], message: &str) -> Run {
        for (rel, text) in files {
            self.write(rel, text);
            self.git(&["add", rel]).ok();
        }
        self.git(&["commit", "-m", message])
    }
}

struct Run {
    what: String,
    output: Output,
}

impl Run {
    fn code(&self) -> i32 {
        self.output.status.code().expect("exited by a signal")
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout)
            .trim()
            .to_string()
    }
    fn all(&self) -> String {
        format!(
            "{}\n--- exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.what,
            self.output.status.code(),
            String::from_utf8_lossy(&self.output.stdout),
            String::from_utf8_lossy(&self.output.stderr)
        )
    }
    fn ok(self) -> Run {
        assert!(self.output.status.success(), "failed: {}", self.all());
        self
    }
}

#[test]
fn commit_adding_a_duplicate_is_blocked() {
    let repo = Repo::new();
    let before = repo.head();
    let res = repo.commit(&[("pkg/views.py", DUPLICATE)], "add make_slug");

    assert_eq!(res.code(), 1, "git commit must fail\n{}", res.all());
    assert_eq!(repo.head(), before, "nothing was committed");
    let all = res.all();
    // pre-commit's own report of the hook, then the hook's output.
    assert!(
        all.contains("dedupe-check") && all.contains("Failed"),
        "{all}"
    );
    assert!(all.contains("exit code: 1"), "{all}");
    // Readable: where the new function is, what it duplicates, where that lives.
    assert!(all.contains("pkg/views.py"), "{all}");
    assert!(all.contains("make_slug"), "{all}");
    assert!(all.contains("slugify"), "{all}");
    assert!(all.contains("pkg/util.py"), "{all}");
}

#[test]
fn unrelated_commit_passes() {
    let repo = Repo::new();
    let before = repo.head();
    let res = repo.commit(&[("pkg/settings.py", UNRELATED)], "add merge_settings");

    assert_eq!(res.code(), 0, "{}", res.all());
    assert_ne!(repo.head(), before);
    assert!(res.all().contains("Passed"), "{}", res.all());
}

#[test]
fn commit_without_python_skips_the_hook() {
    let repo = Repo::new();
    let res = repo.commit(&[("README.md", "# notes\n")], "docs");

    assert_eq!(res.code(), 0, "{}", res.all());
    assert!(
        res.all().contains("(no files to check)Skipped"),
        "{}",
        res.all()
    );
}

#[test]
fn ignore_comment_on_the_def_line_lets_the_commit_pass() {
    let repo = Repo::new();
    let before = repo.head();
    let res = repo.commit(
        &[("pkg/views.py", DUPLICATE_IGNORED)],
        "keep a deliberate copy",
    );

    assert_eq!(res.code(), 0, "{}", res.all());
    assert_ne!(repo.head(), before);
}

#[test]
fn the_hook_definition_is_a_valid_manifest() {
    let repo = Repo::new();
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    repo.run(
        Command::new(pre_commit())
            .arg("validate-manifest")
            .arg(&manifest),
    )
    .ok();
    let text = fs::read_to_string(&manifest).unwrap();
    for line in [
        "entry: dedupe-check staged",
        "language: rust",
        "pass_filenames: false",
        "require_serial: true",
    ] {
        assert!(
            text.contains(line),
            "{line:?} missing from .pre-commit-hooks.yaml"
        );
    }
}

#[test]
fn outside_a_git_repository_is_a_clear_error() {
    let repo = Repo::new();
    let outside = repo.tmp.path().join("not-a-repo");
    fs::create_dir_all(&outside).unwrap();

    // pre-commit itself refuses to run there...
    let res = repo.run_in(
        &outside,
        Command::new(pre_commit()).args(["run", "--all-files"]),
    );
    assert_ne!(res.code(), 0, "{}", res.all());
    assert!(res.all().contains("git"), "{}", res.all());

    // ...and so does the hook's entry, with exit 2 and a message that says why.
    let res = repo.run_in(&outside, Command::new(BIN).arg("staged"));
    assert_eq!(res.code(), 2, "{}", res.all());
    let stderr = String::from_utf8_lossy(&res.output.stderr);
    assert!(
        stderr.contains("not inside a git repository"),
        "{}",
        res.all()
    );
}
