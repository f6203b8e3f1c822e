//! The reranker on a model server (vLLM, or any server with a /rerank API): the same
//! judge as the in-process one, with the same prompt, so the same scores.
//!
//! One request per checked function (its candidates are the documents), at most
//! `model.concurrency` in flight, each with a timeout, all within `model.budget`, retried
//! when the server cannot take them now. Scores go to the same score cache as local ones.
//! A failure of any kind is a [`JudgeUnavailable`]: the flow decides what follows.

pub mod api;
pub mod transport;

use bytes::Bytes;
use rustc_hash::FxHashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::cache::{self, ScoreCache};
use super::{prompt, score_of};
use crate::config::{ModelConfig, RemoteApi, ServerUrl, TOKEN_ENV};
use crate::detect::{JudgeUnavailable, PairJudge, PairScore};
use transport::{Limits, Transport};

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
    #[error("cannot reach the model server at {url}: {message}")]
    Connect { url: String, message: String },
    #[error(
        "TLS with the model server at {url} failed: {message} (for a private CA, point SSL_CERT_FILE at its \
         certificate)"
    )]
    Tls { url: String, message: String },
    #[error("the model server at {url} answered {status} ({body}): {hint}")]
    Status {
        url: String,
        status: String,
        body: String,
        hint: String,
    },
    #[error("the model server at {url} did not answer within {secs}s (model.timeout)")]
    Timeout { url: String, secs: f64 },
    #[error(
        "the model server at {url} did not answer every request within the run's budget (model.budget)"
    )]
    Budget { url: String },
    #[error("the model server at {url} answered 200 OK but {problem}; expected {expected}")]
    Malformed {
        url: String,
        problem: String,
        expected: &'static str,
    },
    #[error("{error}, after {attempts} attempts")]
    GaveUp {
        error: Box<RemoteError>,
        attempts: u32,
    },
    #[error("{error}; the retry in {wait:.1}s would end past the run's budget (model.budget)")]
    NoTimeToRetry { error: Box<RemoteError>, wait: f64 },
}

impl RemoteError {
    fn after(self, attempts: u32) -> RemoteError {
        if attempts <= 1 {
            return self;
        }
        RemoteError::GaveUp {
            error: Box::new(self),
            attempts,
        }
    }

    fn out_of_budget(self, wait: Duration) -> RemoteError {
        RemoteError::NoTimeToRetry {
            error: Box::new(self),
            wait: wait.as_secs_f64(),
        }
    }
}

/// The bearer token from the environment (an empty value counts as none).
pub fn token_from_env() -> Option<String> {
    std::env::var(TOKEN_ENV)
        .ok()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

pub struct RemoteJudge {
    runtime: tokio::runtime::Runtime,
    transport: Arc<Transport>,
    url: http::Uri,
    shown: String,
    api: RemoteApi,
    model: String,
    instruction: String,
    server_template: bool,
    concurrency: usize,
    budget: Duration,
    /// The end of the run's budget, from its first request.
    deadline: Option<Instant>,
    threshold: f32,
    model_key: String,
    cache: ScoreCache,
    cache_warning: Option<String>,
    /// Kept only to scrub it from anything a server echoes back.
    token: Option<String>,
}

impl RemoteJudge {
    /// A client of the server at `url` (the configured `model.url` unless given).
    pub fn new(
        config: &ModelConfig,
        url: &ServerUrl,
        token: Option<String>,
    ) -> Result<RemoteJudge, RemoteError> {
        let endpoint = api::endpoint(url, config.api);
        let parsed: http::Uri = endpoint
            .parse()
            .map_err(|e| RemoteError::Client(format!("{endpoint}: {e}")))?;
        let limits = Limits {
            timeout: config.timeout.0,
            retries: config.retries,
            backoff: config.backoff.0,
        };
        let https = parsed.scheme_str() == Some("https");
        let transport = Transport::new(https, token.as_deref(), limits)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| RemoteError::Client(format!("cannot start the I/O runtime: {e}")))?;
        let mode = if config.server_template {
            "server-template"
        } else {
            "exact-prompt"
        };
        let cache = match (config.cache, crate::cache_dir::default_dir()) {
            (true, Some(dir)) => ScoreCache::open(&dir),
            _ => ScoreCache::disabled(),
        };
        Ok(RemoteJudge {
            runtime,
            transport: Arc::new(transport),
            url: parsed,
            shown: endpoint,
            api: config.api,
            model: config.name.clone(),
            instruction: config
                .instruction
                .clone()
                .unwrap_or_else(|| prompt::DEFAULT_INSTRUCTION.to_string()),
            server_template: config.server_template,
            concurrency: config.concurrency.max(1),
            budget: config.budget.0,
            deadline: None,
            threshold: config.threshold,
            // Any server of the same model gives the same scores: the URL is not in the key.
            model_key: format!("remote/{}/{mode}/prompt-{}", config.name, prompt::VERSION),
            cache,
            cache_warning: None,
            token,
        })
    }

    /// The URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.shown
    }

    fn query_text(&self, query: &str) -> String {
        if self.server_template {
            prompt::neutralise(query).into_owned()
        } else {
            prompt::remote_query(&self.instruction, query)
        }
    }

    fn document_text(&self, document: &str) -> String {
        if self.server_template {
            prompt::neutralise(document).into_owned()
        } else {
            prompt::remote_document(document)
        }
    }

    /// yes−no logits of (query, document) pairs, in input order; cached pairs are not sent.
    pub fn logits(&mut self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, RemoteError> {
        let keys: Vec<[u8; 16]> = pairs
            .iter()
            .map(|(q, d)| cache::key(&self.model_key, &self.instruction, q, d))
            .collect();
        let mut out: Vec<Option<f32>> = keys.iter().map(|k| self.cache.get(k)).collect();
        // One request per query: its candidates are its documents.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut group_of: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, (q, _)) in pairs.iter().enumerate() {
            if out[i].is_some() {
                continue;
            }
            let g = *group_of.entry(q).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        if groups.is_empty() {
            return Ok(out.into_iter().flatten().collect());
        }
        let deadline = *self
            .deadline
            .get_or_insert_with(|| Instant::now() + self.budget);
        let bodies: Vec<Bytes> = groups
            .iter()
            .map(|members| {
                let query = self.query_text(pairs[members[0]].0);
                let docs: Vec<String> = members
                    .iter()
                    .map(|&i| self.document_text(pairs[i].1))
                    .collect();
                Bytes::from(api::body(self.api, &self.model, &query, &docs).to_string())
            })
            .collect();
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        let (scored, failure) = self.runtime.block_on(send_all(
            self.transport.clone(),
            Request {
                url: self.url.clone(),
                shown: self.shown.clone(),
                api: self.api,
            },
            bodies,
            sizes,
            self.concurrency,
            deadline,
        ));
        // What was answered is kept, also when another request failed: a re-run sends less.
        let mut fresh = Vec::new();
        for (g, scores) in scored {
            for (&i, s) in groups[g].iter().zip(scores) {
                let logit = logit_of(s);
                out[i] = Some(logit);
                fresh.push((keys[i], logit));
            }
        }
        if let Err(w) = self.cache.put_all(&fresh) {
            self.cache_warning.get_or_insert(w);
        }
        if let Some(e) = failure {
            return Err(e);
        }
        Ok(out
            .into_iter()
            .map(|l| l.expect("every pair scored"))
            .collect())
    }

    /// `message` with the token, should a server have echoed it, blanked out.
    fn scrub(&self, message: String) -> String {
        match &self.token {
            Some(t) if message.contains(t.as_str()) => message.replace(t.as_str(), "[redacted]"),
            _ => message,
        }
    }
}

/// Where requests go, shared by the tasks.
#[derive(Clone)]
struct Request {
    url: http::Uri,
    shown: String,
    api: RemoteApi,
}

/// Sends every body with at most `concurrency` in flight; returns the scores of the
/// requests answered (by request index) and the first failure, after which the rest are
/// cancelled.
async fn send_all(
    transport: Arc<Transport>,
    request: Request,
    bodies: Vec<Bytes>,
    sizes: Vec<usize>,
    concurrency: usize,
    deadline: Instant,
) -> (Vec<(usize, Vec<f64>)>, Option<RemoteError>) {
    let permits = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, body) in bodies.into_iter().enumerate() {
        let (transport, request, permits, n) = (
            transport.clone(),
            request.clone(),
            permits.clone(),
            sizes[i],
        );
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let answer = transport
                .post(&request.url, &request.shown, body, deadline)
                .await?;
            api::parse(request.api, &answer, n)
                .map(|scores| (i, scores))
                .map_err(|m| RemoteError::Malformed {
                    url: request.shown.clone(),
                    problem: m.problem,
                    expected: m.expected,
                })
        });
    }
    let mut scored = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let result = joined.unwrap_or_else(|e| Err(RemoteError::Client(e.to_string())));
        match result {
            Ok(s) => scored.push(s),
            Err(e) => {
                tasks.abort_all();
                return (scored, Some(e));
            }
        }
    }
    (scored, None)
}

/// The yes−no logit of a probability: the number the local judge and the cache keep.
fn logit_of(score: f64) -> f32 {
    let p = score.clamp(1e-12, 1.0 - 1e-12);
    (p.ln() - (1.0 - p).ln()) as f32
}

impl PairJudge for RemoteJudge {
    fn judge(&mut self, pairs: &[(&str, &str)]) -> anyhow::Result<Vec<PairScore>> {
        match self.logits(pairs) {
            Ok(logits) => Ok(logits
                .into_iter()
                .map(|logit| PairScore {
                    score: score_of(logit),
                    logit,
                })
                .collect()),
            Err(e) => {
                let reason = self.scrub(e.to_string());
                Err(JudgeUnavailable { reason }.into())
            }
        }
    }

    fn threshold(&self) -> f32 {
        self.threshold
    }

    fn notices(&mut self) -> Vec<String> {
        self.cache_warning.take().into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logits_round_trip_through_scores() {
        for logit in [-9.0f32, -1.02, 0.0, 0.5, 7.25] {
            let back = logit_of(f64::from(score_of(logit)));
            assert!((back - logit).abs() < 1e-3, "{logit} -> {back}");
        }
        assert!(logit_of(1.0).is_finite() && logit_of(0.0).is_finite());
    }
}
