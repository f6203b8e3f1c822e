//! Installing without a Rust toolchain, each path driven by the real tool and resolved
//! offline from local directories:
//!
//! - the wheel (pyproject.toml), built by maturin from this test build and installed by
//!   pip into a fresh venv;
//! - the pre-commit hook repository (pre-commit-mirror/), installed by the real
//!   `pre-commit` from that wheel with no `cargo` on PATH;
//! - the Action's install step (scripts/action/install.sh), downloading the release
//!   binary that scripts/release-asset.py makes out of that wheel from a local HTTP
//!   server standing in for the GitHub release, and falling back to a build (a stub
//!   `cargo` that records its arguments) when it cannot.
//!
//! Needs python3, git, curl and tar on PATH, and from scripts/fetch-test-deps.sh:
//! maturin (DEDUPE_TEST_MATURIN), pre-commit (DEDUPE_TEST_PRE_COMMIT) and the wheels of
//! onnxruntime and setuptools (DEDUPE_TEST_WHEELS).

mod common;

use common::{DUPLICATE, EXISTING, TestRepo, UNRELATED, dep};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex, OnceLock};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_dedupe-check");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `cmd`, panicking with everything it printed unless it succeeds.
fn ok(cmd: &mut Command) -> Output {
    let what = format!("{cmd:?}");
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(out.status.success(), "{what} failed\n{}", show(&out));
    out
}

fn show(out: &Output) -> String {
    format!(
        "--- exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A command with nothing of the environment the tests run in that would change what
/// pip, pre-commit or git do (pip's own settings among them).
fn clean(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new(program);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("PIP_")
            || key.starts_with("PYTHON")
            || key.starts_with("VIRTUAL_ENV")
            || key.starts_with("PRE_COMMIT")
            || key.starts_with("GIT_")
            || key.starts_with("GITHUB_")
            || key.starts_with("RUNNER_")
            || key.starts_with("INPUT_")
            || key.starts_with("DEDUPE_CHECK")
            || key.starts_with("CARGO")
            || key.starts_with("RUSTUP")
            || key == "ORT_DYLIB_PATH"
            || key == "SKIP"
        {
            cmd.env_remove(&key);
        }
    }
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("NO_COLOR", "1");
    cmd
}

/// PATH without any folder that holds `cargo`: what a machine without Rust has.
fn path_without_cargo() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("cargo").exists())
        .collect();
    let joined = std::env::join_paths(&kept).unwrap();
    for tool in ["git", "python3"] {
        assert!(
            kept.iter().any(|dir| dir.join(tool).exists()),
            "{tool} is only on PATH next to cargo; this test needs it elsewhere"
        );
    }
    joined
}

/// The wheel, built once per test process by maturin from the test build: the dev
/// profile and the target dir this binary was built in, so cargo has nothing to
/// compile and maturin only packs the executable. Returns the folder holding it.
fn wheel_dir() -> &'static Path {
    static WHEELS: OnceLock<TempDir> = OnceLock::new();
    WHEELS
        .get_or_init(|| {
            let out = TempDir::new().unwrap();
            let target_dir = Path::new(BIN).parent().unwrap().parent().unwrap();
            let manifest = repo_root().join("Cargo.toml");
            let started = std::time::Instant::now();
            let built = ok(Command::new(dep("DEDUPE_TEST_MATURIN"))
                .args(["build", "--profile", "dev", "--locked", "--manifest-path"])
                .arg(&manifest)
                .arg("--out")
                .arg(out.path())
                .env("CARGO_TARGET_DIR", target_dir));
            eprintln!(
                "maturin build: {:.1} s\n{}",
                started.elapsed().as_secs_f64(),
                String::from_utf8_lossy(&built.stderr)
            );
            out
        })
        .path()
}

/// The one wheel in the wheel folder.
fn wheel() -> PathBuf {
    let wheels: Vec<PathBuf> = fs::read_dir(wheel_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheels.len(), 1, "{wheels:?}");
    wheels.into_iter().next().unwrap()
}

/// `slugify` on main, and a `feature` branch (checked out) that adds `added`.
fn feature_repo(added: &str) -> TestRepo {
    let repo = TestRepo::with_base(&[("pkg/__init__.py", ""), ("pkg/util.py", EXISTING)]);
    repo.branch("feature");
    repo.write("pkg/views.py", added).commit("feature");
    repo
}

#[test]
fn the_wheel_installs_with_pip_and_checks_a_pull_request() {
    let wheel = wheel();
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with(&format!("dedupe_check-{VERSION}-py3-none-")),
        "{name}"
    );

    let tmp = TempDir::new().unwrap();
    let venv = tmp.path().join("venv");
    ok(clean("python3").arg("-m").arg("venv").arg(&venv));
    // What a user runs, offline: the wheel and, for the extra, onnxruntime and its
    // dependencies from local folders.
    ok(clean(venv.join("bin/pip"))
        .args(["install", "--quiet", "--no-index", "--find-links"])
        .arg(wheel_dir())
        .arg("--find-links")
        .arg(dep("DEDUPE_TEST_WHEELS"))
        .arg("dedupe-check[model]"));
    let exe = venv.join("bin/dedupe-check");
    assert!(exe.is_file(), "pip installed no {}", exe.display());

    let repo = feature_repo(DUPLICATE);
    let cache = TempDir::new().unwrap();
    let run = |args: &[&str], path: &std::ffi::OsStr| {
        clean(&exe)
            .args(args)
            .current_dir(repo.path())
            .env("PATH", path)
            .env("DEDUPE_CHECK_CACHE_DIR", cache.path())
            .output()
            .unwrap()
    };
    let out = run(
        &["pr", "--base", "main"],
        &std::env::var_os("PATH").unwrap(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        stdout.contains("pkg/views.py:1:1: error: duplicate-function: `make_slug` duplicates existing function `slugify` at pkg/util.py:1-8"),
        "{}",
        show(&out)
    );

    // dedupe-check[model]: the reranker loads the onnxruntime that pip put into this
    // venv, with no flag, and with no python3 on PATH to ask where one is.
    let model = common::model_dir("tiny-qwen3/logit-diff");
    let empty = TempDir::new().unwrap();
    let out = run(
        &[
            "pr",
            "--base",
            "main",
            "--format",
            "json",
            "--require-model",
            "--model",
            model.path().to_str().unwrap(),
            "--threshold",
            "0",
        ],
        empty.path().as_os_str(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["engine"], "reranker", "{}", show(&out));
    assert_eq!(json["findings"][0]["new"]["name"], "make_slug");
}

/// Runs in a repository with a private HOME and pre-commit home, no cargo on PATH,
/// and pip resolving only from the local wheel folders.
fn hook_env(cmd: &mut Command, tmp: &Path, dir: &Path) -> Output {
    // pip splits a list option from the environment on whitespace.
    let links = format!(
        "{} {}",
        wheel_dir().display(),
        dep("DEDUPE_TEST_WHEELS").display()
    );
    fs::create_dir_all(tmp.join("home")).unwrap();
    cmd.current_dir(dir)
        .env("PATH", path_without_cargo())
        .env("HOME", tmp.join("home"))
        .env("PRE_COMMIT_HOME", tmp.join("pre-commit-home"))
        .env("GIT_CEILING_DIRECTORIES", tmp)
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", links)
        .output()
        .unwrap()
}

#[test]
fn the_pre_commit_hook_repository_pins_this_version() {
    let text = fs::read_to_string(repo_root().join("pre-commit-mirror/pyproject.toml")).unwrap();
    assert!(
        text.contains(&format!("\"dedupe-check=={VERSION}\"")),
        "pre-commit-mirror/pyproject.toml must pin dedupe-check=={VERSION}:\n{text}"
    );
    assert!(text.contains(&format!("version = \"{VERSION}\"")), "{text}");
}

#[test]
fn the_pre_commit_hook_installs_from_the_wheel_without_cargo() {
    let pre_commit = dep("DEDUPE_TEST_PRE_COMMIT");
    let tmp = TempDir::new().unwrap();
    let tmp = tmp.path();

    // The hook repository as it is published: pre-commit-mirror/, tagged v<version>.
    let hooks = tmp.join("dedupe-check-pre-commit");
    fs::create_dir(&hooks).unwrap();
    for file in [".pre-commit-hooks.yaml", "pyproject.toml", "README.md"] {
        fs::copy(
            repo_root().join("pre-commit-mirror").join(file),
            hooks.join(file),
        )
        .unwrap();
    }
    let git = |dir: &Path, args: &[&str]| {
        let out = hook_env(clean("git").args(args), tmp, dir);
        assert!(out.status.success(), "git {args:?}\n{}", show(&out));
    };
    git(&hooks, &["init", "-q", "-b", "main"]);
    git(&hooks, &["add", "-A"]);
    git(&hooks, &["commit", "-q", "-m", "hook"]);
    git(&hooks, &["tag", &format!("v{VERSION}")]);

    // A project that uses it, with the config the README gives (the URL aside).
    let project = tmp.join("project");
    fs::create_dir(&project).unwrap();
    let write = |rel: &str, text: &str| {
        let path = project.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: v{VERSION}\n    hooks:\n      - id: dedupe-check\n",
            hooks.display()
        ),
    );
    write("pkg/__init__.py", "");
    write("pkg/util.py", EXISTING);
    git(&project, &["init", "-q", "-b", "main"]);
    git(&project, &["add", "-A"]);
    git(&project, &["commit", "-q", "-m", "base"]);
    let out = hook_env(clean(&pre_commit).arg("install"), tmp, &project);
    assert!(out.status.success(), "{}", show(&out));

    let commit = |rel: &str, text: &str| {
        write(rel, text);
        git(&project, &["add", rel]);
        hook_env(clean("git").args(["commit", "-m", rel]), tmp, &project)
    };
    let head = || {
        let out = hook_env(clean("git").args(["rev-parse", "HEAD"]), tmp, &project);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };

    // The first commit installs the hook's environment: pip, the hook package, the wheel.
    let before = head();
    let out = commit("pkg/settings.py", UNRELATED);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_ne!(head(), before, "the unrelated commit was made");
    assert!(show(&out).contains("Passed"), "{}", show(&out));

    let before = head();
    let out = commit("pkg/views.py", DUPLICATE);
    let all = show(&out);
    assert_eq!(out.status.code(), Some(1), "the commit is blocked\n{all}");
    assert_eq!(head(), before, "nothing was committed");
    assert!(
        all.contains("Failed") && all.contains("exit code: 1"),
        "{all}"
    );
    assert!(
        all.contains("`make_slug` duplicates existing function `slugify` at pkg/util.py"),
        "{all}"
    );

    // What ran is the wheel's executable, in pre-commit's environment for the hook.
    let installed: Vec<PathBuf> = fs::read_dir(tmp.join("pre-commit-home"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .flat_map(|repo| fs::read_dir(repo).unwrap().map(|e| e.unwrap().path()))
        .map(|env| env.join("bin/dedupe-check"))
        .filter(|exe| exe.is_file())
        .collect();
    assert_eq!(installed.len(), 1, "{installed:?}");
}

// --- the Action's install step -------------------------------------------------------

/// A stand-in for the GitHub release downloads: serves `files` by URL path, 404 for
/// anything else, and records every path asked for.
struct ReleaseServer {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
    server: Arc<tiny_http::Server>,
}

impl ReleaseServer {
    fn start(files: BTreeMap<String, Vec<u8>>) -> ReleaseServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (srv, log) = (server.clone(), seen.clone());
        std::thread::spawn(move || {
            while let Ok(request) = srv.recv() {
                let path = request.url().to_string();
                log.lock().unwrap().push(path.clone());
                let response = match files.get(&path) {
                    Some(body) => tiny_http::Response::from_data(body.clone()),
                    None => {
                        tiny_http::Response::from_data(b"Not Found".to_vec()).with_status_code(404)
                    }
                };
                let _ = request.respond(response);
            }
        });
        ReleaseServer { url, seen, server }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for ReleaseServer {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// The runner's OS and architecture names for this machine, and the release target.
fn runner() -> (&'static str, &'static str, String) {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "X64",
        "aarch64" => "ARM64",
        other => panic!("no release target for {other}"),
    };
    let target = format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    ("Linux", arch, target)
}

/// The release asset of this machine and its .sha256 file, as the release workflow
/// makes them (scripts/release-asset.py out of the wheel), once per test process:
/// (file name, bytes) each.
fn release_asset() -> [(String, Vec<u8>); 2] {
    static ASSET: OnceLock<[(String, Vec<u8>); 2]> = OnceLock::new();
    ASSET
        .get_or_init(|| {
            let (_, _, target) = runner();
            let out = TempDir::new().unwrap();
            ok(clean("python3")
                .arg(repo_root().join("scripts/release-asset.py"))
                .arg(wheel())
                .arg(&target)
                .arg(out.path()));
            let name = format!("dedupe-check-{target}.tar.gz");
            let sha = format!("{name}.sha256");
            [
                (name.clone(), fs::read(out.path().join(&name)).unwrap()),
                (sha.clone(), fs::read(out.path().join(&sha)).unwrap()),
            ]
        })
        .clone()
}

struct Install {
    _tmp: TempDir,
    output: Output,
    bin_root: PathBuf,
    github_path: String,
    cargo_log: Option<String>,
}

impl Install {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    fn all(&self) -> String {
        format!("{}\n--- cargo\n{:?}", show(&self.output), self.cargo_log)
    }
    /// Runs the installed `dedupe-check`.
    fn installed(&self, args: &[&str]) -> Output {
        clean(self.bin_root.join("bin/dedupe-check"))
            .args(args)
            .output()
            .unwrap()
    }
}

/// Runs scripts/action/install.sh as action.yml does, with the action checked out at
/// `action_ref`, the release downloads at `release_url`, and a stub `cargo` on PATH
/// (none else) that records how it was called and installs a script that says it was
/// built from source.
fn install_step(action_ref: &str, release_url: &str) -> Install {
    install_step_at(&repo_root(), action_ref, release_url)
}

/// `install_step` with the action checked out at `action_path`.
fn install_step_at(action_path: &Path, action_ref: &str, release_url: &str) -> Install {
    let tmp = TempDir::new().unwrap();
    let t = tmp.path();
    let stubs = t.join("stubs");
    fs::create_dir(&stubs).unwrap();
    let cargo_log = t.join("cargo.log");
    let stub = stubs.join("cargo");
    fs::write(
        &stub,
        "#!/usr/bin/env bash\n\
         printf '%s\\n' \"$*\" >>\"$CARGO_STUB_LOG\"\n\
         while [[ $# -gt 0 && $1 != --root ]]; do shift; done\n\
         mkdir -p \"$2/bin\"\n\
         printf '#!/bin/sh\\necho dedupe-check built from source\\n' >\"$2/bin/dedupe-check\"\n\
         chmod +x \"$2/bin/dedupe-check\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&stub, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = std::env::join_paths(
        std::iter::once(stubs.clone()).chain(std::env::split_paths(&path_without_cargo())),
    )
    .unwrap();
    let (os, arch, _) = runner();
    let bin_root = t.join("cache/bin-0123");
    let github_path = t.join("github_path");
    fs::write(&github_path, "").unwrap();
    let runner_temp = t.join("runner-temp");
    fs::create_dir(&runner_temp).unwrap();
    let output = clean("bash")
        .arg(repo_root().join("scripts/action/install.sh"))
        .current_dir(t)
        .env("PATH", path)
        .env("CARGO_STUB_LOG", &cargo_log)
        .env("BIN_ROOT", &bin_root)
        .env("GITHUB_ACTION_PATH", action_path)
        .env("GITHUB_PATH", &github_path)
        .env("GITHUB_ACTIONS", "true")
        .env("ACTION_REF", action_ref)
        .env("ACTION_REPOSITORY", "dedupe-check/dedupe-check")
        .env("INPUT_RELEASE_URL", release_url)
        .env("RUNNER_OS", os)
        .env("RUNNER_ARCH", arch)
        .env("RUNNER_TEMP", &runner_temp)
        .output()
        .unwrap();
    Install {
        output,
        bin_root,
        github_path: fs::read_to_string(&github_path).unwrap(),
        cargo_log: fs::read_to_string(&cargo_log).ok(),
        _tmp: tmp,
    }
}

fn release_files(tamper: bool) -> BTreeMap<String, Vec<u8>> {
    let [(name, bytes), (sha, mut sum)] = release_asset();
    if tamper {
        // Another binary's checksum: the first hex digit changed.
        sum[0] = if sum[0] == b'0' { b'1' } else { b'0' };
    }
    let dir = format!("/releases/download/v{VERSION}");
    BTreeMap::from([
        (format!("{dir}/{name}"), bytes),
        (format!("{dir}/{sha}"), sum),
    ])
}

#[test]
fn at_a_release_tag_the_action_installs_the_release_binary() {
    let server = ReleaseServer::start(release_files(false));
    let res = install_step(
        &format!("v{VERSION}"),
        &format!("{}/releases/download", server.url),
    );
    assert!(res.output.status.success(), "{}", res.all());
    assert_eq!(res.cargo_log, None, "nothing was built\n{}", res.all());
    let (_, _, target) = runner();
    let asset = format!("/releases/download/v{VERSION}/dedupe-check-{target}.tar.gz");
    assert_eq!(
        server.seen(),
        [asset.clone(), format!("{asset}.sha256")],
        "{}",
        res.all()
    );
    assert!(
        res.stdout()
            .contains(&format!("installed the release binary v{VERSION}")),
        "{}",
        res.all()
    );
    // The downloaded binary is on PATH for the next steps, and it runs.
    assert_eq!(
        res.github_path.trim(),
        res.bin_root.join("bin").to_str().unwrap()
    );
    let out = res.installed(&["--version"]);
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("dedupe-check {VERSION}")
    );
    let repo = feature_repo(DUPLICATE);
    let out = clean(res.bin_root.join("bin/dedupe-check"))
        .args(["pr", "--base", "main", "--no-cache"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));

    // A floating major tag at the release commit gets the same release, and so does a
    // checkout the runner made (<runner>/_actions/<owner>/<repo>/<ref>) whatever the
    // github.action_ref of the step says.
    let major = format!("v{}", VERSION.split('.').next().unwrap());
    let runner_dir = TempDir::new().unwrap();
    let checkout = runner_dir
        .path()
        .join("_actions/dedupe-check/dedupe-check")
        .join(&major);
    fs::create_dir_all(checkout.parent().unwrap()).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(repo_root(), &checkout).unwrap();
    for (path, action_ref) in [(repo_root(), major.as_str()), (checkout.clone(), "")] {
        let server = ReleaseServer::start(release_files(false));
        let res = install_step_at(
            &path,
            action_ref,
            &format!("{}/releases/download", server.url),
        );
        assert!(res.output.status.success(), "{}", res.all());
        assert_eq!(res.cargo_log, None, "{}", res.all());
        assert_eq!(server.seen().len(), 2, "{}", res.all());
    }
}

#[test]
fn a_checksum_mismatch_is_an_error_and_the_action_builds_from_source() {
    let server = ReleaseServer::start(release_files(true));
    let res = install_step(
        &format!("v{VERSION}"),
        &format!("{}/releases/download", server.url),
    );
    assert!(res.output.status.success(), "{}", res.all());
    let stdout = res.stdout();
    assert!(
        stdout.contains("::error title=dedupe-check::checksum mismatch for"),
        "{}",
        res.all()
    );
    assert!(
        stdout.contains("building dedupe-check from source"),
        "{}",
        res.all()
    );
    assert_built_from_source(&res);
}

#[test]
fn without_a_release_download_the_action_builds_from_source() {
    // 404: no such release (or no binary for this runner).
    let server = ReleaseServer::start(BTreeMap::new());
    let res = install_step(
        &format!("v{VERSION}"),
        &format!("{}/releases/download", server.url),
    );
    assert!(res.output.status.success(), "{}", res.all());
    assert!(
        res.stdout()
            .contains("::notice title=dedupe-check::could not download the release binary"),
        "{}",
        res.all()
    );
    assert_eq!(server.seen().len(), 1, "{}", res.all());
    assert_built_from_source(&res);

    // A branch, or a tag of another version: no download is tried.
    for action_ref in ["main", "v0.0.1-no-such-version"] {
        let server = ReleaseServer::start(release_files(false));
        let res = install_step(action_ref, &format!("{}/releases/download", server.url));
        assert!(res.output.status.success(), "{}", res.all());
        assert_eq!(server.seen(), Vec::<String>::new(), "{}", res.all());
        assert!(res.stdout().contains("no release tag"), "{}", res.all());
        assert_built_from_source(&res);
    }
}

fn assert_built_from_source(res: &Install) {
    let root = repo_root();
    assert_eq!(
        res.cargo_log.as_deref(),
        Some(
            format!(
                "install --locked --path {} --root {} --bin dedupe-check\n",
                root.display(),
                res.bin_root.display()
            )
            .as_str()
        ),
        "{}",
        res.all()
    );
    let out = res.installed(&[]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "dedupe-check built from source",
        "{}",
        res.all()
    );
}

/// The targets the Action downloads are the ones the release workflow builds.
#[test]
fn the_release_workflow_builds_every_target_the_action_downloads() {
    let install = fs::read_to_string(repo_root().join("scripts/action/install.sh")).unwrap();
    let release = fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    let targets = [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ];
    for target in targets {
        assert!(install.contains(&format!("echo {target}")), "{target}");
        assert!(
            release.contains(&format!("target: {target},")),
            "{target} is not built by release.yml"
        );
    }
}
