//! `--model hub:OWNER/NAME[@REVISION][:FILE]` and `model pull` against a local server that
//! answers as the Hugging Face hub does: `/api/models/{repo}/revision/{rev}`, and
//! `/{repo}/resolve/{rev}/{path}` redirecting (302) to a blob URL, with X-Repo-Commit,
//! ETag, X-Linked-Etag and Content-Length, and Range requests on blobs. Each test asserts
//! the exact requests made.

mod common;

use common::{LOAD_CONFIG, READ_SETTINGS, TestRepo, dep, run_in_env};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

const REPO: &str = "test-org/tiny-reranker";
const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";
const GRAPH: &str = "onnx/model_quantized.onnx";
const CONFIG_JSON: &str = r#"{"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "max_position_embeddings": 512}"#;

#[derive(Default)]
struct State {
    /// Repository → its files (path → bytes), all at [`COMMIT`], branch `main`.
    repos: BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    /// A blob (by sha256) whose next download is cut halfway.
    cut: Option<String>,
    /// Answer 401 to everything.
    deny: bool,
    /// Answer 503 to everything.
    down: bool,
    /// Where blobs are served from: `/blobs/…` on this server when empty, else this origin
    /// (another name of this server, as a CDN is another host).
    blob_origin: String,
    /// Authorization headers received, by request path.
    auth: Vec<(String, String)>,
    log: Vec<String>,
}

/// The hub: a thread answering one request per connection.
struct Hub {
    url: String,
    state: Arc<Mutex<State>>,
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The public export's layout: the int8 graph (the tiny full-logits model with past key
/// value inputs, as generation exports have them), a 4-bit graph that must not be
/// downloaded, the tokenizer, the config and a README.
fn export_files() -> BTreeMap<String, Vec<u8>> {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tiny-qwen3/with-past/model.onnx");
    let mut files = BTreeMap::new();
    files.insert(GRAPH.to_string(), std::fs::read(fixture).unwrap());
    files.insert("onnx/model_q4.onnx".into(), b"not downloaded".to_vec());
    files.insert(
        "tokenizer.json".into(),
        std::fs::read(dep("DEDUPE_TEST_TOKENIZER")).unwrap(),
    );
    files.insert("tokenizer_config.json".into(), b"{}".to_vec());
    files.insert("config.json".into(), CONFIG_JSON.as_bytes().to_vec());
    files.insert("README.md".into(), b"# tiny".to_vec());
    files
}

impl Hub {
    fn start(repos: &[&str]) -> Hub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let mut state = State::default();
        for repo in repos {
            state.repos.insert(repo.to_string(), export_files());
        }
        let state = Arc::new(Mutex::new(state));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                std::thread::spawn(move || answer(stream, &shared));
            }
        });
        Hub { url, state }
    }

    fn requests(&self) -> Vec<String> {
        std::mem::take(&mut self.state.lock().unwrap().log)
    }

    fn file(&self, repo: &str, path: &str) -> Vec<u8> {
        self.state.lock().unwrap().repos[repo][path].clone()
    }

    fn set_file(&self, repo: &str, path: &str, bytes: &[u8]) {
        let mut s = self.state.lock().unwrap();
        s.repos
            .get_mut(repo)
            .unwrap()
            .insert(path.into(), bytes.to_vec());
    }
}

fn answer(stream: TcpStream, state: &Mutex<State>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut range = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("range")
        {
            range = Some(v.trim().to_string());
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("authorization")
        {
            let mut s = state.lock().unwrap();
            s.auth.push((path.clone(), v.trim().to_string()));
        }
    }
    let mut s = state.lock().unwrap();
    s.log.push(match &range {
        Some(r) => format!("GET {path} {r}"),
        None => format!("GET {path}"),
    });
    let response = route(&mut s, &path, range.as_deref());
    drop(s);
    let mut stream = stream;
    let _ = stream.write_all(&response);
    let _ = stream.flush();
}

fn head(status: &str, headers: &[(&str, String)], len: usize) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {len}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

fn simple(status: &str, body: &str) -> Vec<u8> {
    let mut out = head(
        status,
        &[("Content-Type", "application/json".into())],
        body.len(),
    );
    out.extend_from_slice(body.as_bytes());
    out
}

fn route(s: &mut State, path: &str, range: Option<&str>) -> Vec<u8> {
    if s.deny {
        return simple("401 Unauthorized", r#"{"error":"Invalid credentials"}"#);
    }
    if s.down {
        return simple("503 Service Unavailable", r#"{"error":"down"}"#);
    }
    if let Some(rest) = path.strip_prefix("/api/models/") {
        return api(s, rest);
    }
    if let Some(sha) = path.strip_prefix("/blobs/") {
        return blob(s, sha, range);
    }
    let parts: Vec<&str> = path.trim_start_matches('/').splitn(5, '/').collect();
    if parts.len() == 5 && parts[2] == "resolve" {
        let repo = format!("{}/{}", parts[0], parts[1]);
        let file = s.repos.get(&repo).and_then(|f| f.get(parts[4]));
        return match file {
            Some(bytes) if parts[3] == COMMIT || parts[3] == "main" => {
                let sha = sha256(bytes);
                let headers = [
                    ("Location", format!("{}/blobs/{sha}", s.blob_origin)),
                    ("X-Repo-Commit", COMMIT.to_string()),
                    ("X-Linked-Etag", format!("\"{sha}\"")),
                    ("X-Linked-Size", bytes.len().to_string()),
                    ("ETag", format!("\"{sha}\"")),
                ];
                head("302 Found", &headers, 0)
            }
            _ => simple("404 Not Found", r#"{"error":"Entry not found"}"#),
        };
    }
    simple("404 Not Found", r#"{"error":"Not found"}"#)
}

fn api(s: &State, rest: &str) -> Vec<u8> {
    let Some((repo, rev)) = rest.split_once("/revision/") else {
        return simple("404 Not Found", "{}");
    };
    match s.repos.get(repo) {
        Some(files) if rev == "main" || rev == COMMIT => {
            let siblings: Vec<serde_json::Value> = files
                .keys()
                .map(|k| serde_json::json!({ "rfilename": k }))
                .collect();
            let body = serde_json::json!({ "id": repo, "sha": COMMIT, "siblings": siblings });
            simple("200 OK", &body.to_string())
        }
        _ => simple("404 Not Found", r#"{"error":"Repository not found"}"#),
    }
}

fn blob(s: &mut State, sha: &str, range: Option<&str>) -> Vec<u8> {
    let Some(bytes) = s
        .repos
        .values()
        .flat_map(|f| f.values())
        .find(|b| sha256(b) == sha)
        .cloned()
    else {
        return simple("404 Not Found", "{}");
    };
    let etag = ("ETag", format!("\"{sha}\""));
    if s.cut.as_deref() == Some(sha) {
        // The whole length promised, half of it sent, then the connection closes.
        s.cut = None;
        let mut out = head("200 OK", &[etag], bytes.len());
        out.extend_from_slice(&bytes[..bytes.len() / 2]);
        return out;
    }
    let from = range
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.strip_suffix('-'))
        .and_then(|n| n.parse::<usize>().ok());
    match from {
        Some(n) if n < bytes.len() => {
            let cr = (
                "Content-Range",
                format!("bytes {n}-{}/{}", bytes.len() - 1, bytes.len()),
            );
            let mut out = head("206 Partial Content", &[etag, cr], bytes.len() - n);
            out.extend_from_slice(&bytes[n..]);
            out
        }
        Some(_) => head("416 Range Not Satisfiable", &[], 0),
        None => {
            let mut out = head(
                "200 OK",
                &[etag, ("Accept-Ranges", "bytes".into())],
                bytes.len(),
            );
            out.extend_from_slice(&bytes);
            out
        }
    }
}

/// The requests a first download of the tiny export makes, after the API call.
fn downloads(hub: &Hub, repo: &str) -> Vec<String> {
    let mut out = Vec::new();
    for file in [GRAPH, "tokenizer.json", "config.json"] {
        out.push(format!("GET /{repo}/resolve/{COMMIT}/{file}"));
        out.push(format!("GET /blobs/{}", sha256(&hub.file(repo, file))));
    }
    out
}

fn feature_repo() -> TestRepo {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.branch("feature").checkout("feature");
    repo.write("pkg/new.py", READ_SETTINGS)
        .stage_all()
        .commit("add a copy");
    repo
}

/// `args` with the hub's endpoint and `cache` as the cache directory, plus `env`.
fn run(dir: &Path, hub: &Hub, cache: &Path, args: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut all = vec![
        ("HF_ENDPOINT", hub.url.as_str()),
        ("DEDUPE_CHECK_CACHE_DIR", cache.to_str().unwrap()),
    ];
    all.extend_from_slice(env);
    run_in_env(dir, args, &all)
}

fn pr_args<'a>(model: &'a str, ort: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "pr",
        "--base",
        "main",
        "--format",
        "json",
        "--model",
        model,
        "--ort-lib",
        ort,
        "--threshold",
        "0",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn the_first_run_downloads_what_the_model_needs_and_the_next_asks_nothing() {
    let hub = Hub::start(&[REPO]);
    let cache = tempfile::tempdir().unwrap();
    let repo = feature_repo();
    let ort = dep("DEDUPE_TEST_ORT_LIB");
    let model = format!("hub:{REPO}");
    let args = pr_args(&model, ort.to_str().unwrap(), &[]);
    let json = run(repo.path(), &hub, cache.path(), &args, &[])
        .code(1)
        .json();
    assert_eq!(json["engine"], "reranker", "{json}");
    assert_eq!(json["findings"][0]["engine"], "reranker");
    let mut expected = vec![format!("GET /api/models/{REPO}/revision/main")];
    expected.extend(downloads(&hub, REPO));
    assert_eq!(hub.requests(), expected);
    let notices = json["notices"].to_string();
    assert!(
        notices.contains(&format!("{REPO}@main resolved to commit {COMMIT}"))
            && notices.contains(&format!("--model hub:{REPO}@{COMMIT}")),
        "{notices}"
    );
    let dir = cache
        .path()
        .join("hub/test-org--tiny-reranker")
        .join(COMMIT);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("dedupe-model.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["hub"]["commit"], COMMIT);
    assert_eq!(manifest["graph"], GRAPH);
    assert_eq!(manifest["precision"], "int8");
    assert_eq!(manifest["files"][GRAPH], sha256(&hub.file(REPO, GRAPH)));
    assert_eq!(manifest["files"].as_object().unwrap().len(), 3);
    let check = [
        "model",
        "check",
        dir.to_str().unwrap(),
        "--ort-lib",
        ort.to_str().unwrap(),
    ];
    let out = run(repo.path(), &hub, cache.path(), &check, &[]);
    assert!(
        out.code(0)
            .stdout
            .contains("signature: FullLogits (read from the graph)"),
        "{out}"
    );

    // Again, online and offline: the pinned directory, no request.
    for env in [&[][..], &[("HF_HUB_OFFLINE", "1")][..]] {
        let json = run(repo.path(), &hub, cache.path(), &args, env)
            .code(1)
            .json();
        assert_eq!(json["engine"], "reranker", "{json}");
        assert!(!json["notices"].to_string().contains("resolved"), "{json}");
        assert_eq!(hub.requests(), Vec::<String>::new());
    }
}

#[test]
fn a_download_cut_halfway_is_resumed_with_a_range_request() {
    let hub = Hub::start(&[REPO]);
    let cache = tempfile::tempdir().unwrap();
    let graph = hub.file(REPO, GRAPH);
    hub.state.lock().unwrap().cut = Some(sha256(&graph));
    let spec = format!("hub:{REPO}@{COMMIT}");
    let out = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &[],
    );
    out.code(2);
    let half = graph.len() / 2;
    assert!(
        out.stderr.contains(&format!(
            "download of {GRAPH} was cut after {half} of {} bytes",
            graph.len()
        )) && out.stderr.contains("run again to resume"),
        "{out}"
    );
    let blob = format!("GET /blobs/{}", sha256(&graph));
    assert_eq!(
        hub.requests(),
        [
            format!("GET /api/models/{REPO}/revision/{COMMIT}"),
            format!("GET /{REPO}/resolve/{COMMIT}/{GRAPH}"),
            blob.clone(),
        ]
    );

    run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &[],
    )
    .code(0);
    let mut expected = vec![format!("GET /api/models/{REPO}/revision/{COMMIT}")];
    expected.extend(downloads(&hub, REPO));
    // The Range header goes with the request through the redirect to the blob.
    expected[1] = format!("{} bytes={half}-", expected[1]);
    expected[2] = format!("{blob} bytes={half}-");
    assert_eq!(hub.requests(), expected);
    let local = cache
        .path()
        .join("hub/test-org--tiny-reranker")
        .join(COMMIT)
        .join(GRAPH);
    assert_eq!(sha256(&std::fs::read(local).unwrap()), sha256(&graph));
}

#[test]
fn a_file_changed_under_the_pinned_revision_is_refused_by_name() {
    let hub = Hub::start(&[REPO]);
    let cache = tempfile::tempdir().unwrap();
    let spec = format!("hub:{REPO}@{COMMIT}");
    run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &[],
    )
    .code(0);
    hub.requests();
    // The hub serves another config.json under the same commit; the cache has lost its copy.
    hub.set_file(REPO, "config.json", br#"{"max_position_embeddings": 8}"#);
    let dir = cache
        .path()
        .join("hub/test-org--tiny-reranker")
        .join(COMMIT);
    std::fs::remove_file(dir.join("config.json")).unwrap();
    let out = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &[],
    );
    out.code(2);
    assert!(
        out.stderr
            .contains("the sha256 of config.json is not the one pinned")
            && out.stderr.contains("refused"),
        "{out}"
    );
    assert!(!dir.join("config.json").exists());

    // A file changed in the cache is refused by name too.
    hub.set_file(REPO, "config.json", CONFIG_JSON.as_bytes());
    run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &[],
    )
    .code(0);
    std::fs::write(dir.join("tokenizer.json"), b"{}").unwrap();
    let out = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &[],
    );
    assert!(
        out.code(2)
            .stderr
            .contains("sha256 of tokenizer.json does not match"),
        "{out}"
    );
}

#[test]
fn a_refused_token_names_hf_token_and_never_shows_it() {
    let hub = Hub::start(&[REPO]);
    hub.state.lock().unwrap().deny = true;
    let cache = tempfile::tempdir().unwrap();
    let repo = feature_repo();
    let secret = "hf_SecretValue123";
    let model = format!("hub:{REPO}");
    let env = [("HF_TOKEN", secret)];
    let args = pr_args(&model, "/nonexistent", &["--require-model"]);
    let out = run(repo.path(), &hub, cache.path(), &args, &env);
    out.code(2);
    assert!(
        out.stderr.contains("HF_TOKEN") && out.stderr.contains("401"),
        "{out}"
    );
    let args = pr_args(&model, "/nonexistent", &[]);
    let fallback = run(repo.path(), &hub, cache.path(), &args, &env);
    let json = fallback.code(1).json();
    assert_eq!(json["engine"], "structural");
    assert!(json["notices"].to_string().contains("HF_TOKEN"), "{json}");
    for o in [&out, &fallback] {
        assert!(
            !o.stdout.contains(secret) && !o.stderr.contains(secret),
            "{o}"
        );
    }
    let pull = run(
        repo.path(),
        &hub,
        cache.path(),
        &["model", "pull", &model],
        &[],
    );
    assert!(pull.code(2).stderr.contains("set HF_TOKEN"), "{pull}");
}

#[test]
fn a_missing_file_or_repository_is_named() {
    let hub = Hub::start(&[REPO]);
    let cache = tempfile::tempdir().unwrap();
    let spec = format!("hub:{REPO}@{COMMIT}:onnx/model_fp16.onnx");
    let out = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &[],
    );
    assert!(
        out.code(2).stderr.contains(&format!(
            "{REPO}: onnx/model_fp16.onnx not found at revision {COMMIT} (404)"
        )),
        "{out}"
    );
    let out = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", "hub:test-org/nope"],
        &[],
    );
    assert!(
        out.code(2)
            .stderr
            .contains("test-org/nope: revision main not found"),
        "{out}"
    );
}

#[test]
fn offline_with_an_empty_cache_fails_clearly_or_falls_back() {
    let hub = Hub::start(&[REPO]);
    let cache = tempfile::tempdir().unwrap();
    let repo = feature_repo();
    let model = format!("hub:{REPO}");
    let env = [("HF_HUB_OFFLINE", "1")];
    let args = pr_args(&model, "/nonexistent", &["--require-model"]);
    let out = run(repo.path(), &hub, cache.path(), &args, &env);
    assert!(
        out.code(2).stderr.contains(&format!(
            "HF_HUB_OFFLINE is set and {REPO}@main is not in the cache"
        )),
        "{out}"
    );
    let args = pr_args(&model, "/nonexistent", &[]);
    let json = run(repo.path(), &hub, cache.path(), &args, &env)
        .code(1)
        .json();
    assert_eq!(json["engine"], "structural");
    let notices = json["notices"].to_string();
    assert!(
        notices.contains("reranker unavailable, the structural engine decides")
            && notices.contains("HF_HUB_OFFLINE"),
        "{notices}"
    );
    assert_eq!(hub.requests(), Vec::<String>::new());
}

#[test]
fn model_pull_of_the_named_default_prints_the_directory_and_sizes() {
    let named = "onnx-community/Qwen3-Reranker-0.6B-ONNX";
    let hub = Hub::start(&[named]);
    let cache = tempfile::tempdir().unwrap();
    let out = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", "qwen3-reranker"],
        &[],
    );
    out.code(0);
    let dir = cache
        .path()
        .join("hub/onnx-community--Qwen3-Reranker-0.6B-ONNX")
        .join(COMMIT);
    assert!(
        out.stdout
            .contains(&format!("directory: {}", dir.display())),
        "{out}"
    );
    assert!(out.stdout.contains(&format!("commit: {COMMIT}")), "{out}");
    for file in [GRAPH, "tokenizer.json", "config.json"] {
        let size = hub.file(named, file).len();
        assert!(
            out.stdout
                .contains(&format!("{size:>14}  {file}  (downloaded)")),
            "{file}: {out}"
        );
    }
    assert!(
        out.stderr
            .contains(&format!("{named}@main resolved to commit {COMMIT}")),
        "{out}"
    );
    let mut expected = vec![format!("GET /api/models/{named}/revision/main")];
    expected.extend(downloads(&hub, named));
    assert_eq!(hub.requests(), expected);

    let again = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", "qwen3-reranker"],
        &[],
    );
    assert!(again.code(0).stdout.contains("(cached)"), "{again}");
    assert_eq!(hub.requests(), Vec::<String>::new());
}

#[test]
fn a_failing_or_unreachable_hub_says_what_failed() {
    let hub = Hub::start(&[REPO]);
    hub.state.lock().unwrap().down = true;
    let cache = tempfile::tempdir().unwrap();
    let spec = format!("hub:{REPO}");
    let out = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &[],
    );
    assert!(
        out.code(2).stderr.contains(&format!(
            "{REPO}: the hub failed on revision main (503); try again later"
        )),
        "{out}"
    );
    // Nothing listens on port 9.
    let env = [("HF_ENDPOINT", "http://127.0.0.1:9")];
    let out = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &env,
    );
    assert!(
        out.code(2)
            .stderr
            .contains("cannot reach the model hub at http://127.0.0.1:9/api/models/"),
        "{out}"
    );
}

#[test]
fn the_token_goes_to_the_hub_only_not_to_the_host_a_file_redirects_to() {
    let hub = Hub::start(&[REPO]);
    // localhost is this server under another name: another origin.
    let port = hub.url.rsplit(':').next().unwrap().to_string();
    hub.state.lock().unwrap().blob_origin = format!("http://localhost:{port}");
    let cache = tempfile::tempdir().unwrap();
    let spec = format!("hub:{REPO}@{COMMIT}");
    let env = [("HF_TOKEN", "hf_PrivateToken")];
    let out = run(
        cache.path(),
        &hub,
        cache.path(),
        &["model", "pull", &spec],
        &env,
    );
    out.code(0);
    assert!(!out.stdout.contains("hf_PrivateToken") && !out.stderr.contains("hf_PrivateToken"));
    let auth = std::mem::take(&mut hub.state.lock().unwrap().auth);
    let paths: Vec<&str> = auth.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths.len(), 4, "{auth:?}");
    assert!(
        paths[0].starts_with("/api/models/") && paths[1..].iter().all(|p| p.contains("/resolve/")),
        "{auth:?}"
    );
    assert!(
        auth.iter().all(|(_, v)| v == "Bearer hf_PrivateToken"),
        "{auth:?}"
    );
    assert_eq!(
        hub.requests()
            .iter()
            .filter(|r| r.starts_with("GET /blobs/"))
            .count(),
        3
    );
}
