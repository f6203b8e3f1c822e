//! A small model server that answers like vLLM serving the original Qwen3-Reranker: it
//! tokenizes the query and each document string with the tokenizer's special tokens
//! recognised, joins the two id lists and scores sigmoid(yes − no) at the last position,
//! with the model of a dedupe-check model directory. `/rerank`, `/v1/rerank` (also the TEI
//! shape, `texts`), `/score`, `/v1/score`.
//!
//! For the tests and benchmarks of the remote reranker; not a production server.
//!
//!     cargo run --release --example rerank_server -- MODEL_DIR LIBONNXRUNTIME [PORT]
//!     cargo run --release --example rerank_server -- --constant SCORE [PORT]
//!
//! `--constant` answers every document with SCORE and runs no model: what is left of a
//! request's time is the client's and the transport's.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::path::Path;
use std::sync::Mutex;

use dedupe_check::config::Device;
use dedupe_check::rerank::manifest::ModelDir;
use dedupe_check::rerank::session::OnnxScorer;
use dedupe_check::rerank::{batch, runtime, score_of};

/// Scores of a query's documents.
pub type Scores<'a> = &'a (dyn Fn(&str, &[String]) -> Vec<f64> + Sync);
/// The same, shared by the server's workers.
pub type SharedScores = std::sync::Arc<dyn Fn(&str, &[String]) -> Vec<f64> + Send + Sync>;

pub struct Model {
    tokenizer: tokenizers::Tokenizer,
    scorer: Mutex<OnnxScorer>,
    _env: ort::environment::Environment,
}

impl Model {
    pub fn load(dir: &Path, ort_lib: &Path) -> Model {
        let model = ModelDir::open(dir).expect("a dedupe-check model directory");
        let env = runtime::environment(ort_lib).expect("ONNX Runtime");
        let tokenizer =
            tokenizers::Tokenizer::from_file(model.tokenizer_path()).expect("tokenizer.json");
        let id = |t: &str| tokenizer.token_to_id(t).expect("a Qwen3 tokenizer");
        let ids = (
            id(&model.manifest.yes_token),
            id(&model.manifest.no_token),
            id("<|endoftext|>"),
        );
        let scorer = OnnxScorer::load(&env, &model.model_path(), Device::Cpu, 0, ids)
            .expect("the model loads");
        Model {
            tokenizer,
            scorer: Mutex::new(scorer),
            _env: env,
        }
    }

    fn ids(&self, text: &str) -> Vec<u32> {
        // encode() matches added tokens in the text: what a server does with text.
        self.tokenizer
            .encode(text, false)
            .expect("tokenizes")
            .get_ids()
            .to_vec()
    }

    /// Probabilities of each (query, document), in left-padded batches packed as the
    /// in-process path packs them, so that a benchmark compares like with like.
    pub fn scores(&self, query: &str, documents: &[String]) -> Vec<f64> {
        let q = self.ids(query);
        let rows: Vec<Vec<u32>> = documents
            .iter()
            .map(|d| q.iter().copied().chain(self.ids(d)).collect())
            .collect();
        let lens: Vec<usize> = rows.iter().map(Vec::len).collect();
        let mut out = vec![0.0; rows.len()];
        let mut scorer = self.scorer.lock().unwrap_or_else(|e| e.into_inner());
        for group in batch::plan(&lens, 8192) {
            let refs: Vec<&[u32]> = group.iter().map(|&i| rows[i].as_slice()).collect();
            let logits = scorer.run(&refs).expect("inference");
            for (&i, l) in group.iter().zip(logits) {
                out[i] = f64::from(score_of(l));
            }
        }
        out
    }
}

/// Status and JSON body of vLLM's (or TEI's) answer to `body` at `path`.
pub fn answer(scores: Scores<'_>, path: &str, body: &[u8]) -> (u16, Value) {
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return (400, json!({"error": "the body is not JSON"}));
    };
    let texts = |key: &str| -> Option<Vec<String>> {
        request
            .get(key)?
            .as_array()?
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let path = path.split('?').next().unwrap_or_default();
    match path {
        "/rerank" | "/v1/rerank" => {
            let Some(query) = request.get("query").and_then(Value::as_str) else {
                return (400, json!({"error": "no query"}));
            };
            if let Some(docs) = texts("texts") {
                let scores = scores(query, &docs);
                let mut out: Vec<Value> = scores
                    .iter()
                    .enumerate()
                    .map(|(i, s)| json!({"index": i, "score": s}))
                    .collect();
                out.sort_by(|a, b| by_key(b, a, "score"));
                return (200, Value::Array(out));
            }
            let Some(docs) = texts("documents") else {
                return (400, json!({"error": "no documents"}));
            };
            let scores = scores(query, &docs);
            // vLLM sorts by relevance, best first: the client must use the indices.
            let mut results: Vec<Value> = scores
                .iter()
                .enumerate()
                .map(|(i, s)| json!({"index": i, "document": {"text": docs[i]}, "relevance_score": s}))
                .collect();
            results.sort_by(|a, b| by_key(b, a, "relevance_score"));
            (
                200,
                json!({"id": "rerank-1", "model": request["model"], "results": results,
                       "usage": {"total_tokens": 0}}),
            )
        }
        "/score" | "/v1/score" => {
            let (Some(query), Some(docs)) = (
                request.get("text_1").and_then(Value::as_str),
                texts("text_2"),
            ) else {
                return (
                    400,
                    json!({"error": "expected text_1 (a string) and text_2 (a list)"}),
                );
            };
            let data: Vec<Value> = scores(query, &docs)
                .iter()
                .enumerate()
                .map(|(i, s)| json!({"index": i, "object": "score", "score": s}))
                .collect();
            (
                200,
                json!({"id": "score-1", "object": "list", "model": request["model"], "data": data}),
            )
        }
        _ => (404, json!({"detail": "Not Found"})),
    }
}

fn by_key(a: &Value, b: &Value, key: &str) -> std::cmp::Ordering {
    let f = |v: &Value| v[key].as_f64().unwrap_or(f64::NAN);
    f(a).total_cmp(&f(b))
}

/// Answers requests on `server` with `threads` workers, forever.
pub fn serve(scores: SharedScores, server: std::sync::Arc<tiny_http::Server>, threads: usize) {
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (scores, server) = (scores.clone(), server.clone());
            std::thread::spawn(move || {
                while let Ok(mut request) = server.recv() {
                    let mut body = Vec::new();
                    let _ = std::io::Read::read_to_end(request.as_reader(), &mut body);
                    let (status, value) = answer(&*scores, request.url(), &body);
                    let _ = request.respond(json_response(status, &value));
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
}

pub fn json_response(status: u16, value: &Value) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_data(value.to_string().into_bytes())
        .with_status_code(status)
        .with_header(
            "Content-Type: application/json"
                .parse::<tiny_http::Header>()
                .expect("a header"),
        )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [first, second, rest @ ..] = args.as_slice() else {
        eprintln!("usage: rerank_server MODEL_DIR LIBONNXRUNTIME [PORT] | --constant SCORE [PORT]");
        std::process::exit(2);
    };
    let port = rest.first().map(String::as_str).unwrap_or("0");
    let scores: SharedScores = if first == "--constant" {
        let score: f64 = second.parse().expect("a score");
        std::sync::Arc::new(move |_: &str, docs: &[String]| vec![score; docs.len()])
    } else {
        let model = Model::load(Path::new(first), Path::new(second));
        std::sync::Arc::new(move |q: &str, docs: &[String]| model.scores(q, docs))
    };
    let server = std::sync::Arc::new(
        tiny_http::Server::http(format!("127.0.0.1:{port}")).expect("the port is free"),
    );
    println!(
        "listening on http://{}",
        server.server_addr().to_ip().expect("an IP address")
    );
    serve(scores, server, 8);
}
