//! GETs against the hub: redirects followed, the token sent only to the hub's own origin,
//! bodies streamed to a file so that a cut download keeps what arrived.

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Request, StatusCode, Uri, header};
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::io::Write;
use std::time::Duration;

use super::HubError;

/// Most redirects followed for one file.
const MAX_REDIRECTS: usize = 10;
/// Longest wait for an answer's headers, and for each chunk of a body.
const IDLE: Duration = Duration::from_secs(60);

pub struct Http {
    client: Client<hyper_rustls::HttpsConnector<HttpConnector>, Empty<Bytes>>,
    runtime: tokio::runtime::Runtime,
    /// `Bearer …`, marked sensitive so that no debug output shows it.
    auth: Option<HeaderValue>,
    /// scheme://authority of the hub: the only origin the token goes to.
    origin: String,
}

/// An answer whose body is still to be read; `first` holds the headers of the first hop
/// (the hub's own answer before any redirect).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub first: HeaderMap,
    pub url: String,
    body: Incoming,
}

impl Http {
    pub fn new(endpoint: &str, token: Option<&str>) -> Result<Http, HubError> {
        let client_error = |message: String| HubError::Client { message };
        let uri: Uri = endpoint.parse().map_err(|e| {
            client_error(format!(
                "HF_ENDPOINT {endpoint:?} is not a URL ({e}): e.g. https://huggingface.co"
            ))
        })?;
        let https = uri.scheme_str() == Some("https");
        let tls = crate::rerank::remote::transport::tls_config(https)
            .map_err(|e| client_error(e.to_string()))?;
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .build();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| client_error(e.to_string()))?;
        let auth = match token {
            Some(t) => {
                let mut v = HeaderValue::from_str(&format!("Bearer {t}")).map_err(|_| {
                    client_error(
                        "HF_TOKEN holds characters that cannot go in an HTTP header".into(),
                    )
                })?;
                v.set_sensitive(true);
                Some(v)
            }
            None => None,
        };
        Ok(Http {
            client: Client::builder(TokioExecutor::new()).build(connector),
            runtime,
            auth,
            origin: origin(&uri),
        })
    }

    pub fn has_token(&self) -> bool {
        self.auth.is_some()
    }

    /// GET `url` (with `Range: bytes=FROM-` when `from` is set), following redirects.
    pub fn get(&self, url: &str, from: Option<u64>) -> Result<Answer, HubError> {
        self.runtime.block_on(self.get_async(url, from))
    }

    async fn get_async(&self, url: &str, from: Option<u64>) -> Result<Answer, HubError> {
        let mut current = url.to_string();
        let mut first: Option<HeaderMap> = None;
        for _ in 0..=MAX_REDIRECTS {
            let uri: Uri = current.parse().map_err(|e| HubError::Connect {
                url: current.clone(),
                message: format!("not a URL: {e}"),
            })?;
            let mut request = Request::get(uri.clone())
                .header(
                    header::USER_AGENT,
                    concat!("dedupe-check/", env!("CARGO_PKG_VERSION")),
                )
                .body(Empty::new())
                .map_err(|e| HubError::Client {
                    message: e.to_string(),
                })?;
            if let Some(start) = from {
                let range = HeaderValue::from_str(&format!("bytes={start}-")).expect("ascii");
                request.headers_mut().insert(header::RANGE, range);
            }
            if let Some(auth) = &self.auth
                && origin(&uri) == self.origin
            {
                request
                    .headers_mut()
                    .insert(header::AUTHORIZATION, auth.clone());
            }
            let response = tokio::time::timeout(IDLE, self.client.request(request))
                .await
                .map_err(|_| HubError::Connect {
                    url: current.clone(),
                    message: format!("no answer within {}s", IDLE.as_secs()),
                })?
                .map_err(|e| HubError::Connect {
                    url: current.clone(),
                    message: crate::rerank::remote::transport::chain(&e),
                })?;
            let (parts, body) = response.into_parts();
            let first = first.get_or_insert_with(|| parts.headers.clone()).clone();
            if parts.status.is_redirection()
                && let Some(location) = parts.headers.get(header::LOCATION)
            {
                let location = location.to_str().unwrap_or_default();
                current = join(&uri, location);
                continue;
            }
            return Ok(Answer {
                status: parts.status,
                headers: parts.headers,
                first,
                url: current,
                body,
            });
        }
        Err(HubError::Connect {
            url: url.to_string(),
            message: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }

    /// The whole body, for small answers (the API's JSON).
    pub fn read_all(&self, answer: Answer) -> Result<Bytes, HubError> {
        let url = answer.url;
        self.runtime.block_on(async {
            let collected = tokio::time::timeout(IDLE * 2, answer.body.collect())
                .await
                .map_err(|_| HubError::Connect {
                    url: url.clone(),
                    message: "the answer stalled".into(),
                })?;
            collected
                .map(|c| c.to_bytes())
                .map_err(|e| HubError::Connect {
                    url,
                    message: crate::rerank::remote::transport::chain(&e),
                })
        })
    }

    /// Appends the body to `out` as it arrives; returns the bytes written, or the error and
    /// the bytes written before it (they stay in `out`, to be resumed).
    pub fn stream_to(
        &self,
        answer: Answer,
        out: &mut std::fs::File,
        bar: &indicatif::ProgressBar,
    ) -> Result<u64, (u64, String)> {
        let mut body = answer.body;
        self.runtime.block_on(async move {
            let mut written = 0u64;
            loop {
                let frame = match tokio::time::timeout(IDLE, body.frame()).await {
                    Err(_) => return Err((written, format!("stalled for {}s", IDLE.as_secs()))),
                    Ok(None) => return Ok(written),
                    Ok(Some(Err(e))) => {
                        return Err((written, crate::rerank::remote::transport::chain(&e)));
                    }
                    Ok(Some(Ok(frame))) => frame,
                };
                if let Ok(data) = frame.into_data() {
                    out.write_all(&data).map_err(|e| (written, e.to_string()))?;
                    written += data.len() as u64;
                    bar.inc(data.len() as u64);
                }
            }
        })
    }
}

/// scheme://authority of a URL.
fn origin(uri: &Uri) -> String {
    format!(
        "{}://{}",
        uri.scheme_str().unwrap_or("http"),
        uri.authority().map(|a| a.as_str()).unwrap_or("")
    )
}

/// A Location header against the URL it answered.
fn join(base: &Uri, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_string();
    }
    if location.starts_with('/') {
        return format!("{}{location}", origin(base));
    }
    let path = base.path();
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    format!("{}{dir}{location}", origin(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_answering_url() {
        let base: Uri = "https://hub.test/o/n/resolve/abc/onnx/m.onnx"
            .parse()
            .unwrap();
        assert_eq!(join(&base, "https://cdn.test/x"), "https://cdn.test/x");
        assert_eq!(join(&base, "/blobs/1"), "https://hub.test/blobs/1");
        assert_eq!(
            join(&base, "x.onnx"),
            "https://hub.test/o/n/resolve/abc/onnx/x.onnx"
        );
    }
}
