//! POSTing JSON to the model server: a per-request timeout, a deadline for the run, and
//! bounded retries with exponential backoff (or the server's Retry-After) when the server
//! cannot take a request now. Scoring requests are idempotent, so retrying them is safe.

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

use super::RemoteError;

/// Largest answer read: a score list is a few kilobytes.
const MAX_ANSWER_BYTES: usize = 16 << 20;

/// Longest single wait between retries, whatever the server asks.
const MAX_WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub retries: u32,
    pub backoff: Duration,
}

pub struct Transport {
    client: Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    /// `Bearer …`, marked sensitive so that no debug output shows it.
    auth: Option<HeaderValue>,
    pub limits: Limits,
}

/// What the server said: status, headers and the body.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// Why one attempt failed, and whether another may succeed.
enum Attempt {
    Retry(RemoteError, Option<Duration>),
    Fatal(RemoteError),
}

impl Transport {
    pub fn new(https: bool, token: Option<&str>, limits: Limits) -> Result<Transport, RemoteError> {
        let tls = tls_config(https)?;
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        let auth = match token {
            Some(t) => {
                let mut v = HeaderValue::from_str(&format!("Bearer {t}")).map_err(|_| {
                    RemoteError::Client(format!(
                        "{} holds characters that cannot go in an HTTP header",
                        crate::config::TOKEN_ENV
                    ))
                })?;
                v.set_sensitive(true);
                Some(v)
            }
            None => None,
        };
        Ok(Transport {
            client,
            auth,
            limits,
        })
    }

    pub fn has_token(&self) -> bool {
        self.auth.is_some()
    }

    /// POSTs `body` to `url` until it is answered 2xx, retrying what may pass later, and
    /// gives up at `deadline`. `shown` is the URL for messages.
    pub async fn post(
        &self,
        url: &http::Uri,
        shown: &str,
        body: Bytes,
        deadline: Instant,
    ) -> Result<Bytes, RemoteError> {
        let attempts = self.limits.retries + 1;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(RemoteError::Budget {
                    url: shown.to_string(),
                });
            }
            let wait = self.limits.timeout.min(left);
            let outcome = match tokio::time::timeout(wait, self.send(url, body.clone())).await {
                Err(_) if wait < self.limits.timeout => Attempt::Fatal(RemoteError::Budget {
                    url: shown.to_string(),
                }),
                // A request that timed out is not retried: the next would likely wait as long.
                Err(_) => Attempt::Fatal(RemoteError::Timeout {
                    url: shown.to_string(),
                    secs: self.limits.timeout.as_secs_f64(),
                }),
                Ok(Err(e)) => classify(e, shown),
                Ok(Ok(answer)) if answer.status.is_success() => return Ok(answer.body),
                Ok(Ok(answer)) => self.refused(answer, shown),
            };
            let (error, asked) = match outcome {
                Attempt::Fatal(e) => return Err(e),
                Attempt::Retry(e, asked) => (e, asked),
            };
            if attempt >= attempts {
                return Err(error.after(attempts));
            }
            let delay = asked
                .unwrap_or_else(|| backoff(self.limits.backoff, attempt))
                .min(MAX_WAIT);
            if Instant::now() + delay >= deadline {
                return Err(error.out_of_budget(delay));
            }
            tokio::time::sleep(delay).await;
        }
    }

    async fn send(&self, url: &http::Uri, body: Bytes) -> Result<Answer, SendError> {
        let mut request = Request::post(url.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(
                header::USER_AGENT,
                concat!("dedupe-check/", env!("CARGO_PKG_VERSION")),
            )
            .body(Full::new(body))
            .map_err(|e| SendError::Other(e.to_string()))?;
        if let Some(auth) = &self.auth {
            request
                .headers_mut()
                .insert(header::AUTHORIZATION, auth.clone());
        }
        let response = self
            .client
            .request(request)
            .await
            .map_err(SendError::Client)?;
        let (parts, incoming) = response.into_parts();
        let body = Limited::new(incoming, MAX_ANSWER_BYTES)
            .collect()
            .await
            .map_err(|e| SendError::Body(e.to_string()))?
            .to_bytes();
        Ok(Answer {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }

    /// A non-2xx answer: retried when the server says it cannot take the request now.
    fn refused(&self, answer: Answer, shown: &str) -> Attempt {
        let status = answer.status;
        let error = RemoteError::Status {
            url: shown.to_string(),
            status: status_text(status),
            body: super::api::excerpt(&answer.body),
            hint: hint(status, self.has_token()),
        };
        match status.as_u16() {
            429 | 502 | 503 | 504 => Attempt::Retry(error, retry_after(&answer.headers)),
            _ => Attempt::Fatal(error),
        }
    }
}

enum SendError {
    Client(hyper_util::client::legacy::Error),
    Body(String),
    Other(String),
}

/// Connection failures may pass (a server starting, a proxy restarting); TLS failures and
/// malformed requests will not.
fn classify(e: SendError, shown: &str) -> Attempt {
    let connect = |message: String| RemoteError::Connect {
        url: shown.to_string(),
        message,
    };
    match e {
        SendError::Client(e) => {
            let message = chain(&e);
            if let Some(tls) = tls_error(&e) {
                return Attempt::Fatal(RemoteError::Tls {
                    url: shown.to_string(),
                    message: tls,
                });
            }
            Attempt::Retry(connect(message), None)
        }
        SendError::Body(message) => Attempt::Retry(connect(message), None),
        SendError::Other(message) => Attempt::Fatal(RemoteError::Client(message)),
    }
}

/// The error and its causes on one line.
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

fn tls_error(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(tls) = s.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && let Some(tls) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>())
        {
            return Some(tls.to_string());
        }
        source = s.source();
    }
    None
}

fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// What to do about a status, for the message.
fn hint(status: StatusCode, has_token: bool) -> String {
    let env = crate::config::TOKEN_ENV;
    match status.as_u16() {
        401 | 403 if has_token => format!("the server refused the token in {env}"),
        401 | 403 => format!(
            "the server wants a token: set {env} (the Action's reranker-token input)"
        ),
        404 | 405 => "no such endpoint: check model.url (the server's base URL, such as http://host:8000 or \
                http://host:8000/v1) and model.api (rerank, score or tei); vLLM serves them for a pooling model \
                (--runner pooling)"
            .into(),
        400 | 422 => "the server rejected the request: is model.name the model it serves, and do the texts fit \
                its context length?"
            .into(),
        413 => "the request is too large for the server: lower top_k or raise the server's body limit".into(),
        429 | 502 | 503 | 504 => "the server is overloaded or restarting".into(),
        _ => "the server failed".into(),
    }
}

/// Retry-After as seconds or as an HTTP date (RFC 9110 allows both; a date in the past
/// means now).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Exponential backoff with up to 25 % jitter, so that jobs retrying together spread out.
fn backoff(base: Duration, attempt: u32) -> Duration {
    let exp = base.saturating_mul(1 << (attempt - 1).min(10));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    exp + exp.mul_f64(f64::from(nanos % 1000) / 4000.0)
}

/// rustls with the system's roots (SSL_CERT_FILE and SSL_CERT_DIR are honoured); an
/// http:// server needs none.
pub(crate) fn tls_config(https: bool) -> Result<rustls::ClientConfig, RemoteError> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    if https {
        let found = rustls_native_certs::load_native_certs();
        for cert in found.certs {
            // A certificate the store cannot parse is skipped, as browsers do.
            let _ = roots.add(cert);
        }
        if roots.is_empty() {
            return Err(RemoteError::Client(format!(
                "no trusted root certificates found on this system{} (install ca-certificates, or point \
                 SSL_CERT_FILE at a PEM file of them)",
                found
                    .errors
                    .first()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            )));
        }
    }
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| RemoteError::Client(e.to_string()))
        .map(|b| b.with_root_certificates(roots).with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_bounded_jitter() {
        let base = Duration::from_millis(100);
        for attempt in 1..=4 {
            let d = backoff(base, attempt);
            let exp = base * (1 << (attempt - 1));
            assert!(d >= exp && d <= exp.mul_f64(1.25), "{attempt}: {d:?}");
        }
    }

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let mut h = HeaderMap::new();
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        // A date in the past: retry now.
        h.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        let later = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
        h.insert(header::RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let wait = retry_after(&h).unwrap();
        assert!(
            wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }
}
