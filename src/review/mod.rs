//! `--github-review`: the findings of a `pr` run as one pull-request review.
//!
//! One review per run (event COMMENT, at the head commit) with a line comment on each
//! checked function's `def` line, when that line is one the pull request adds (GitHub
//! rejects others); at most `max_comments` of them. Everything else goes to ONE summary
//! issue comment, created once and then edited in place. Every line comment carries a
//! hidden fingerprint marker, so a re-run never posts a finding twice, and deletes its own
//! line comments whose finding is gone, unless somebody replied to them.
//!
//! A token that may not write (pull requests from forks) gives 403/404: the caller falls
//! back to annotations and the job summary ([`Outcome::Fallback`]).

pub mod api;
pub mod markdown;

use anyhow::Context;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;

use crate::detect;
use crate::finding::Finding;
use crate::verdict::Level;
use api::{Api, ApiError};
use markdown::{Links, Listed, Summary};

/// Where and as whom to post (built by the caller, e.g. from the command line).
pub use crate::settings::ReviewSettings as Settings;

/// What became of the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Posted (or nothing new to post); a one-line account.
    Posted(String),
    /// Could not post; the findings belong in annotations and the job summary. The reason.
    Fallback(String),
}

#[derive(Serialize)]
struct ReviewRequest<'a> {
    commit_id: &'a str,
    event: &'static str,
    body: String,
    comments: Vec<ReviewComment>,
}

#[derive(Serialize)]
struct ReviewComment {
    path: String,
    line: u32,
    side: &'static str,
    body: String,
}

#[derive(Serialize)]
struct CommentBody<'a> {
    body: &'a str,
}

/// The token and the `OWNER/NAME` a review needs, or the error that says what to set:
/// called before the check runs too, so that a run never checks everything to fail at the
/// end for a missing setting.
pub fn preflight(settings: &Settings) -> anyhow::Result<(&str, &str)> {
    let token = settings
        .token
        .as_deref()
        .context("--github-review needs a token: set GITHUB_TOKEN or pass --github-token")?;
    let repository = settings.repository.as_deref().context(
        "--github-review needs the repository: set GITHUB_REPOSITORY or pass --github-repository OWNER/NAME",
    )?;
    let valid_repository = repository
        .split_once('/')
        .is_some_and(|(o, n)| !o.is_empty() && !n.is_empty() && !n.contains('/'));
    if !valid_repository {
        anyhow::bail!("--github-repository: expected OWNER/NAME, got {repository:?}");
    }
    Ok((token, repository))
}

/// Posts the review of `outcome`. Errors are configuration errors and failures that are
/// not a missing permission (rate limit, network, server errors).
pub fn post(outcome: &detect::Outcome, settings: &Settings) -> anyhow::Result<Outcome> {
    let head = outcome
        .head
        .as_deref()
        .context("--github-review needs the `pr` command: a review belongs to a head commit")?;
    let (token, repository) = preflight(settings)?;
    let mut notes = Vec::new();
    let pr = match settings.pr {
        Some(pr) => pr,
        None => match &settings.event_path {
            Some(path) => {
                let event = read_event(path)?;
                match event["pull_request"]["number"].as_u64() {
                    Some(pr) => {
                        if let Some(sha) = event["pull_request"]["head"]["sha"].as_str()
                            && sha != head
                        {
                            notes.push(format!(
                                "Checked commit `{head}`, which is not the pull request's head \
                                 `{sha}`; line comments may land on other lines or be rejected."
                            ));
                        }
                        pr
                    }
                    None => {
                        return Ok(Outcome::Fallback(format!(
                            "no pull request to review: the event at {} is not a pull_request \
                             event (pass --pr NUMBER)",
                            path.display()
                        )));
                    }
                }
            }
            None => {
                return Ok(Outcome::Fallback(
                    "no pull request to review: pass --pr NUMBER, or run on a pull_request \
                     event (GITHUB_EVENT_PATH)"
                        .into(),
                ));
            }
        },
    };
    let target = Target {
        repository,
        pr,
        head,
        server: &settings.server_url,
        max_comments: settings.max_comments,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime for the GitHub API")?;
    runtime.block_on(async {
        let api = Api::new(&settings.api_url, token)?;
        match review(&api, &target, outcome, notes).await {
            Ok(done) => Ok(Outcome::Posted(done)),
            Err(e @ ApiError::Denied { .. }) => Ok(Outcome::Fallback(format!(
                "the token may not comment on the pull request ({e}); pull requests from forks \
                 get a read-only token"
            ))),
            Err(e) => Err(anyhow::Error::new(e).context("could not post the pull-request review")),
        }
    })
}

fn read_event(path: &std::path::Path) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the event payload {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{}: not a JSON event payload", path.display()))
}

struct Target<'a> {
    repository: &'a str,
    pr: u64,
    head: &'a str,
    server: &'a str,
    max_comments: usize,
}

const OUTSIDE_DIFF: &str = "its `def` line is not a line this pull request adds";
const LISTED_WARNING: &str = "a warning (only errors get a line comment)";

async fn review(
    api: &Api,
    t: &Target<'_>,
    outcome: &detect::Outcome,
    mut notes: Vec<String>,
) -> Result<String, ApiError> {
    let repo = t.repository;
    let pr = t.pr;
    let links = Links {
        server: t.server,
        repository: repo,
        head: t.head,
    };

    // What earlier runs posted.
    let review_comments = api
        .get_all(&format!("/repos/{repo}/pulls/{pr}/comments"))
        .await?;
    let posted: HashSet<String> = review_comments
        .iter()
        .filter_map(|c| c["body"].as_str())
        .flat_map(markdown::fingerprints_in)
        .collect();
    let stale = stale_comments(&review_comments, outcome);
    let summary_comment = api
        .get_all(&format!("/repos/{repo}/issues/{pr}/comments"))
        .await?
        .into_iter()
        .find(|c| {
            c["body"]
                .as_str()
                .is_some_and(|b| b.contains(markdown::SUMMARY_MARKER))
        })
        .and_then(|c| Some((c["id"].as_u64()?, c["body"].as_str()?.to_string())));

    // Which findings become line comments.
    let too_many = format!("more than {} line comments in one run", t.max_comments);
    let mut seen = HashSet::new();
    let mut already = 0;
    let mut inline: Vec<&Finding> = Vec::new();
    let mut listed: Vec<(&Finding, String)> = Vec::new();
    for f in &outcome.findings {
        if !seen.insert(f.fingerprint.as_str()) {
            continue;
        }
        if posted.contains(&f.fingerprint) {
            already += 1;
        } else if !f.introduced || f.level != Level::Error {
            listed.push((f, LISTED_WARNING.into()));
        } else if !in_diff(outcome, f) {
            listed.push((f, OUTSIDE_DIFF.into()));
        } else if inline.len() >= t.max_comments {
            listed.push((f, too_many.clone()));
        } else {
            inline.push(f);
        }
    }

    let mut review_posted = 0;
    if !inline.is_empty() {
        let request = ReviewRequest {
            commit_id: t.head,
            event: "COMMENT",
            body: markdown::review_body(inline.len()),
            comments: inline
                .iter()
                .map(|f| ReviewComment {
                    path: f.new.path.clone(),
                    line: f.new.def_line,
                    side: "RIGHT",
                    body: markdown::line_comment(f, &links),
                })
                .collect(),
        };
        match api
            .post(&format!("/repos/{repo}/pulls/{pr}/reviews"), &request)
            .await
        {
            Ok(_) => review_posted = inline.len(),
            Err(ApiError::Unprocessable { message, .. }) => {
                // GitHub does not say which comment it could not place: list them all.
                notes.push(format!(
                    "GitHub rejected the line comments ({message}); they are listed here instead."
                ));
                let reason = "GitHub rejected the line comment";
                listed.extend(inline.iter().map(|f| (*f, reason.to_string())));
            }
            Err(e) => return Err(e),
        }
    }

    // Our own line comments whose finding is gone (fixed, or suppressed), unless somebody
    // replied to them: the conversation stays.
    let mut deleted = 0;
    for id in &stale {
        match api
            .delete(&format!("/repos/{repo}/pulls/comments/{id}"))
            .await
        {
            Ok(()) => deleted += 1,
            Err(e @ ApiError::Denied { .. }) => {
                notes.push(format!("Could not delete the stale comment {id} ({e})."))
            }
            Err(e) => return Err(e),
        }
    }

    let total = seen.len();
    let body = markdown::summary(&Summary {
        links: Links {
            server: t.server,
            repository: repo,
            head: t.head,
        },
        total,
        commented: already + review_posted,
        listed: listed
            .iter()
            .map(|(finding, reason)| Listed { finding, reason })
            .collect(),
        notes,
    });
    let summary = match summary_comment {
        Some((id, old)) if old == body => format!("summary comment {id} unchanged"),
        Some((id, _)) => {
            api.patch(
                &format!("/repos/{repo}/issues/comments/{id}"),
                &CommentBody { body: &body },
            )
            .await?;
            format!("summary comment {id} updated")
        }
        None if listed.is_empty() => "no summary comment needed".into(),
        None => {
            let created = api
                .post(
                    &format!("/repos/{repo}/issues/{pr}/comments"),
                    &CommentBody { body: &body },
                )
                .await?;
            match created["id"].as_u64() {
                Some(id) => format!("summary comment {id} created"),
                None => "summary comment created".into(),
            }
        }
    };
    Ok(format!(
        "GitHub review of {repo}#{pr}: {review_posted} new line comment(s), {already} already \
         posted, {} in the summary, {deleted} stale deleted; {summary}",
        listed.len()
    ))
}

/// Ids of the line comments that carry our fingerprint markers, none of which is a finding
/// any more, and that nobody replied to.
fn stale_comments(review_comments: &[Value], outcome: &detect::Outcome) -> Vec<u64> {
    let current: HashSet<&str> = outcome
        .findings
        .iter()
        .map(|f| f.fingerprint.as_str())
        .collect();
    let replied_to: HashSet<u64> = review_comments
        .iter()
        .filter_map(|c| c["in_reply_to_id"].as_u64())
        .collect();
    review_comments
        .iter()
        .filter(|c| {
            let marks = c["body"]
                .as_str()
                .map(markdown::fingerprints_in)
                .unwrap_or_default();
            !marks.is_empty() && marks.iter().all(|m| !current.contains(m.as_str()))
        })
        .filter_map(|c| c["id"].as_u64())
        .filter(|id| !replied_to.contains(id))
        .collect()
}

/// Whether the finding's `def` line is a line the pull request adds.
fn in_diff(outcome: &detect::Outcome, f: &Finding) -> bool {
    outcome
        .changed_files
        .iter()
        .filter(|c| c.path == f.new.path)
        .any(|c| {
            c.added
                .iter()
                .any(|&(a, b)| a <= f.new.def_line && f.new.def_line <= b)
        })
}
