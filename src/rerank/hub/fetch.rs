//! One file from `{endpoint}/{repo}/resolve/{commit}/{path}`: into `<path>.incomplete`,
//! resumed with a Range request when a earlier run was cut, checked, then renamed.

use http::{HeaderMap, StatusCode, header};
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use super::{Fetch, HubError, check_status, io_error};
use crate::rerank::manifest::sha256_file;

impl Fetch<'_> {
    /// Downloads `file` into the directory; `pinned` is the sha256 a manifest already holds
    /// for it, which the download must have.
    pub(super) fn download(&self, file: &str, pinned: Option<&str>) -> Result<(), HubError> {
        let dest = self.dir.join(file);
        let part = incomplete(&dest);
        let parent = dest.parent().unwrap_or(self.dir);
        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        let have = std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
        let url = format!(
            "{}/{}/resolve/{}/{}",
            self.env.endpoint, self.repo, self.commit, file
        );
        let mut answer = self.http.get(&url, (have > 0).then_some(have))?;
        if answer.status == StatusCode::RANGE_NOT_SATISFIABLE {
            // The partial file is no prefix of this one: start again.
            std::fs::remove_file(&part).map_err(io_error(&part))?;
            answer = self.http.get(&url, None)?;
        }
        check_status(&answer, self.repo, file, self.commit, self.http.has_token())?;
        self.same_commit(&answer.first, file)?;
        let resumed = answer.status == StatusCode::PARTIAL_CONTENT;
        let start = if resumed { have } else { 0 };
        let total = expected_size(&answer.headers, resumed, start);
        let etag = linked_sha256(&answer.first).or_else(|| linked_sha256(&answer.headers));
        let mut out = OpenOptions::new()
            .create(true)
            .write(true)
            .append(resumed)
            .truncate(!resumed)
            .open(&part)
            .map_err(io_error(&part))?;
        let bar = self
            .progress
            .bar(total.unwrap_or(0), &format!("downloading {file}"));
        bar.set_position(start);
        let written = self.http.stream_to(answer, &mut out, &bar);
        bar.finish_and_clear();
        drop(out);
        let got = start + written.as_ref().map_or_else(|(n, _)| *n, |n| *n);
        let cut = |message: String| HubError::Interrupted {
            repo: self.repo.to_string(),
            file: file.to_string(),
            got,
            total: total.map_or("?".into(), |t| t.to_string()),
            message,
        };
        if let Err((_, message)) = written {
            return Err(cut(message));
        }
        if let Some(t) = total
            && got != t
        {
            return Err(cut("the connection closed early".into()));
        }
        self.check_hash(file, &part, etag.as_deref(), pinned)?;
        std::fs::rename(&part, &dest).map_err(io_error(&dest))
    }

    /// The hub's X-Repo-Commit, when it sends one, is the commit asked for.
    fn same_commit(&self, headers: &HeaderMap, file: &str) -> Result<(), HubError> {
        match headers.get("x-repo-commit").and_then(|v| v.to_str().ok()) {
            Some(c) if !c.eq_ignore_ascii_case(self.commit) => Err(HubError::Malformed {
                repo: self.repo.to_string(),
                what: file.to_string(),
                message: format!(
                    "X-Repo-Commit is {c}, not the commit asked for ({})",
                    self.commit
                ),
            }),
            _ => Ok(()),
        }
    }

    /// The file is what the hub said it is (its ETag, when that is a sha256) and what the
    /// manifest pinned; a file that is neither is removed.
    fn check_hash(
        &self,
        file: &str,
        part: &Path,
        etag: Option<&str>,
        pinned: Option<&str>,
    ) -> Result<(), HubError> {
        let sha = sha256_file(part).map_err(io_error(part))?;
        let error = if let Some(e) = etag.filter(|e| !e.eq_ignore_ascii_case(&sha)) {
            HubError::Corrupt {
                repo: self.repo.to_string(),
                file: file.to_string(),
                got: sha,
                expected: e.to_string(),
            }
        } else if let Some(p) = pinned.filter(|p| !p.eq_ignore_ascii_case(&sha)) {
            HubError::Changed {
                at: format!("{}@{}", self.repo, self.commit),
                file: file.to_string(),
                manifest: self.dir.join(crate::rerank::manifest::FILE_NAME),
                pinned: p.to_string(),
                got: sha,
            }
        } else {
            return Ok(());
        };
        let _ = std::fs::remove_file(part);
        Err(error)
    }
}

/// Where a file is written until it is whole.
fn incomplete(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".incomplete");
    dest.with_file_name(name)
}

/// The file's whole size: Content-Range's total on a 206, Content-Length on a 200.
fn expected_size(headers: &HeaderMap, resumed: bool, start: u64) -> Option<u64> {
    let value = |name: header::HeaderName| headers.get(name)?.to_str().ok().map(str::to_string);
    if resumed {
        let range = value(header::CONTENT_RANGE)?;
        return range.rsplit('/').next()?.trim().parse().ok();
    }
    value(header::CONTENT_LENGTH)?
        .trim()
        .parse::<u64>()
        .ok()
        .map(|n| n + start)
}

/// The sha256 the hub gives for a file stored in LFS: X-Linked-Etag, else ETag, when it is
/// 64 hex digits (a small file's ETag is a git blob id, which says nothing here).
fn linked_sha256(headers: &HeaderMap) -> Option<String> {
    ["x-linked-etag", "etag"].iter().find_map(|name| {
        let v = headers.get(*name)?.to_str().ok()?;
        let v = v.trim().trim_start_matches("W/").trim_matches('"');
        (v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())).then(|| v.to_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn sizes_and_hashes_come_from_the_headers_the_hub_sends() {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_LENGTH, HeaderValue::from_static("10"));
        assert_eq!(expected_size(&h, false, 0), Some(10));
        h.insert(
            header::CONTENT_RANGE,
            HeaderValue::from_static("bytes 4-9/10"),
        );
        assert_eq!(expected_size(&h, true, 4), Some(10));
        let sha = "ab".repeat(32);
        h.insert(
            "etag",
            HeaderValue::from_str(&format!("\"{sha}\"")).unwrap(),
        );
        assert_eq!(linked_sha256(&h), Some(sha));
        h.insert("etag", HeaderValue::from_static("\"0123abc\""));
        assert_eq!(linked_sha256(&h), None);
    }
}
