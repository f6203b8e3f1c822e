//! The GitHub Action's check step, `scripts/action/run.sh`, run the way the runner
//! runs it: GITHUB_* variables, an event payload file, GITHUB_OUTPUT and
//! GITHUB_STEP_SUMMARY files, the built binary on PATH, and a real git repository
//! (made with the git CLI in a temp dir) whose feature branch adds a duplicate.
//!
//! Needs bash, git and python3 on PATH. The SARIF validation test also needs the
//! SARIF multitool from scripts/fetch-test-deps.sh (DEDUPE_TEST_SARIF_MULTITOOL).

mod common;

use common::{DUPLICATE, EXISTING, UNRELATED};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_dedupe-check");
const ZERO_SHA: &str = "0000000000000000000000000000000000000000";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_script() -> PathBuf {
    repo_root().join("scripts/action/run.sh")
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A repository with `slugify` on main and a `feature` branch that adds `added`
/// (checked out).
struct Repo {
    _tmp: TempDir,
    dir: PathBuf,
    base: String,
    head: String,
}

/// `git` in `dir`, its output trimmed.
fn git(dir: &Path, args: &[&str]) -> String {
    common::git_cli(dir, args).trim().to_string()
}

fn repo_with_feature(added: &str) -> Repo {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("repo");
    fs::create_dir(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    write(&dir, "pkg/__init__.py", "");
    write(&dir, "pkg/util.py", EXISTING);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "base"]);
    let base = git(&dir, &["rev-parse", "HEAD"]);
    git(&dir, &["checkout", "-q", "-b", "feature"]);
    write(&dir, "pkg/views.py", added);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "feature"]);
    let head = git(&dir, &["rev-parse", "HEAD"]);
    Repo {
        _tmp: tmp,
        dir,
        base,
        head,
    }
}

fn pull_request_event(repo: &Repo) -> Value {
    json!({
        "action": "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "base": {"sha": repo.base, "ref": "main"},
            "head": {"sha": repo.head, "ref": "feature"},
        },
        "repository": {"full_name": "octo/repo"},
    })
}

/// One simulated Actions step: the runner's files live in `runner`, apart from the
/// repository.
struct Step {
    runner: TempDir,
    event_name: String,
    event: Value,
    inputs: Vec<(String, String)>,
}

struct StepResult {
    /// Holds RUNNER_TEMP, where the SARIF goes when the sarif input is empty.
    _runner: TempDir,
    output: Output,
    outputs: BTreeMap<String, String>,
    summary: String,
}

impl StepResult {
    fn code(&self) -> i32 {
        self.output
            .status
            .code()
            .expect("run.sh exited by a signal")
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    fn all(&self) -> String {
        format!(
            "--- stdout\n{}\n--- stderr\n{}\n--- outputs\n{:?}",
            self.stdout(),
            String::from_utf8_lossy(&self.output.stderr),
            self.outputs
        )
    }
    fn findings(&self) -> Option<u64> {
        self.outputs.get("findings").and_then(|s| s.parse().ok())
    }
}

impl Step {
    fn new(event_name: &str, event: Value) -> Self {
        Step {
            runner: TempDir::new().unwrap(),
            event_name: event_name.to_string(),
            event,
            inputs: Vec::new(),
        }
    }

    /// An action input, as action.yml passes it: INPUT_<NAME> with - as _.
    fn input(mut self, name: &str, value: &str) -> Self {
        let var = format!("INPUT_{}", name.to_uppercase().replace('-', "_"));
        self.inputs.push((var, value.to_string()));
        self
    }

    /// A raw environment variable of the step.
    fn var(mut self, name: &str, value: &str) -> Self {
        self.inputs.push((name.to_string(), value.to_string()));
        self
    }

    fn run(self, workdir: &Path) -> StepResult {
        self.run_step(&run_script(), workdir)
    }

    /// Runs another step's script of the action the same way.
    fn run_step(self, script: &Path, workdir: &Path) -> StepResult {
        let r = self.runner.path();
        let event_path = r.join("event.json");
        fs::write(&event_path, serde_json::to_vec_pretty(&self.event).unwrap()).unwrap();
        let output_file = r.join("github_output");
        let summary_file = r.join("step_summary");
        fs::write(&output_file, "").unwrap();
        fs::write(&summary_file, "").unwrap();
        let runner_temp = r.join("temp");
        fs::create_dir_all(&runner_temp).unwrap();

        let bin_dir = Path::new(BIN).parent().unwrap();
        let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
        ))
        .unwrap();

        let mut cmd = Command::new("bash");
        cmd.arg(script).current_dir(workdir);
        // Nothing from the environment the tests run in may leak into the step.
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().into_owned();
            if key.starts_with("GITHUB_")
                || key.starts_with("INPUT_")
                || key.starts_with("RUNNER_")
                || key.starts_with("DEDUPE_CHECK")
                || key.starts_with("HF_")
                || key == "ORT_DYLIB_PATH"
                || key == "MODEL_SETUP_ERROR"
            {
                cmd.env_remove(&key);
            }
        }
        cmd.env("PATH", path)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_NAME", &self.event_name)
            .env("GITHUB_EVENT_PATH", &event_path)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", &summary_file)
            .env("GITHUB_WORKSPACE", workdir)
            .env("GITHUB_REPOSITORY", "octo/repo")
            // Nothing may reach GitHub from a test.
            .env("GITHUB_API_URL", "http://127.0.0.1:9")
            .env("RUNNER_TEMP", &runner_temp)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64");
        for (k, v) in &self.inputs {
            cmd.env(k, v);
        }
        let output = cmd.output().expect("bash runs");

        let outputs = fs::read_to_string(&output_file)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let summary = fs::read_to_string(&summary_file).unwrap();
        StepResult {
            _runner: self.runner,
            output,
            outputs,
            summary,
        }
    }
}

fn sarif_results(path: &str) -> Vec<Value> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("SARIF {path}: {e}"));
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["version"], "2.1.0", "{text}");
    log["runs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|run| run["results"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn pull_request_with_a_duplicate_fails_and_writes_outputs() {
    let repo = repo_with_feature(DUPLICATE);
    let res = Step::new("pull_request", pull_request_event(&repo))
        .input("sarif", "reports/dedupe-check.sarif")
        .input("review-comments", "false")
        .run(&repo.dir);

    assert_eq!(res.code(), 1, "{}", res.all());
    assert_eq!(res.findings(), Some(1), "{}", res.all());
    let sarif = res.outputs.get("sarif").expect("a sarif output");
    assert_eq!(
        Path::new(sarif),
        repo.dir
            .canonicalize()
            .unwrap()
            .join("reports/dedupe-check.sarif"),
        "the sarif output is the absolute path of the sarif input"
    );
    let results = sarif_results(sarif);
    assert_eq!(results.len(), 1, "{results:#?}");
    let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "pkg/views.py", "{results:#?}");

    // --format github: a workflow command annotation on the new function.
    let stdout = res.stdout();
    assert!(
        stdout.contains("file=pkg/views.py"),
        "no annotation for pkg/views.py\n{}",
        res.all()
    );
    assert!(stdout.contains("slugify"), "{}", res.all());
    assert!(
        !res.summary.trim().is_empty(),
        "empty job summary\n{}",
        res.all()
    );
}

#[test]
fn pull_request_without_a_duplicate_passes() {
    let repo = repo_with_feature(UNRELATED);
    let res = Step::new("pull_request", pull_request_event(&repo))
        .input("review-comments", "false")
        .run(&repo.dir);

    assert_eq!(res.code(), 0, "{}", res.all());
    assert_eq!(res.findings(), Some(0), "{}", res.all());
    // Without the sarif input the SARIF still goes somewhere, for the count.
    let sarif = res.outputs.get("sarif").expect("a sarif output");
    assert!(Path::new(sarif).is_file(), "{}", res.all());
    assert!(sarif_results(sarif).is_empty());
}

#[test]
fn fail_on_never_reports_but_passes() {
    let repo = repo_with_feature(DUPLICATE);
    let res = Step::new("pull_request", pull_request_event(&repo))
        .input("fail-on", "never")
        .input("review-comments", "false")
        .run(&repo.dir);

    assert_eq!(res.code(), 0, "{}", res.all());
    assert_eq!(res.findings(), Some(1), "{}", res.all());
}

#[test]
fn push_compares_before_and_after() {
    let repo = repo_with_feature(DUPLICATE);
    let event = json!({"ref": "refs/heads/feature", "before": repo.base, "after": repo.head});
    let res = Step::new("push", event).run(&repo.dir);

    assert_eq!(res.code(), 1, "{}", res.all());
    assert_eq!(res.findings(), Some(1), "{}", res.all());
}

#[test]
fn push_that_creates_a_branch_has_no_base_and_passes() {
    let repo = repo_with_feature(DUPLICATE);
    let event = json!({"ref": "refs/heads/feature", "before": ZERO_SHA, "after": repo.head, "created": true});
    let res = Step::new("push", event).run(&repo.dir);

    assert_eq!(res.code(), 0, "{}", res.all());
    let stdout = res.stdout();
    assert!(
        stdout.contains("::notice") && stdout.contains("no base commit"),
        "{}",
        res.all()
    );
    assert_eq!(res.findings(), Some(0), "{}", res.all());
    assert_eq!(res.outputs.get("sarif").map(String::as_str), Some(""));
    assert!(res.summary.contains("no base commit"), "{}", res.summary);
}

#[test]
fn unknown_event_without_base_is_an_error_naming_what_is_needed() {
    let repo = repo_with_feature(DUPLICATE);
    let res = Step::new("workflow_dispatch", json!({"inputs": {}})).run(&repo.dir);

    assert_eq!(res.code(), 2, "{}", res.all());
    let stdout = res.stdout();
    assert!(stdout.contains("::error"), "{}", res.all());
    assert!(stdout.contains("workflow_dispatch"), "{}", res.all());
    assert!(stdout.contains("base"), "{}", res.all());
}

#[test]
fn explicit_base_input_works_on_any_event() {
    let repo = repo_with_feature(DUPLICATE);
    let res = Step::new("workflow_dispatch", json!({"inputs": {}}))
        .input("base", "main")
        .run(&repo.dir);

    assert_eq!(res.code(), 1, "{}", res.all());
    assert_eq!(res.findings(), Some(1), "{}", res.all());
}

#[test]
fn shallow_checkout_without_the_base_commit_says_fetch_depth_0() {
    let repo = repo_with_feature(DUPLICATE);
    // What actions/checkout does by default: one commit of history.
    let parent = repo.dir.parent().unwrap();
    let url = format!("file://{}", repo.dir.display());
    git(
        parent,
        &[
            "clone", "-q", "--depth", "1", "--branch", "feature", &url, "shallow",
        ],
    );
    let shallow = parent.join("shallow");
    let res = Step::new("pull_request", pull_request_event(&repo)).run(&shallow);

    assert_eq!(res.code(), 2, "{}", res.all());
    let stdout = res.stdout();
    assert!(stdout.contains("::error"), "{}", res.all());
    assert!(stdout.contains("fetch-depth: 0"), "{}", res.all());
    assert!(
        stdout.contains(&repo.base),
        "names the missing commit\n{}",
        res.all()
    );
}

#[test]
fn review_comments_without_a_token_is_a_notice_and_the_check_still_runs() {
    let repo = repo_with_feature(DUPLICATE);
    let res = Step::new("pull_request", pull_request_event(&repo))
        .input("review-comments", "true")
        .input("github-token", "")
        .run(&repo.dir);

    let stdout = res.stdout();
    assert!(
        stdout.contains("::notice") && stdout.contains("github-token"),
        "{}",
        res.all()
    );
    assert!(!stdout.contains("--github-review"), "{}", res.all());
    assert_eq!(res.code(), 1, "{}", res.all());
    assert_eq!(res.findings(), Some(1), "{}", res.all());
}

#[test]
fn missing_model_falls_back_to_structural_with_a_notice() {
    let repo = repo_with_feature(DUPLICATE);
    let res = Step::new("pull_request", pull_request_event(&repo))
        .input("review-comments", "false")
        .input("model", "octo/no-such-model")
        .var(
            "MODEL_SETUP_ERROR",
            "downloading octo/no-such-model from the model hub failed",
        )
        .run(&repo.dir);

    let stdout = res.stdout();
    assert!(
        stdout.contains("::notice") && stdout.contains("structural"),
        "{}",
        res.all()
    );
    assert_eq!(res.code(), 1, "{}", res.all());
    assert_eq!(res.findings(), Some(1), "{}", res.all());
}

#[test]
fn missing_model_fails_when_required() {
    let repo = repo_with_feature(DUPLICATE);
    let res = Step::new("pull_request", pull_request_event(&repo))
        .input("model", "octo/no-such-model")
        .input("require-model", "true")
        .var(
            "MODEL_SETUP_ERROR",
            "downloading octo/no-such-model from the model hub failed",
        )
        .run(&repo.dir);

    assert_eq!(res.code(), 2, "{}", res.all());
    assert!(res.stdout().contains("::error"), "{}", res.all());
    assert!(res.stdout().contains("require-model"), "{}", res.all());
}

#[test]
fn reranker_url_runs_the_model_on_the_server_and_the_token_stays_in_the_environment() {
    let repo = repo_with_feature(DUPLICATE);
    let token = "tok-ACTION-LEAKCHECK-91c4";
    let dir = TempDir::new().unwrap();
    let config = dir.path().join("fast.yml");
    fs::write(&config, "model:\n  retries: 0\n  timeout: 0.5\n").unwrap();
    // Nothing listens on port 9: the server is down.
    let step = |require: &str| {
        Step::new("pull_request", pull_request_event(&repo))
            .input("review-comments", "false")
            .input("config", config.to_str().unwrap())
            .input("reranker-url", "http://127.0.0.1:9/v1")
            .input("require-model", require)
            .var("DEDUPE_CHECK_RERANKER_TOKEN", token)
            .run(&repo.dir)
    };
    let res = step("false");
    let all = res.all();
    assert!(
        all.contains("--reranker-url http://127.0.0.1:9/v1"),
        "{all}"
    );
    assert!(
        all.contains("cannot reach the model server at http://127.0.0.1:9/v1/rerank"),
        "{all}"
    );
    assert_eq!(res.code(), 1, "{all}");
    assert_eq!(res.findings(), Some(1), "{all}");
    // The only line with the token is the one that tells the runner to mask it.
    let lines: Vec<&str> = all.lines().filter(|l| l.contains(token)).collect();
    assert_eq!(lines, [format!("::add-mask::{token}")], "{all}");
    assert!(!res.summary.contains(token));

    let res = step("true");
    assert_eq!(res.code(), 2, "{}", res.all());
    assert!(res.all().contains("the model is required"), "{}", res.all());
}

#[test]
fn bad_inputs_are_errors() {
    let repo = repo_with_feature(DUPLICATE);
    for (name, value) in [
        ("device", "gpu"),
        ("fail-on", "always"),
        ("review-comments", "maybe"),
    ] {
        let res = Step::new("pull_request", pull_request_event(&repo))
            .input(name, value)
            .run(&repo.dir);
        assert_eq!(res.code(), 2, "{name}={value}\n{}", res.all());
        assert!(
            res.stdout().contains("::error") && res.stdout().contains(name),
            "{name}={value}\n{}",
            res.all()
        );
    }
}

/// The SARIF the action uploads passes the SARIF multitool with the GitHub
/// ingestion rules.
#[test]
fn sarif_passes_github_ingestion_rules() {
    let multitool = std::env::var("DEDUPE_TEST_SARIF_MULTITOOL").unwrap_or_else(|_| {
        panic!(
            "DEDUPE_TEST_SARIF_MULTITOOL is not set: run scripts/fetch-test-deps.sh \
             and `source .cache/test-deps/env.sh`"
        )
    });
    assert!(
        Path::new(&multitool).is_file(),
        "DEDUPE_TEST_SARIF_MULTITOOL={multitool} does not exist: run scripts/fetch-test-deps.sh"
    );
    let repo = repo_with_feature(DUPLICATE);
    let res = Step::new("pull_request", pull_request_event(&repo))
        .input("review-comments", "false")
        .input("sarif", "dedupe-check.sarif")
        .run(&repo.dir);
    assert_eq!(res.findings(), Some(1), "{}", res.all());

    let out = Command::new("bash")
        .arg(repo_root().join("scripts/validate-sarif.sh"))
        .arg(&res.outputs["sarif"])
        .env("DEDUPE_TEST_SARIF_MULTITOOL", &multitool)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "validate-sarif.sh failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Sets a file's mtime `days` ago: when the cache last used it.
fn used_days_ago(path: &Path, days: u64) {
    let t = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 24 * 3600);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

fn tree_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        total += if p.is_dir() {
            tree_bytes(&p)
        } else {
            p.metadata().unwrap().len()
        };
    }
    total
}

#[test]
fn the_cache_is_pruned_before_it_is_saved_and_its_key_does_not_pile_up() {
    let repo = repo_with_feature(DUPLICATE);
    write(&repo.dir, ".dedupe-check.yml", "cache_max_mb: 1\n");
    git(&repo.dir, &["add", "-A"]);
    git(&repo.dir, &["commit", "-q", "-m", "cache limit"]);
    let cache = TempDir::new().unwrap();
    let cache_dir = cache.path().to_str().unwrap();
    let prune = repo_root().join("scripts/action/prune-cache.sh");
    let mut sizes = Vec::new();
    for run in 0..3 {
        // What earlier runs left: an older version's cache unused for 40 days, and 2 MiB of
        // entries used yesterday (more than the 1 MiB cap).
        let old = cache.path().join("functions-v1/python/aa/old");
        write(cache.path(), "functions-v1/python/aa/old", "x");
        used_days_ago(&old, 40);
        let big = cache.path().join(format!("scores-v2/ff/big{run}"));
        fs::create_dir_all(big.parent().unwrap()).unwrap();
        fs::write(&big, vec![0u8; 2 << 20]).unwrap();
        used_days_ago(&big, 1);

        let res = Step::new("pull_request", pull_request_event(&repo))
            .input("review-comments", "false")
            .var("DEDUPE_CHECK_CACHE_DIR", cache_dir)
            .run(&repo.dir);
        assert_eq!(res.code(), 1, "{}", res.all());
        let res = Step::new("pull_request", pull_request_event(&repo))
            .var("DEDUPE_CHECK_CACHE_DIR", cache_dir)
            .run_step(&prune, &repo.dir);
        assert_eq!(res.code(), 0, "{}", res.all());
        assert!(res.stdout().contains("removed"), "{}", res.all());
        assert!(!old.exists() && !big.exists(), "{}", res.all());
        // This run's entries stay: the next run starts warm.
        let functions = cache.path().join("functions-v14");
        assert!(functions.is_dir() && tree_bytes(&functions) > 0);
        sizes.push(tree_bytes(cache.path()));
    }
    assert!(sizes.iter().all(|&s| s <= 1 << 20), "{sizes:?}");
    assert_eq!(
        sizes[0], sizes[2],
        "the same run leaves the same cache: {sizes:?}"
    );

    // action.yml restores and saves one key a day, after the prune step.
    let action: Value =
        serde_yaml_ng::from_str(&fs::read_to_string(repo_root().join("action.yml")).unwrap())
            .unwrap();
    let steps = action["runs"]["steps"].as_array().unwrap();
    let pos = |name: &str| {
        steps
            .iter()
            .position(|s| s["name"].as_str().unwrap_or("").starts_with(name))
            .unwrap_or_else(|| panic!("no step {name}"))
    };
    let (restore, check, prune_step, save) = (
        pos("Restore the function and score caches"),
        pos("Check for duplicate functions"),
        pos("Prune the function and score caches"),
        pos("Save the function and score caches"),
    );
    assert!(restore < check && check < prune_step && prune_step < save);
    let key = |i: usize| steps[i]["with"]["key"].as_str().unwrap().to_string();
    assert_eq!(key(restore), key(save));
    assert!(
        key(save).ends_with("${{ steps.prepare.outputs.cache-day }}"),
        "{}",
        key(save)
    );
    assert!(
        steps[save]["if"]
            .as_str()
            .unwrap()
            .contains("cache-hit != 'true'")
    );
}

#[test]
fn a_hub_model_is_pulled_by_dedupe_check_into_a_cache_entry_of_its_own() {
    let repo = repo_with_feature(DUPLICATE);
    let prepare = repo_root().join("scripts/action/prepare.sh");
    let res = Step::new("pull_request", pull_request_event(&repo))
        .input("model", "qwen3-reranker")
        .input("device", "cpu")
        .var("GITHUB_ACTION_PATH", repo_root().to_str().unwrap())
        .run_step(&prepare, &repo.dir);
    assert_eq!(res.code(), 0, "{}", res.all());
    let dir = &res.outputs["model-cache-dir"];
    assert!(
        dir.ends_with("/temp/dedupe-check-cache/hub"),
        "{}",
        res.all()
    );
    assert_eq!(
        res.outputs["model-cache-key"],
        "dedupe-check-hub-v1-Linux-qwen3-reranker-cpu"
    );

    // Offline with nothing cached: the binary says so, and the structural engine decides
    // unless the model is required.
    let cache = TempDir::new().unwrap();
    let step = |require: &str| {
        Step::new("pull_request", pull_request_event(&repo))
            .var("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())
            .input("review-comments", "false")
            .input("model", "hub:octo/model@v1")
            .input("require-model", require)
            .var("HF_HUB_OFFLINE", "1")
            .var("HF_TOKEN", "hf_ACTION-LEAKCHECK")
            .run(&repo.dir)
    };
    let res = step("false");
    let all = res.all();
    assert!(all.contains("--model hub:octo/model@v1"), "{all}");
    assert!(
        all.contains("HF_HUB_OFFLINE is set and octo/model@v1 is not in the cache"),
        "{all}"
    );
    assert_eq!(res.code(), 1, "{all}");
    let lines: Vec<&str> = all.lines().filter(|l| l.contains("LEAKCHECK")).collect();
    assert_eq!(lines, ["::add-mask::hf_ACTION-LEAKCHECK"], "{all}");
    let res = step("true");
    assert_eq!(res.code(), 2, "{}", res.all());
    assert!(res.all().contains("the model is required"), "{}", res.all());
}
