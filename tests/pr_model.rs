//! `pr` with the reranker: the model decides when it loads, and when it cannot be loaded
//! the structural engine decides and every output says so.

mod common;

use common::{LOAD_CONFIG, READ_SETTINGS, TestRepo, dep, run_in};
use std::path::Path;

fn feature_repo() -> TestRepo {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.branch("feature").checkout("feature");
    repo.write("pkg/new.py", READ_SETTINGS)
        .stage_all()
        .commit("add a copy");
    repo
}

#[test]
fn the_reranker_decides_when_the_model_loads() {
    let repo = feature_repo();
    let model = common::model_dir("tiny-qwen3/logit-diff");
    let ort = dep("DEDUPE_TEST_ORT_LIB");
    let cache = tempfile::tempdir().unwrap();
    let (m, o) = (model.path().to_str().unwrap(), ort.to_str().unwrap());
    // The tiny random model scores near 0.2: threshold 0 makes every top pair a finding.
    let args = [
        "pr",
        "--base",
        "main",
        "--format",
        "json",
        "--model",
        m,
        "--ort-lib",
        o,
        "--threshold",
        "0",
    ];
    let out = common::run_in_env(
        repo.path(),
        &args,
        &[("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())],
    );
    let json = out.code(1).json();
    assert_eq!(json["engine"], "reranker");
    let f = &json["findings"][0];
    assert_eq!(f["engine"], "reranker");
    assert_eq!(f["new"]["name"], "read_settings");
    assert_eq!(f["existing"]["name"], "load_config");
    let (score, logit) = (f["score"].as_f64().unwrap(), f["logit"].as_f64().unwrap());
    assert!((score - 1.0 / (1.0 + (-logit).exp())).abs() < 1e-6, "{f}");

    // The default reranker threshold (0.5) is above what the random model gives: no finding,
    // even though the structural engine would report this pair.
    let args = [
        "pr",
        "--base",
        "main",
        "--format",
        "json",
        "--model",
        m,
        "--ort-lib",
        o,
    ];
    let json = common::run_in_env(
        repo.path(),
        &args,
        &[("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())],
    )
    .code(0)
    .json();
    assert_eq!(json["engine"], "reranker");
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn a_missing_model_falls_back_to_the_structural_engine_and_says_so() {
    let repo = feature_repo();
    let out = run_in(
        repo.path(),
        &[
            "pr",
            "--base",
            "main",
            "--format",
            "json",
            "--model",
            "/nonexistent/model",
        ],
    );
    let json = out.code(1).json();
    assert_eq!(json["engine"], "structural");
    assert_eq!(json["findings"][0]["existing"]["name"], "load_config");
    let notices = json["notices"].to_string();
    assert!(
        notices.contains("reranker unavailable, the structural engine decides")
            && notices.contains("/nonexistent/model"),
        "{notices}"
    );

    // Text output says it on stderr; SARIF carries it as a tool notification.
    let out = run_in(
        repo.path(),
        &["pr", "--base", "main", "--model", "/nonexistent/model"],
    );
    assert!(
        out.code(1).stderr.contains("note: reranker unavailable"),
        "{}",
        out.stderr
    );
    let out = run_in(
        repo.path(),
        &[
            "pr",
            "--base",
            "main",
            "--format",
            "sarif",
            "--model",
            "/nonexistent/model",
        ],
    );
    assert!(
        out.code(1).stdout.contains("reranker unavailable"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_required_model_that_cannot_load_is_an_error() {
    let repo = feature_repo();
    let out = run_in(
        repo.path(),
        &[
            "pr",
            "--base",
            "main",
            "--model",
            "/nonexistent/model",
            "--require-model",
        ],
    );
    out.code(2);
    assert!(
        out.stderr.contains("the model is required") && out.stderr.contains("/nonexistent/model"),
        "{}",
        out.stderr
    );
}

#[test]
fn asking_for_cuda_with_the_cpu_runtime_names_the_gpu_package() {
    let model = common::model_dir("tiny-qwen3/logit-diff");
    let q = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pairs/01-query.py");
    let (m, o, q) = (
        model.path().to_str().unwrap(),
        dep("DEDUPE_TEST_ORT_LIB"),
        q.to_str().unwrap().to_string(),
    );
    let args = [
        "rerank",
        "--no-cache",
        "--device",
        "cuda",
        "--model",
        m,
        "--ort-lib",
        o.to_str().unwrap(),
        "--query",
        &q,
        &q,
    ];
    let out = run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
    out.code(2);
    assert!(
        out.stderr
            .contains("CUDA execution provider is not available")
            && out.stderr.contains("onnxruntime-gpu"),
        "{}",
        out.stderr
    );
}

#[test]
fn nothing_to_check_never_loads_the_model() {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.branch("feature");
    repo.write("README.md", "docs only\n")
        .stage_all()
        .commit("docs");
    // A model that cannot load would say so; with no Python change it is not even opened.
    let out = run_in(
        repo.path(),
        &[
            "pr",
            "--base",
            "main",
            "--model",
            "/nonexistent/model",
            "--require-model",
        ],
    );
    out.code(0);
    assert!(out.stdout.contains("nothing to check"), "{}", out.stdout);
    assert!(!out.stderr.contains("reranker"), "{}", out.stderr);
}

#[test]
fn a_near_identical_copy_is_decided_by_the_cascade_without_the_model() {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.branch("feature").checkout("feature");
    // Only the name differs: the structural score is above model.accept.
    repo.write(
        "pkg/new.py",
        LOAD_CONFIG.replace("def load_config", "def load_settings"),
    )
    .stage_all()
    .commit("add a copy");
    let model = common::model_dir("tiny-qwen3/prefix-cache");
    let ort = dep("DEDUPE_TEST_ORT_LIB");
    let cache = tempfile::tempdir().unwrap();
    let args = [
        "pr",
        "--base",
        "main",
        "--format",
        "json",
        "--no-cache",
        "--model",
        model.path().to_str().unwrap(),
        "--ort-lib",
        ort.to_str().unwrap(),
    ];
    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())];
    // The random model scores every pair near 0.2, under the reranker's threshold 0.5: the
    // finding is the cascade's, with the structural score and no logit.
    let json = common::run_in_env(repo.path(), &args, &env).code(1).json();
    assert_eq!(json["engine"], "reranker");
    let f = &json["findings"][0];
    assert_eq!(f["existing"]["name"], "load_config");
    assert!(f["logit"].is_null(), "{f}");
    assert!(f["score"].as_f64().unwrap() >= 0.9, "{f}");

    // With the cascade off the model judges the pair too, and finds nothing.
    repo.write(".dedupe-check.yml", "model:\n  cascade: false\n");
    let json = common::run_in_env(repo.path(), &args, &env).code(0).json();
    assert_eq!(json["engine"], "reranker");
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
}
