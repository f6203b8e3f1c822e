//! The GitHub REST calls of the review, through octocrab's HTTP layer (auth, base URI,
//! timeouts), with our own request bodies, status handling, rate-limit retries and
//! pagination.

use http::{HeaderMap, Method, StatusCode, Uri};
use octocrab::Octocrab;
use serde::Serialize;
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Retries after a rate-limit answer, at most.
pub const MAX_RETRIES: u32 = 3;
/// The longest a rate limit is waited out; a longer one is an error at once.
pub const MAX_WAIT: Duration = Duration::from_secs(60);
/// Pages of a list, at most (100 items each).
const MAX_PAGES: u32 = 100;
const PER_PAGE: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 403 or 404 that is not a rate limit: the token may not write (a fork's PR) or
    /// cannot see the repository.
    #[error("GitHub answered {status} to {method} {path}: {message}")]
    Denied {
        status: u16,
        method: Method,
        path: String,
        message: String,
    },
    /// 422: GitHub could not process the request (e.g. a line outside the diff).
    #[error("GitHub answered 422 to {method} {path}: {message}")]
    Unprocessable {
        method: Method,
        path: String,
        message: String,
    },
    #[error("GitHub rate limit on {method} {path}: {detail}")]
    RateLimited {
        method: Method,
        path: String,
        detail: String,
    },
    #[error("GitHub answered {status} to {method} {path}: {message}")]
    Status {
        status: u16,
        method: Method,
        path: String,
        message: String,
    },
    #[error("cannot reach the GitHub API ({method} {path}): {message}")]
    Network {
        method: Method,
        path: String,
        message: String,
    },
    #[error("unexpected answer from GitHub to {method} {path}: {message}")]
    Decode {
        method: Method,
        path: String,
        message: String,
    },
}

pub struct Api {
    octo: Octocrab,
    /// Kept to scrub it from anything a server or proxy echoes back into an error.
    token: String,
    /// The authority of the API base, to keep pagination links on the same host.
    authority: Option<String>,
}

impl Api {
    /// Must be called inside a Tokio runtime (octocrab spawns its service there).
    pub fn new(api_url: &str, token: &str) -> anyhow::Result<Api> {
        let base: Uri = api_url
            .parse()
            .map_err(|e| anyhow::anyhow!("invalid GitHub API URL {api_url:?}: {e}"))?;
        if base.scheme().is_none() || base.authority().is_none() {
            anyhow::bail!("invalid GitHub API URL {api_url:?}: expected http(s)://host[/path]");
        }
        let built = Octocrab::builder()
            .base_uri(base.clone())?
            .personal_token(token.to_string())
            .add_header(
                http::header::ACCEPT,
                "application/vnd.github+json".to_string(),
            )
            .add_header(
                http::HeaderName::from_static("x-github-api-version"),
                "2022-11-28".to_string(),
            )
            .set_connect_timeout(Some(Duration::from_secs(15)))
            .set_read_timeout(Some(Duration::from_secs(60)))
            .set_write_timeout(Some(Duration::from_secs(60)))
            .build();
        let octo = built.map_err(|e| {
            anyhow::anyhow!(
                "cannot set up the GitHub client: {}",
                scrub(error_chain(&e), token)
            )
        })?;
        Ok(Api {
            octo,
            token: token.to_string(),
            authority: base.authority().map(|a| a.to_string()),
        })
    }

    pub async fn get(&self, path: &str) -> Result<(HeaderMap, Value), ApiError> {
        self.send(Method::GET, path, None::<&()>).await
    }

    pub async fn post<B: Serialize>(&self, path: &str, body: &B) -> Result<Value, ApiError> {
        Ok(self.send(Method::POST, path, Some(body)).await?.1)
    }

    pub async fn patch<B: Serialize>(&self, path: &str, body: &B) -> Result<Value, ApiError> {
        Ok(self.send(Method::PATCH, path, Some(body)).await?.1)
    }

    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.send(Method::DELETE, path, None::<&()>)
            .await
            .map(|_| ())
    }

    /// Every item of a list endpoint: follows `Link: rel="next"`, or, without a Link
    /// header, asks for the next page until a short page.
    pub async fn get_all(&self, path: &str) -> Result<Vec<Value>, ApiError> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut next = Some(format!("{path}{sep}per_page={PER_PAGE}&page=1"));
        let mut page = 1;
        while let Some(url) = next.take() {
            let (headers, value) = self.get(&url).await?;
            let Value::Array(batch) = value else {
                return Err(ApiError::Decode {
                    method: Method::GET,
                    path: url,
                    message: "expected a JSON array".into(),
                });
            };
            let full = batch.len() >= PER_PAGE;
            items.extend(batch);
            page += 1;
            if page > MAX_PAGES {
                break;
            }
            next = match headers.get(http::header::LINK) {
                Some(link) => link
                    .to_str()
                    .ok()
                    .and_then(next_link)
                    .and_then(|u| self.same_host_path(&u)),
                None if full => Some(format!("{path}{sep}per_page={PER_PAGE}&page={page}")),
                None => None,
            };
        }
        Ok(items)
    }

    /// The path and query of a pagination link, when it points at the API host (octocrab
    /// sends the token only with relative URIs).
    fn same_host_path(&self, url: &str) -> Option<String> {
        let uri: Uri = url.parse().ok()?;
        match uri.authority() {
            Some(a) if Some(a.as_str()) != self.authority.as_deref() => None,
            _ => uri.path_and_query().map(|p| p.as_str().to_string()),
        }
    }

    async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<(HeaderMap, Value), ApiError> {
        let network = |e: octocrab::Error| ApiError::Network {
            method: method.clone(),
            path: path.to_string(),
            message: self.scrub(error_chain(&e)),
        };
        let mut attempt = 0;
        loop {
            let response = match method {
                Method::GET => self.octo._get(path).await,
                Method::POST => self.octo._post(path, body).await,
                Method::PATCH => self.octo._patch(path, body).await,
                Method::DELETE => self.octo._delete(path, body).await,
                _ => unreachable!("only GET, POST, PATCH and DELETE are used"),
            }
            .map_err(network)?;
            let status = response.status();
            let headers = response.headers().clone();
            let text = self.octo.body_to_string(response).await.map_err(network)?;
            if status.is_success() {
                let value = if text.trim().is_empty() {
                    Value::Null
                } else {
                    serde_json::from_str(&text).map_err(|e| ApiError::Decode {
                        method: method.clone(),
                        path: path.to_string(),
                        message: self.scrub(e.to_string()),
                    })?
                };
                return Ok((headers, value));
            }
            let message = self.scrub(error_message(&text));
            if let Some(wait) = rate_limit_wait(status, &headers, &message, SystemTime::now()) {
                let detail = if attempt >= MAX_RETRIES {
                    Some(format!(
                        "still limited after {MAX_RETRIES} retries ({status}: {message})"
                    ))
                } else if wait > MAX_WAIT {
                    Some(format!(
                        "the limit resets in {}s, longer than the {}s this run waits ({status}: {message})",
                        wait.as_secs(),
                        MAX_WAIT.as_secs()
                    ))
                } else {
                    None
                };
                if let Some(detail) = detail {
                    return Err(ApiError::RateLimited {
                        method,
                        path: path.to_string(),
                        detail,
                    });
                }
                attempt += 1;
                tokio::time::sleep(wait).await;
                continue;
            }
            let path = path.to_string();
            return Err(match status {
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => ApiError::Denied {
                    status: status.as_u16(),
                    method,
                    path,
                    message,
                },
                StatusCode::UNPROCESSABLE_ENTITY => ApiError::Unprocessable {
                    method,
                    path,
                    message,
                },
                _ => ApiError::Status {
                    status: status.as_u16(),
                    method,
                    path,
                    message,
                },
            });
        }
    }
}

impl Api {
    /// `text` without the token.
    fn scrub(&self, text: String) -> String {
        scrub(text, &self.token)
    }
}

/// `text` with the token, should a server or proxy have echoed it, blanked out.
pub fn scrub(text: String, secret: &str) -> String {
    if secret.is_empty() || !text.contains(secret) {
        return text;
    }
    text.replace(secret, "[redacted]")
}

/// How long to wait before retrying, when the answer is a rate limit:
/// primary (`x-ratelimit-remaining: 0` until `x-ratelimit-reset`) or secondary
/// (`retry-after`, or a 403/429 that says so without a header: wait a minute).
pub fn rate_limit_wait(
    status: StatusCode,
    headers: &HeaderMap,
    message: &str,
    now: SystemTime,
) -> Option<Duration> {
    if status != StatusCode::FORBIDDEN && status != StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(secs) = header("retry-after").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_secs(secs));
    }
    if header("x-ratelimit-remaining") == Some("0") {
        let now = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        let reset = header("x-ratelimit-reset").and_then(|v| v.parse::<u64>().ok());
        // One second more, so the window has surely turned over.
        return Some(Duration::from_secs(
            reset.map_or(60, |r| r.saturating_sub(now) + 1),
        ));
    }
    if status == StatusCode::TOO_MANY_REQUESTS || message.to_lowercase().contains("rate limit") {
        return Some(Duration::from_secs(60));
    }
    None
}

/// The `rel="next"` URL of a `Link` header.
pub fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let mut pieces = part.split(';');
        let url = pieces.next()?.trim();
        let is_next = pieces.any(|p| {
            let p = p.trim();
            p == "rel=\"next\"" || p == "rel=next"
        });
        (is_next && url.starts_with('<') && url.ends_with('>'))
            .then(|| url[1..url.len() - 1].to_string())
    })
}

/// GitHub's error body (`message`, and the `errors` details) as one line.
fn error_message(text: &str) -> String {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        let t = text.trim();
        return if t.is_empty() {
            "(no message)".into()
        } else {
            t.chars().take(300).collect()
        };
    };
    let mut msg = value["message"]
        .as_str()
        .unwrap_or("(no message)")
        .to_string();
    if let Some(errors) = value["errors"].as_array() {
        let details: Vec<String> = errors
            .iter()
            .map(|e| match e {
                Value::String(s) => s.clone(),
                other => other["message"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| other.to_string()),
            })
            .collect();
        if !details.is_empty() {
            msg = format!("{msg} ({})", details.join("; "));
        }
    }
    msg
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_msg = s.to_string();
        if !msg.contains(&s_msg) {
            msg = format!("{msg}: {s_msg}");
        }
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn next_link_finds_rel_next() {
        let link = r#"<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last""#;
        assert_eq!(
            next_link(link).as_deref(),
            Some("https://api.github.com/x?page=3")
        );
        assert_eq!(next_link(r#"<https://a/x?page=1>; rel="prev""#), None);
    }

    #[test]
    fn rate_limits_are_recognised() {
        let now = UNIX_EPOCH + Duration::from_secs(1000);
        let wait = |status: u16, h: &[(&'static str, &str)], msg: &str| {
            rate_limit_wait(StatusCode::from_u16(status).unwrap(), &headers(h), msg, now)
        };
        assert_eq!(
            wait(429, &[("retry-after", "1")], ""),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            wait(
                403,
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1010")
                ],
                ""
            ),
            Some(Duration::from_secs(11))
        );
        assert_eq!(
            wait(403, &[], "You have exceeded a secondary rate limit"),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            wait(
                403,
                &[("x-ratelimit-remaining", "4999")],
                "Resource not accessible by integration"
            ),
            None
        );
        assert_eq!(wait(404, &[("retry-after", "1")], ""), None);
    }

    #[test]
    fn error_messages_include_details() {
        assert_eq!(
            error_message(
                r#"{"message":"Validation Failed","errors":["Line could not be resolved"]}"#
            ),
            "Validation Failed (Line could not be resolved)"
        );
        assert_eq!(error_message(""), "(no message)");
    }
}
