//! The reranker on a model server: a local server that answers like vLLM (and TEI) and
//! scores with the tiny fixture model and the real tokenizer, as vLLM serves the original
//! Qwen3-Reranker (each string tokenized with special tokens recognised, the id lists
//! joined). Remote scores equal in-process ones; requests are exact; faults are named and
//! fall back (or exit 2); the token never shows.
//! Needs the ONNX Runtime library and the tokenizer that scripts/fetch-test-deps.sh installs.

#[path = "../common/mod.rs"]
mod common;
#[path = "../../examples/rerank_server.rs"]
mod rerank_server;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use common::{LOAD_CONFIG, READ_SETTINGS, TestRepo, dep, run_in_env};
use dedupe_check::config::{ModelConfig, RemoteApi, Seconds, ServerUrl};
use dedupe_check::detect::PairJudge;
use dedupe_check::rerank::prompt::{self, DEFAULT_INSTRUCTION, PREFIX, SUFFIX};
use dedupe_check::rerank::remote::RemoteJudge;
use dedupe_check::rerank::{Reranker, score_of};
use rerank_server::Model;

/// Distinctive, so that any leak of it is found.
const TOKEN: &str = "tok-LEAKCHECK-7f3a9c2e51";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture model directory with the real tokenizer, once per test process.
fn model_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| common::model_dir("tiny-qwen3/logit-diff"))
        .path()
}

fn model() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| Arc::new(Model::load(model_dir(), &dep("DEDUPE_TEST_ORT_LIB"))))
        .clone()
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: Vec<(String, String)>,
    body: Value,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How the server answers the n-th request (from 0).
enum Reply {
    Model,
    Status(u16, Vec<(&'static str, String)>, String),
    Body(String),
    SleepThenModel(Duration),
}

type Script = dyn Fn(usize, &Seen) -> Reply + Send + Sync;

struct TestServer {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    max_in_flight: Arc<AtomicUsize>,
    server: Arc<tiny_http::Server>,
}

const WORKERS: usize = 16;

impl TestServer {
    fn start(script: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> TestServer {
        TestServer::start_with(Duration::ZERO, script)
    }

    /// `hold`: how long every request stays in flight, so that overlap shows.
    fn start_with(
        hold: Duration,
        script: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (in_flight, max_in_flight) =
            (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let script: Arc<Script> = Arc::new(script);
        let model = model();
        for _ in 0..WORKERS {
            let (server, seen, script, model) =
                (server.clone(), seen.clone(), script.clone(), model.clone());
            let (in_flight, max_in_flight) = (in_flight.clone(), max_in_flight.clone());
            std::thread::spawn(move || {
                while let Ok(mut request) = server.recv() {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    max_in_flight.fetch_max(now, Ordering::SeqCst);
                    let mut body = Vec::new();
                    let _ = std::io::Read::read_to_end(request.as_reader(), &mut body);
                    let s = Seen {
                        path: request.url().to_string(),
                        headers: request
                            .headers()
                            .iter()
                            .map(|h| (h.field.to_string(), h.value.to_string()))
                            .collect(),
                        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                    };
                    let n = {
                        let mut seen = seen.lock().unwrap();
                        seen.push(s.clone());
                        seen.len() - 1
                    };
                    std::thread::sleep(hold);
                    let response = match script(n, &s) {
                        Reply::Model => {
                            let (status, value) =
                                rerank_server::answer(&|q, d| model.scores(q, d), &s.path, &body);
                            rerank_server::json_response(status, &value)
                        }
                        Reply::SleepThenModel(d) => {
                            std::thread::sleep(d);
                            let (status, value) =
                                rerank_server::answer(&|q, d| model.scores(q, d), &s.path, &body);
                            rerank_server::json_response(status, &value)
                        }
                        Reply::Body(text) => tiny_http::Response::from_data(text.into_bytes()),
                        Reply::Status(code, headers, text) => {
                            let mut r = tiny_http::Response::from_data(text.into_bytes())
                                .with_status_code(code);
                            for (k, v) in headers {
                                r = r.with_header(
                                    format!("{k}: {v}").parse::<tiny_http::Header>().unwrap(),
                                );
                            }
                            r
                        }
                    };
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    let _ = request.respond(response);
                }
            });
        }
        TestServer {
            url,
            seen,
            max_in_flight,
            server,
        }
    }

    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        for _ in 0..WORKERS {
            self.server.unblock();
        }
    }
}

fn config(url: &str, api: RemoteApi, instruction: Option<&str>) -> ModelConfig {
    ModelConfig {
        url: Some(ServerUrl::parse(url).unwrap()),
        api,
        instruction: instruction.map(str::to_string),
        cache: false,
        timeout: Seconds(Duration::from_secs(20)),
        ..ModelConfig::default()
    }
}

fn remote(config: &ModelConfig, token: Option<&str>) -> RemoteJudge {
    RemoteJudge::new(
        config,
        config.url.as_ref().unwrap(),
        token.map(str::to_string),
    )
    .unwrap()
}

fn local(instruction: Option<&str>) -> Reranker {
    let config = ModelConfig {
        instruction: instruction.map(str::to_string),
        cache: false,
        ..ModelConfig::default()
    };
    Reranker::load(model_dir(), &config, Some(&dep("DEDUPE_TEST_ORT_LIB"))).unwrap()
}

/// The fixture pairs (query, document, instruction) of the reference scores.
fn fixture_pairs() -> Vec<(String, String, Option<String>)> {
    let text =
        std::fs::read_to_string(root().join("fixtures/tiny-qwen3/reference-scores.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let read = |p: &Value| std::fs::read_to_string(root().join(p.as_str().unwrap())).unwrap();
    v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                read(&p["query"]),
                read(&p["document"]),
                p["instruction"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn remote_scores_equal_in_process_scores_for_every_api() {
    let server = TestServer::start(|_, _| Reply::Model);
    let pairs = fixture_pairs();
    let instructions: Vec<Option<String>> = vec![None, pairs.iter().find_map(|p| p.2.clone())];
    let mut worst = 0f32;
    let mut sent = 0;
    for instruction in &instructions {
        let texts: Vec<(&str, &str)> = pairs
            .iter()
            .filter(|p| &p.2 == instruction)
            .map(|p| (p.0.as_str(), p.1.as_str()))
            .collect();
        let queries: std::collections::BTreeSet<&str> = texts.iter().map(|t| t.0).collect();
        let expected = local(instruction.as_deref()).logits(&texts).unwrap();
        for (api, base) in [
            (RemoteApi::Rerank, server.url.clone()),
            (RemoteApi::Rerank, format!("{}/v1", server.url)),
            (RemoteApi::Score, server.url.clone()),
            (RemoteApi::Score, format!("{}/v1/", server.url)),
            (RemoteApi::Tei, server.url.clone()),
        ] {
            let mut judge = remote(&config(&base, api, instruction.as_deref()), None);
            let got = judge.judge(&texts).unwrap();
            for (g, e) in got.iter().zip(&expected) {
                let d = (g.score - score_of(*e)).abs();
                worst = worst.max(d);
                assert!(
                    d < 1e-5,
                    "{api:?} at {base}: {} vs local {}",
                    g.score,
                    score_of(*e)
                );
                assert!((g.score - score_of(g.logit)).abs() < 1e-6);
            }
            // One request per checked function, whatever its number of candidates.
            sent += queries.len();
            assert_eq!(server.requests().len(), sent, "{api:?}");
        }
    }
    let paths: std::collections::BTreeSet<String> =
        server.requests().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["/rerank", "/score", "/v1/rerank", "/v1/score"]
    );
    eprintln!("worst remote vs in-process score difference: {worst:e}");
}

#[test]
fn requests_carry_the_exact_prompt_the_model_name_and_the_token() {
    let server = TestServer::start(|_, _| Reply::Model);
    let (q, d1, d2) = (
        "def f(a):\n    return '<|im_end|>' + a\n",
        "def g(b):\n    return b\n",
        "def h():\n    pass\n",
    );
    let pairs = [(q, d1), (q, d2)];
    let query = format!(
        "{PREFIX}<Instruct>: {DEFAULT_INSTRUCTION}\n<Query>: def f(a):\n    return '<\u{200B}|im_end|>' + a\n\n"
    );
    let docs = [
        format!("<Document>: {d1}{SUFFIX}"),
        format!("<Document>: {d2}{SUFFIX}"),
    ];
    let model = "Qwen/Qwen3-Reranker-0.6B";
    for (api, body) in [
        (
            RemoteApi::Rerank,
            json!({"model": model, "query": query, "documents": docs, "top_n": 2}),
        ),
        (
            RemoteApi::Score,
            json!({"model": model, "text_1": query, "text_2": docs}),
        ),
        (
            RemoteApi::Tei,
            json!({"query": query, "texts": docs, "raw_scores": false}),
        ),
    ] {
        let before = server.requests().len();
        remote(&config(&server.url, api, None), Some(TOKEN))
            .judge(&pairs)
            .unwrap();
        let seen = server.requests();
        assert_eq!(seen.len(), before + 1, "{api:?}: one request for one query");
        let s = &seen[before];
        assert_eq!(s.body, body, "{api:?}");
        assert_eq!(
            s.header("Authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(s.header("Content-Type"), Some("application/json"));
        assert_eq!(s.header("Accept"), Some("application/json"));
        assert!(s.header("User-Agent").unwrap().starts_with("dedupe-check/"));
    }
    assert_eq!(prompt::remote_document(d1), docs[0]);

    // server_template: the bare code, still neutralised; no token, no Authorization.
    let mut c = config(&server.url, RemoteApi::Rerank, None);
    c.server_template = true;
    c.name = "acme/reranker".into();
    remote(&c, None).judge(&pairs).unwrap();
    let s = server.requests().pop().unwrap();
    assert_eq!(
        s.body,
        json!({"model": "acme/reranker", "query": "def f(a):\n    return '<\u{200B}|im_end|>' + a\n",
               "documents": [d1, d2], "top_n": 2})
    );
    assert_eq!(s.header("Authorization"), None);
}

#[test]
fn at_most_model_concurrency_requests_are_in_flight() {
    let server = TestServer::start_with(Duration::from_millis(150), |_, _| Reply::Model);
    let queries: Vec<String> = (0..10)
        .map(|i| format!("def f{i}(x):\n    return x + {i}\n"))
        .collect();
    let pairs: Vec<(&str, &str)> = queries
        .iter()
        .map(|q| (q.as_str(), "def g(y):\n    return y\n"))
        .collect();
    let mut c = config(&server.url, RemoteApi::Rerank, None);
    c.concurrency = 3;
    let started = Instant::now();
    let scores = remote(&c, None).judge(&pairs).unwrap();
    assert_eq!(scores.len(), 10);
    assert_eq!(server.requests().len(), 10);
    assert_eq!(server.max_in_flight.load(Ordering::SeqCst), 3);
    // 10 requests, 3 at a time, 150 ms each: at least 4 rounds.
    assert!(started.elapsed() >= Duration::from_millis(600));
}

// --- the binary: fallback, exit 2, the cache, and the token --------------------------------

fn feature_repo() -> TestRepo {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.branch("feature").checkout("feature");
    repo.write("pkg/new.py", READ_SETTINGS)
        .stage_all()
        .commit("add a copy");
    repo
}

/// Short timeouts and backoff, so that faults are quick.
const FAST: &str = "model:\n  timeout: 0.4\n  budget: 8\n  retries: 2\n  backoff: 0.01\n";

struct Check {
    run: common::Run,
    json: Value,
    sarif: String,
}

/// `pr` against the server at `url` with the token, JSON on stdout and SARIF to a file.
fn check(url: &str, extra: &[&str], cache: &Path) -> Check {
    let repo = feature_repo();
    let dir = tempfile::tempdir().unwrap();
    let (config, sarif) = (dir.path().join("config.yml"), dir.path().join("out.sarif"));
    std::fs::write(&config, FAST).unwrap();
    let mut args = vec![
        "pr",
        "--base",
        "main",
        "--format",
        "json",
        "--config",
        config.to_str().unwrap(),
        "--sarif",
        sarif.to_str().unwrap(),
        "--reranker-url",
        url,
        "--threshold",
        "0",
    ];
    args.extend_from_slice(extra);
    let run = run_in_env(
        repo.path(),
        &args,
        &[
            ("DEDUPE_CHECK_RERANKER_TOKEN", TOKEN),
            ("DEDUPE_CHECK_CACHE_DIR", cache.to_str().unwrap()),
        ],
    );
    for (what, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(!text.contains(TOKEN), "the token leaked to {what}:\n{run}");
        assert!(!text.contains("panicked"), "{run}");
    }
    let sarif = std::fs::read_to_string(&sarif).unwrap_or_default();
    assert!(!sarif.contains(TOKEN), "the token leaked to SARIF");
    // Its text, unescaped, to look for messages in.
    let sarif = serde_json::from_str::<Value>(&sarif)
        .map(|v| strings(&v).join("\n"))
        .unwrap_or_default();
    let json = if run.code == 2 {
        Value::Null
    } else {
        run.json()
    };
    Check { run, json, sarif }
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        Value::Object(o) => o.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// A fault: named in every output and the structural engine decides; with
/// --require-model, exit 2 and the same message.
fn assert_falls_back(server_url: &str, expect: &[&str]) -> Check {
    let cache = tempfile::tempdir().unwrap();
    let c = check(server_url, &[], cache.path());
    c.run.code(1);
    assert_eq!(c.json["engine"], "structural", "{}", c.run);
    assert_eq!(c.json["findings"][0]["existing"]["name"], "load_config");
    let notices = common::notices(&c.json).join("\n");
    assert!(
        notices.contains("reranker unavailable, the structural engine decides"),
        "{notices}"
    );
    for e in expect {
        assert!(notices.contains(e), "{e:?} not in {notices}");
        assert!(c.sarif.contains(e), "{e:?} not in the SARIF notices");
    }
    assert!(!notices.contains("user:"), "{notices}");

    let cache = tempfile::tempdir().unwrap();
    let r = check(server_url, &["--require-model"], cache.path());
    r.run.code(2);
    assert!(r.run.stderr.contains("the model is required"), "{}", r.run);
    for e in expect {
        assert!(r.run.stderr.contains(e), "{e:?} not in\n{}", r.run);
    }
    c
}

#[test]
fn unauthorized_is_named_without_the_token_even_when_the_server_echoes_it() {
    let server = TestServer::start(|_, s| {
        let echoed = s.header("Authorization").unwrap_or_default().to_string();
        Reply::Status(
            401,
            vec![],
            format!("{{\"error\": \"invalid key: {echoed}\"}}"),
        )
    });
    let c = assert_falls_back(
        &server.url,
        &[
            &format!(
                "the model server at {}/rerank answered 401 Unauthorized",
                server.url
            ),
            "invalid key: Bearer [redacted]",
            "the server refused the token in DEDUPE_CHECK_RERANKER_TOKEN",
        ],
    );
    assert_eq!(c.json["findings"][0]["engine"], "structural");
    // Not retried: another try would be refused the same way.
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn too_many_requests_waits_as_long_as_retry_after_says_then_scores() {
    let server = TestServer::start(|n, _| match n {
        0 => Reply::Status(429, vec![("Retry-After", "1".into())], "busy".into()),
        _ => Reply::Model,
    });
    let cache = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let c = check(&server.url, &[], cache.path());
    c.run.code(1);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
    assert_eq!(c.json["engine"], "reranker", "{}", c.run);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn unavailable_then_available_is_retried_and_scores() {
    let server = TestServer::start(|n, _| match n {
        0 => Reply::Status(503, vec![], "loading".into()),
        _ => Reply::Model,
    });
    let cache = tempfile::tempdir().unwrap();
    let c = check(&server.url, &[], cache.path());
    c.run.code(1);
    assert_eq!(c.json["engine"], "reranker", "{}", c.run);
    assert!(
        common::notices(&c.json)
            .iter()
            .all(|n| !n.contains("unavailable"))
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn persistent_unavailability_gives_up_after_the_retries() {
    let server = TestServer::start(|_, _| Reply::Status(503, vec![], "overloaded".into()));
    assert_falls_back(
        &server.url,
        &[
            "answered 503 Service Unavailable (overloaded)",
            "after 3 attempts",
        ],
    );
    assert_eq!(server.requests().len(), 6);
}

#[test]
fn a_retry_after_beyond_the_budget_is_not_waited_for() {
    let server = TestServer::start(|_, _| {
        Reply::Status(429, vec![("Retry-After", "600".into())], "later".into())
    });
    let started = Instant::now();
    assert_falls_back(
        &server.url,
        &["answered 429 Too Many Requests", "past the run's budget"],
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_server_that_does_not_answer_in_time_is_named() {
    let server = TestServer::start(|_, _| Reply::SleepThenModel(Duration::from_secs(2)));
    assert_falls_back(
        &server.url,
        &[&format!(
            "the model server at {}/rerank did not answer within 0.4s (model.timeout)",
            server.url
        )],
    );
}

#[test]
fn malformed_json_is_named_with_what_was_expected() {
    let server = TestServer::start(|_, _| Reply::Body("{\"results\": [oops".into()));
    assert_falls_back(
        &server.url,
        &[
            "answered 200 OK but the body is not JSON",
            r#"expected {"results": [{"index": N, "relevance_score": P}, ...]}"#,
        ],
    );
}

#[test]
fn too_few_results_are_named() {
    let server = TestServer::start(|_, _| Reply::Body(json!({"results": []}).to_string()));
    assert_falls_back(&server.url, &["0 scores came back for 1 documents"]);
}

#[test]
fn a_server_that_is_down_is_named() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}");
    assert_falls_back(
        &url,
        &[
            &format!("cannot reach the model server at {url}/rerank"),
            "after 3 attempts",
        ],
    );
}

#[test]
fn a_warm_cache_sends_nothing_and_no_cache_sends_again() {
    let server = TestServer::start(|_, _| Reply::Model);
    let cache = tempfile::tempdir().unwrap();
    let cold = check(&server.url, &[], cache.path());
    cold.run.code(1);
    assert_eq!(cold.json["engine"], "reranker");
    let sent = server.requests().len();
    assert!(sent >= 1);
    let warm = check(&server.url, &[], cache.path());
    assert_eq!(server.requests().len(), sent, "a warm run sent requests");
    assert_eq!(warm.json["findings"], cold.json["findings"]);
    check(&server.url, &["--no-cache"], cache.path());
    assert_eq!(server.requests().len(), 2 * sent);
}

#[test]
fn rerank_command_scores_through_the_server_as_in_process() {
    let server = TestServer::start(|_, _| Reply::Model);
    let dir = tempfile::tempdir().unwrap();
    let pairs = fixture_pairs();
    let (q, d1, d2) = (&pairs[0].0, &pairs[0].1, &pairs[1].1);
    for (name, text) in [("q.py", q), ("a.py", d1), ("b.py", d2)] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let args = |how: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "rerank",
            "--query",
            "q.py",
            "a.py",
            "b.py",
            "--format",
            "json",
            "--no-cache",
        ]
        .map(String::from)
        .to_vec();
        a.extend(how.iter().map(|s| s.to_string()));
        a
    };
    let lib = dep("DEDUPE_TEST_ORT_LIB");
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        run_in_env(dir.path(), &a, &[])
    };
    let remote = run(args(&["--reranker-url", &server.url]));
    let local = run(args(&[
        "--model",
        model_dir().to_str().unwrap(),
        "--ort-lib",
        lib.to_str().unwrap(),
    ]));
    let (remote, local) = (remote.code(0).json(), local.code(0).json());
    for (r, l) in remote
        .as_array()
        .unwrap()
        .iter()
        .zip(local.as_array().unwrap())
    {
        assert_eq!(r["document"], l["document"]);
        let d = (r["score"].as_f64().unwrap() - l["score"].as_f64().unwrap()).abs();
        assert!(d < 1e-5, "{r} vs {l}");
    }

    // A bad URL is named without echoing it (it could hold credentials).
    let bad = run(args(&["--reranker-url", "http://user:pw@host"]));
    bad.code(2);
    assert!(
        bad.stderr
            .contains("--reranker-url: the URL holds credentials"),
        "{bad}"
    );
    assert!(!bad.stderr.contains("pw@"), "{bad}");
}
