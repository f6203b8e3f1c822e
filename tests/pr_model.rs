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
fn a_model_that_cannot_load_falls_back_to_the_structural_engine_and_says_so() {
    let repo = feature_repo();
    // A model directory that holds no model: it exists, but cannot load.
    let empty = tempfile::tempdir().unwrap();
    let model = empty.path().to_str().unwrap();
    let out = run_in(
        repo.path(),
        &["pr", "--base", "main", "--format", "json", "--model", model],
    );
    let json = out.code(1).json();
    assert_eq!(json["engine"], "structural");
    assert_eq!(json["findings"][0]["existing"]["name"], "load_config");
    let notices = json["notices"].to_string();
    assert!(
        notices.contains("reranker unavailable, the structural engine decides")
            && notices.contains(model),
        "{notices}"
    );

    // Text output says it on stderr; SARIF carries it as a tool notification.
    let out = run_in(repo.path(), &["pr", "--base", "main", "--model", model]);
    assert!(
        out.code(1).stderr.contains("note: reranker unavailable"),
        "{}",
        out.stderr
    );
    let out = run_in(
        repo.path(),
        &[
            "pr", "--base", "main", "--format", "sarif", "--model", model,
        ],
    );
    assert!(
        out.code(1).stdout.contains("reranker unavailable"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_explicit_model_path_that_does_not_exist_is_an_error_that_names_it() {
    let repo = feature_repo();
    let missing = repo.path().join("models").join("no-such-model");
    let missing = missing.to_str().unwrap();
    let out = run_in(repo.path(), &["pr", "--base", "main", "--model", missing]);
    out.code(2);
    assert!(out.stdout.is_empty(), "{out}");
    assert!(
        out.stderr.contains(&format!(
            "--model {missing} (or DEDUPE_CHECK_MODEL): does not exist"
        )),
        "{out}"
    );
    // A file where the directory should be is named too.
    let out = run_in(
        repo.path(),
        &["pr", "--base", "main", "--model", "pkg/util.py"],
    );
    out.code(2);
    assert!(
        out.stderr.contains("--model pkg/util.py") && out.stderr.contains("is not a directory"),
        "{out}"
    );
    // --no-model still wins over it.
    let out = run_in(
        repo.path(),
        &["pr", "--base", "main", "--model", missing, "--no-model"],
    );
    out.code(1);
}

#[test]
fn a_required_model_that_cannot_load_is_an_error() {
    let repo = feature_repo();
    // A model directory that holds no model: it exists, but cannot load.
    let empty = tempfile::tempdir().unwrap();
    let model = empty.path().to_str().unwrap();
    let out = run_in(
        repo.path(),
        &["pr", "--base", "main", "--model", model, "--require-model"],
    );
    out.code(2);
    assert!(
        out.stderr.contains("the model is required") && out.stderr.contains(model),
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
    // A model directory that holds no model: it exists, but cannot load.
    let empty = tempfile::tempdir().unwrap();
    let model = empty.path().to_str().unwrap();
    repo.branch("feature");
    repo.write("README.md", "docs only\n")
        .stage_all()
        .commit("docs");
    // A model that cannot load would say so; with no Python change it is not even opened.
    let out = run_in(
        repo.path(),
        &["pr", "--base", "main", "--model", model, "--require-model"],
    );
    out.code(0);
    assert!(out.stdout.contains("nothing to check"), "{}", out.stdout);
    assert!(!out.stderr.contains("reranker"), "{}", out.stderr);
}

/// sha256 hex of a file, as the manifest lists it.
fn sha256(path: &Path) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lists the current sha256 of `name` in the manifest, as if the broken file had been
/// exported that way: then loading it, not the hash check, is what fails.
fn rehash(dir: &Path, name: &str) {
    let manifest = dir.join("dedupe-model.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    m["files"][name] = sha256(&dir.join(name)).into();
    std::fs::write(&manifest, m.to_string()).unwrap();
}

/// Runs `pr` with the model in `dir`: with the fallback, the structural engine decides and
/// a notice holds `expected`; with --require-model, exit 2 and stderr holds it.
fn falls_back_naming(repo: &TestRepo, dir: &Path, expected: &str, cache: &Path) {
    let ort = dep("DEDUPE_TEST_ORT_LIB");
    let (m, o) = (dir.to_str().unwrap(), ort.to_str().unwrap());
    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.to_str().unwrap())];
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
    let out = common::run_in_env(repo.path(), &args, &env);
    let json = out.code(1).json();
    assert_eq!(json["engine"], "structural", "{out}");
    assert_eq!(json["findings"][0]["existing"]["name"], "load_config");
    let notices = common::notices(&json).join("\n");
    assert!(
        notices.contains("reranker unavailable, the structural engine decides")
            && notices.contains(expected),
        "expected {expected:?} in {notices}"
    );
    let mut required = args.to_vec();
    required.push("--require-model");
    let out = common::run_in_env(repo.path(), &required, &env);
    assert!(
        out.code(2).stderr.contains("the model is required") && out.stderr.contains(expected),
        "expected {expected:?} in {out}"
    );
}

#[test]
fn broken_model_files_are_named_and_the_structural_engine_decides() {
    let repo = feature_repo();
    let cache = tempfile::tempdir().unwrap();
    let fresh = || common::model_dir("tiny-qwen3/logit-diff");
    let truncate = |path: &Path| {
        let bytes = std::fs::read(path).unwrap();
        std::fs::write(path, &bytes[..bytes.len() / 3]).unwrap();
    };

    // A truncated download: the manifest's hash catches it before anything is loaded.
    let dir = fresh();
    truncate(&dir.path().join("model.onnx"));
    falls_back_naming(
        &repo,
        dir.path(),
        "sha256 of model.onnx does not match dedupe-model.json",
        cache.path(),
    );
    // The same file with a manifest that lists it: ONNX Runtime refuses it, named.
    rehash(dir.path(), "model.onnx");
    let model = dir.path().join("model.onnx");
    falls_back_naming(
        &repo,
        dir.path(),
        &format!("cannot load model {}", model.display()),
        cache.path(),
    );

    // A tokenizer.json that is not one.
    let dir = fresh();
    std::fs::write(dir.path().join("tokenizer.json"), b"{\"garbage\": [1, 2").unwrap();
    falls_back_naming(
        &repo,
        dir.path(),
        "sha256 of tokenizer.json does not match dedupe-model.json",
        cache.path(),
    );
    rehash(dir.path(), "tokenizer.json");
    let tokenizer = dir.path().join("tokenizer.json");
    falls_back_naming(
        &repo,
        dir.path(),
        &format!("tokenizer {}", tokenizer.display()),
        cache.path(),
    );

    // A manifest that is not JSON.
    let dir = fresh();
    std::fs::write(dir.path().join("dedupe-model.json"), b"not json {").unwrap();
    falls_back_naming(&repo, dir.path(), "dedupe-model.json:1:", cache.path());

    // Unreadable where a file is expected (the tests run as root, for whom permission bits
    // do not fail a read; a directory does).
    let dir = fresh();
    std::fs::remove_file(dir.path().join("model.onnx")).unwrap();
    std::fs::create_dir(dir.path().join("model.onnx")).unwrap();
    falls_back_naming(&repo, dir.path(), "model.onnx is not a file", cache.path());
}

#[test]
fn a_model_verified_once_is_not_hashed_again_until_it_changes() {
    let repo = feature_repo();
    let cache = tempfile::tempdir().unwrap();
    let dir = common::model_dir("tiny-qwen3/logit-diff");
    let ort = dep("DEDUPE_TEST_ORT_LIB");
    let (m, o) = (dir.path().to_str().unwrap(), ort.to_str().unwrap());
    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())];
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
    let json = common::run_in_env(repo.path(), &args, &env).code(0).json();
    assert_eq!(json["engine"], "reranker");
    let memo = cache.path().join("verified-models-v1");
    assert_eq!(
        std::fs::read_dir(&memo).unwrap().count(),
        2,
        "model and tokenizer"
    );

    // Replaced in place with other bytes of the same size: a new mtime, so hashed again.
    let model = dir.path().join("model.onnx");
    let mut bytes = std::fs::read(&model).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    let t =
        std::fs::metadata(&model).unwrap().modified().unwrap() + std::time::Duration::from_secs(5);
    std::fs::write(&model, bytes).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&model)
        .unwrap()
        .set_modified(t)
        .unwrap();
    let json = common::run_in_env(repo.path(), &args, &env).code(1).json();
    assert_eq!(json["engine"], "structural");
    assert!(
        common::notices(&json)
            .join("\n")
            .contains("sha256 of model.onnx does not match"),
        "{json}"
    );
}

#[test]
fn an_unwritable_cache_leaves_the_model_working() {
    // A cache dir that is a file: creating anything under it fails, as root too.
    let repo = feature_repo();
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let dir = common::model_dir("tiny-qwen3/logit-diff");
    let ort = dep("DEDUPE_TEST_ORT_LIB");
    let (m, o) = (dir.path().to_str().unwrap(), ort.to_str().unwrap());
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
        &[("DEDUPE_CHECK_CACHE_DIR", blocker.path().to_str().unwrap())],
    );
    let json = out.code(1).json();
    assert_eq!(json["engine"], "reranker", "{out}");
    let notices = common::notices(&json).join("\n");
    assert!(
        notices.contains("cannot write the score cache"),
        "{notices}"
    );
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
