//! `--github-review` against a local fake of the GitHub REST API (tiny_http on
//! 127.0.0.1): the exact requests, idempotent re-runs, and the failure modes
//! (403 fallback, 422, rate limits, unreachable API). No network.

mod common;
mod report_support;

use report_support::hostile;
use report_support::*;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const REPO: &str = "octo/widgets";
const PR: u64 = 7;
const TOKEN: &str = "test-token";

#[derive(Debug, Clone)]
struct Recorded {
    method: String,
    url: String,
    body: Value,
    authorization: Option<String>,
}

/// A canned answer, used once, to the first request with this method and path.
struct Forced {
    method: &'static str,
    path: String,
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

#[derive(Default)]
struct State {
    requests: Vec<Recorded>,
    review_comments: Vec<Value>,
    issue_comments: Vec<Value>,
    next_id: u64,
    forced: VecDeque<Forced>,
}

struct FakeGitHub {
    url: String,
    state: Arc<Mutex<State>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for FakeGitHub {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn query_param(query: &str, key: &str) -> Option<usize> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| v.parse().ok()).flatten()
    })
}

impl FakeGitHub {
    fn start() -> FakeGitHub {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let url = format!("http://127.0.0.1:{port}");
        let state = Arc::new(Mutex::new(State {
            next_id: 1000,
            ..State::default()
        }));
        let thread = {
            let (server, state, url) = (server.clone(), state.clone(), url.clone());
            std::thread::spawn(move || {
                for mut request in server.incoming_requests() {
                    let mut body = String::new();
                    let _ = request.as_reader().read_to_string(&mut body);
                    let (status, headers, answer) = handle(
                        &state,
                        &url,
                        request.method().as_str(),
                        request.url(),
                        &body,
                        {
                            request
                                .headers()
                                .iter()
                                .find(|h| h.field.equiv("Authorization"))
                                .map(|h| h.value.to_string())
                        },
                    );
                    let mut response = tiny_http::Response::from_string(answer)
                        .with_status_code(status)
                        .with_header(
                            tiny_http::Header::from_bytes("Content-Type", "application/json")
                                .unwrap(),
                        );
                    for (k, v) in headers {
                        response = response
                            .with_header(tiny_http::Header::from_bytes(k, v.as_bytes()).unwrap());
                    }
                    let _ = request.respond(response);
                }
            })
        };
        FakeGitHub {
            url,
            state,
            server,
            thread: Some(thread),
        }
    }

    fn force(
        &self,
        method: &'static str,
        path: &str,
        status: u16,
        headers: &[(&'static str, &str)],
        body: Value,
    ) {
        self.state.lock().unwrap().forced.push_back(Forced {
            method,
            path: path.to_string(),
            status,
            headers: headers.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            body: body.to_string(),
        });
    }

    /// The requests so far, and forget them.
    fn take_requests(&self) -> Vec<Recorded> {
        std::mem::take(&mut self.state.lock().unwrap().requests)
    }

    fn add_human_comments(&self, review: usize, issue: usize) {
        let mut s = self.state.lock().unwrap();
        for i in 0..review {
            s.review_comments.push(json!({
                "id": i + 1, "body": format!("nit {i}"), "path": "pkg/new.py", "line": 1,
                "user": {"login": "octocat", "type": "User"},
            }));
        }
        for i in 0..issue {
            s.issue_comments.push(json!({
                "id": 500 + i, "body": format!("looks good {i}"),
                "user": {"login": "octocat", "type": "User"},
            }));
        }
    }
}

fn handle(
    state: &Mutex<State>,
    base: &str,
    method: &str,
    url: &str,
    body: &str,
    authorization: Option<String>,
) -> (u16, Vec<(&'static str, String)>, String) {
    let mut s = state.lock().unwrap();
    let parsed: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    s.requests.push(Recorded {
        method: method.to_string(),
        url: url.to_string(),
        body: parsed.clone(),
        authorization,
    });
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    // GitHub Enterprise Server serves the API under /api/v3.
    let path = path.strip_prefix("/api/v3").unwrap_or(path);
    if let Some(i) = s
        .forced
        .iter()
        .position(|f| f.method == method && f.path == path)
    {
        let f = s.forced.remove(i).unwrap();
        return (f.status, f.headers, f.body);
    }
    let prefix = format!("/repos/{REPO}");
    let per_page = query_param(query, "per_page").unwrap_or(30);
    let page = query_param(query, "page").unwrap_or(1);
    let page_of = |items: &[Value]| -> (Vec<Value>, bool) {
        let start = (page - 1) * per_page;
        let slice: Vec<Value> = items.iter().skip(start).take(per_page).cloned().collect();
        (slice, start + per_page < items.len())
    };
    let id = s.next_id;
    match (method, path.strip_prefix(&prefix)) {
        ("GET", Some(p)) if p == format!("/pulls/{PR}/comments") => {
            // Like GitHub without a Link header: the client pages until a short page.
            let (items, _) = page_of(&s.review_comments);
            (200, vec![], Value::Array(items).to_string())
        }
        ("GET", Some(p)) if p == format!("/issues/{PR}/comments") => {
            let (items, more) = page_of(&s.issue_comments);
            let mut headers = vec![];
            if more {
                headers.push((
                    "Link",
                    format!(
                        "<{base}{path}?per_page={per_page}&page={}>; rel=\"next\", <{base}{path}?per_page={per_page}&page=99>; rel=\"last\"",
                        page + 1
                    ),
                ));
            }
            (200, headers, Value::Array(items).to_string())
        }
        ("POST", Some(p)) if p == format!("/pulls/{PR}/reviews") => {
            s.next_id += 1;
            for (k, c) in parsed["comments"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let mut c = c.clone();
                c["id"] = json!(id * 100 + k as u64);
                c["pull_request_review_id"] = json!(id);
                c["commit_id"] = parsed["commit_id"].clone();
                c["user"] = json!({"login": "github-actions[bot]", "type": "Bot"});
                s.review_comments.push(c);
            }
            let review = json!({
                "id": id, "body": parsed["body"], "state": "COMMENTED",
                "commit_id": parsed["commit_id"],
                "user": {"login": "github-actions[bot]", "type": "Bot"},
                "html_url": format!("https://github.com/{REPO}/pull/{PR}#pullrequestreview-{id}"),
            });
            (200, vec![], review.to_string())
        }
        ("POST", Some(p)) if p == format!("/issues/{PR}/comments") => {
            s.next_id += 1;
            let comment = json!({
                "id": id, "body": parsed["body"],
                "user": {"login": "github-actions[bot]", "type": "Bot"},
            });
            s.issue_comments.push(comment.clone());
            (201, vec![], comment.to_string())
        }
        ("DELETE", Some(p)) if p.starts_with("/pulls/comments/") => {
            let wanted: u64 = p["/pulls/comments/".len()..].parse().unwrap_or(0);
            let before = s.review_comments.len();
            s.review_comments.retain(|c| c["id"] != wanted);
            if s.review_comments.len() < before {
                (204, vec![], String::new())
            } else {
                (404, vec![], json!({"message": "Not Found"}).to_string())
            }
        }
        ("PATCH", Some(p)) if p.starts_with("/issues/comments/") => {
            let wanted: u64 = p["/issues/comments/".len()..].parse().unwrap_or(0);
            match s.issue_comments.iter_mut().find(|c| c["id"] == wanted) {
                Some(c) => {
                    c["body"] = parsed["body"].clone();
                    (200, vec![], c.to_string())
                }
                None => (404, vec![], json!({"message": "Not Found"}).to_string()),
            }
        }
        _ => (404, vec![], json!({"message": "Not Found"}).to_string()),
    }
}

/// The base has `normalize_names`, `mean_and_spread` and `render`; the feature adds
/// `clean_labels` (a copy of the first, in a new file: its def line is in the diff) and
/// rewrites the body of `render` into a copy of the second (its def line is not).
fn pr_repo() -> (TestRepo, String) {
    let repo = TestRepo::new();
    repo.write("pkg/util.py", format!("{NORMALIZE}\n\n{SPREAD}"));
    repo.write(
        "pkg/other.py",
        "def render(values):\n    lines = []\n    for v in values:\n        lines.append(str(v))\n    return '\\n'.join(lines)\n",
    );
    repo.commit("base");
    repo.branch("feature");
    repo.write("pkg/new.py", format!("import os\n\n\n{CLEAN_LABELS}"));
    let spread_body: String = SPREAD.lines().skip(1).map(|l| format!("{l}\n")).collect();
    repo.write(
        "pkg/other.py",
        format!("def render(values):\n{spread_body}"),
    );
    let head = repo.commit("feature").to_string();
    (repo, head)
}

fn event(dir: &Path, head: &str) -> std::path::PathBuf {
    let path = dir.join("event.json");
    let payload = json!({
        "action": "synchronize",
        "number": PR,
        "pull_request": {"number": PR, "head": {"sha": head, "ref": "feature"}},
    });
    std::fs::write(&path, payload.to_string()).unwrap();
    path
}

/// `pr --github-review` in the GitHub Actions environment, pointed at the fake.
fn review_cmd(repo: &TestRepo, gh: &FakeGitHub, head: &str, args: &[&str]) -> Command {
    let mut cmd = pr(repo.path(), &["--format", "text", "--github-review"]);
    cmd.args(args)
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_REPOSITORY", REPO)
        .env("GITHUB_API_URL", &gh.url)
        .env("GITHUB_SERVER_URL", "https://github.com")
        // In the repository's .git: one file per test, which runs in parallel with others.
        .env("GITHUB_EVENT_PATH", event(&repo.path().join(".git"), head));
    cmd
}

fn lines(reqs: &[Recorded]) -> Vec<String> {
    reqs.iter()
        .map(|r| format!("{} {}", r.method, r.url))
        .collect()
}

fn listing() -> Vec<String> {
    vec![
        format!("GET /repos/{REPO}/pulls/{PR}/comments?per_page=100&page=1"),
        format!("GET /repos/{REPO}/pulls/{PR}/comments?per_page=100&page=2"),
        format!("GET /repos/{REPO}/issues/{PR}/comments?per_page=100&page=1"),
        format!("GET /repos/{REPO}/issues/{PR}/comments?per_page=100&page=2"),
    ]
}

fn comment_body_ok(body: &str, head: &str) {
    let mut it = body.lines();
    let marker = it.next().unwrap();
    assert!(
        marker.starts_with("<!-- dedupe-check:fingerprint=") && marker.ends_with(" -->"),
        "{body}"
    );
    assert_eq!(
        it.next().unwrap(),
        format!(
            "**Possible duplicate:** `clean_labels` does the same job as an existing function \
             [`normalize_names`](https://github.com/{REPO}/blob/{head}/pkg/util.py#L1-L10) in \
             `pkg/util.py`, lines 1–10."
        )
    );
    // A renamed copy: the kind and its renamings say it all, and once renamed there is
    // no difference left to show.
    assert!(
        body.contains("**copy** (error): a copy, renaming `items → labels`, `item → label`."),
        "{body}"
    );
    assert!(!body.contains("<details>"), "{body}");
}

#[test]
fn one_review_and_one_summary_then_nothing_twice_and_the_summary_is_edited() {
    let gh = FakeGitHub::start();
    // More than a page of each, so that both ways of paging are used.
    gh.add_human_comments(105, 120);
    let (repo, head) = pr_repo();

    let without_review = run(pr(repo.path(), &["--format", "text"]));
    let out = run(review_cmd(&repo, &gh, &head, &[]));
    assert_eq!(
        out.status.code(),
        without_review.status.code(),
        "{}",
        stderr(&out)
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("1 new line comment(s)"),
        "{}",
        stderr(&out)
    );

    let reqs = gh.take_requests();
    let mut expected = listing();
    expected.push(format!("POST /repos/{REPO}/pulls/{PR}/reviews"));
    expected.push(format!("POST /repos/{REPO}/issues/{PR}/comments"));
    assert_eq!(lines(&reqs), expected);
    for r in &reqs {
        assert_eq!(
            r.authorization.as_deref(),
            Some(&*format!("Bearer {TOKEN}"))
        );
    }

    // The review: one line comment, on the def line of clean_labels.
    let review = &reqs[4].body;
    let comment_body = review["comments"][0]["body"].as_str().unwrap().to_string();
    comment_body_ok(&comment_body, &head);
    assert_eq!(
        review,
        &json!({
            "commit_id": head,
            "event": "COMMENT",
            "body": "<!-- dedupe-check:review -->\n**dedupe-check** found 1 function in this pull request that re-implements code the repository already has; see the line comment.",
            "comments": [{"path": "pkg/new.py", "line": 4, "side": "RIGHT", "body": comment_body}],
        })
    );

    // The summary: render's def line is not in the diff.
    let summary = reqs[5].body["body"].as_str().unwrap().to_string();
    assert_eq!(reqs[5].body, json!({ "body": summary }));
    let short = &head[..12];
    assert!(
        summary.starts_with(&format!(
            "<!-- dedupe-check:summary -->\n### dedupe-check\n\n2 duplicate functions at `{short}`: 1 with a line comment, 1 listed here.\n"
        )),
        "{summary}"
    );
    assert!(summary.contains(&format!(
        "| [`render`](https://github.com/{REPO}/blob/{head}/pkg/other.py#L1-L9) | [`mean_and_spread`](https://github.com/{REPO}/blob/{head}/pkg/util.py#L13-L21) |"
    )), "{summary}");
    assert!(summary.contains("| its `def` line is not a line this pull request adds |"));
    assert!(
        !summary.contains("clean_labels"),
        "commented findings are not repeated"
    );

    // Re-run on the same commit: nothing new to post, the summary is unchanged.
    let out = run(review_cmd(&repo, &gh, &head, &[]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(lines(&gh.take_requests()), listing());

    // A later commit shifts clean_labels down: still nothing posted twice, and the one
    // summary comment is edited in place.
    repo.write(
        "pkg/new.py",
        format!("import os\nimport sys\n\nLIMIT = 3\n\n\n{CLEAN_LABELS}"),
    );
    let head2 = repo.commit("shift").to_string();
    let out = run(review_cmd(&repo, &gh, &head2, &[]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let reqs = gh.take_requests();
    let summary_id = {
        let s = gh.state.lock().unwrap();
        let ours: Vec<&Value> = s
            .issue_comments
            .iter()
            .filter(|c| c["body"].as_str().unwrap().contains("dedupe-check:summary"))
            .collect();
        assert_eq!(ours.len(), 1, "one summary comment");
        let marked = s
            .review_comments
            .iter()
            .filter(|c| {
                c["body"]
                    .as_str()
                    .unwrap()
                    .contains("dedupe-check:fingerprint=")
            })
            .count();
        assert_eq!(marked, 1, "one line comment in all");
        ours[0]["id"].as_u64().unwrap()
    };
    let mut expected = listing();
    expected.push(format!("PATCH /repos/{REPO}/issues/comments/{summary_id}"));
    assert_eq!(lines(&reqs), expected);
    let edited = reqs[4].body["body"].as_str().unwrap();
    assert!(
        edited.contains(&format!("at `{}`", &head2[..12])),
        "{edited}"
    );
    assert!(edited.contains(&format!("/blob/{head2}/pkg/other.py#L1-L9")));
}

#[test]
fn forbidden_falls_back_to_annotations_and_the_job_summary() {
    let gh = FakeGitHub::start();
    gh.force(
        "POST",
        &format!("/repos/{REPO}/pulls/{PR}/reviews"),
        403,
        &[("x-ratelimit-remaining", "4999")],
        json!({"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest"}),
    );
    let (repo, head) = pr_repo();
    let (_dir, step_summary) = temp_file("step_summary.md");
    let mut cmd = review_cmd(&repo, &gh, &head, &[]);
    cmd.env("GITHUB_STEP_SUMMARY", &step_summary);
    let out = run(cmd);
    let without_review = run(pr(repo.path(), &["--format", "text"]));
    assert_eq!(out.status.code(), without_review.status.code());
    assert_eq!(out.status.code(), Some(1));

    let err = stderr(&out);
    assert!(
        err.contains("403") && err.contains("Resource not accessible by integration"),
        "{err}"
    );
    assert!(err.contains("forks"), "{err}");
    let stdout = stdout(&out);
    assert!(
        stdout.contains("clean_labels"),
        "the text output is still there"
    );
    assert!(
        stdout.contains(
            "::error file=pkg/new.py,line=4,endLine=13,title=Duplicate function%3A clean_labels::"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("::error file=pkg/other.py,line=1,"),
        "{stdout}"
    );
    let md = std::fs::read_to_string(&step_summary).unwrap();
    assert!(md.contains("**No pull-request review posted:**"), "{md}");
    assert!(
        md.contains(
            "| error | `clean_labels` in `pkg/new.py`:4-13 | `normalize_names` in `pkg/util.py`:1-10 | copy |"
        ),
        "{md}"
    );

    // Nothing else was attempted after the refusal.
    let reqs = gh.take_requests();
    assert_eq!(reqs.last().unwrap().method, "POST");
    assert!(reqs.last().unwrap().url.ends_with("/reviews"));
}

#[test]
fn rejected_line_comments_go_to_the_summary() {
    let gh = FakeGitHub::start();
    gh.force(
        "POST",
        &format!("/repos/{REPO}/pulls/{PR}/reviews"),
        422,
        &[],
        json!({"message": "Unprocessable Entity", "errors": ["Line could not be resolved"], "status": "422"}),
    );
    let (repo, head) = pr_repo();
    let out = run(review_cmd(&repo, &gh, &head, &[]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let reqs = gh.take_requests();
    let tail: Vec<String> = lines(&reqs)
        .into_iter()
        .filter(|l| !l.starts_with("GET"))
        .collect();
    assert_eq!(
        tail,
        vec![
            format!("POST /repos/{REPO}/pulls/{PR}/reviews"),
            format!("POST /repos/{REPO}/issues/{PR}/comments"),
        ]
    );
    let summary = reqs.last().unwrap().body["body"].as_str().unwrap();
    assert!(summary.contains("2 duplicate functions"), "{summary}");
    assert!(
        summary.contains("0 with a line comment, 2 listed here"),
        "{summary}"
    );
    assert!(summary.contains("Line could not be resolved"), "{summary}");
    assert!(
        summary.contains("| GitHub rejected the line comment |"),
        "{summary}"
    );
    assert!(summary.contains("[`clean_labels`]"), "{summary}");
}

#[test]
fn warnings_are_listed_in_the_summary_and_only_errors_get_line_comments() {
    let gh = FakeGitHub::start();
    let repo = TestRepo::new();
    // A copy under the size of sure findings: a warning.
    let small = "def first_word(text, sep):\n    parts = text.strip().lower().split(sep)\n    return parts[0] if parts and parts[0] else text.strip().lower()\n";
    repo.write("pkg/words.py", small);
    repo.commit("base");
    repo.branch("feature");
    repo.write(
        "pkg/heads.py",
        small
            .replace("first_word", "head_token")
            .replace("parts", "bits"),
    );
    let head = repo.commit("a copy of first_word").to_string();
    let out = run(review_cmd(&repo, &gh, &head, &[]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reqs = gh.take_requests();
    let posts: Vec<String> = lines(&reqs)
        .into_iter()
        .filter(|l| !l.starts_with("GET"))
        .collect();
    // No review: the one finding is a warning, listed in the summary comment.
    assert_eq!(
        posts,
        vec![format!("POST /repos/{REPO}/issues/{PR}/comments")],
        "{}",
        stderr(&out)
    );
    let summary = reqs.last().unwrap().body["body"].as_str().unwrap();
    assert!(
        summary.contains("0 with a line comment, 1 listed here"),
        "{summary}"
    );
    assert!(
        summary.contains("| a copy, renaming `parts → bits` |"),
        "{summary}"
    );
    assert!(
        summary.contains("| a warning \\(only errors get a line comment\\) |"),
        "{summary}"
    );
}

#[test]
fn more_line_comments_than_the_cap_go_to_the_summary() {
    let gh = FakeGitHub::start();
    let (repo, head) = pr_repo();
    let out = run(review_cmd(
        &repo,
        &gh,
        &head,
        &["--max-review-comments", "0"],
    ));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let reqs = gh.take_requests();
    assert!(
        !lines(&reqs).iter().any(|l| l.contains("/reviews")),
        "{:?}",
        lines(&reqs)
    );
    let summary = reqs.last().unwrap().body["body"].as_str().unwrap();
    assert!(
        summary.contains("| more than 0 line comments in one run |"),
        "{summary}"
    );
}

#[test]
fn secondary_rate_limit_is_waited_out() {
    let gh = FakeGitHub::start();
    let path = format!("/repos/{REPO}/pulls/{PR}/reviews");
    gh.force(
        "POST",
        &path,
        429,
        &[("retry-after", "1")],
        json!({"message": "You have exceeded a secondary rate limit."}),
    );
    let (repo, head) = pr_repo();
    let started = Instant::now();
    let out = run(review_cmd(&repo, &gh, &head, &[]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(started.elapsed() >= Duration::from_secs(1));
    let posts: Vec<String> = lines(&gh.take_requests())
        .into_iter()
        .filter(|l| l.starts_with("POST"))
        .collect();
    assert_eq!(
        posts,
        vec![
            format!("POST {path}"),
            format!("POST {path}"),
            format!("POST /repos/{REPO}/issues/{PR}/comments"),
        ]
    );
}

#[test]
fn a_rate_limit_that_persists_is_a_clear_error_after_the_other_outputs() {
    let gh = FakeGitHub::start();
    let path = format!("/repos/{REPO}/pulls/{PR}/comments");
    for _ in 0..4 {
        gh.force(
            "GET",
            &path,
            403,
            &[("retry-after", "1")],
            json!({"message": "secondary rate limit"}),
        );
    }
    let (repo, head) = pr_repo();
    let (_dir, sarif) = temp_file("out.sarif");
    let out = run(review_cmd(
        &repo,
        &gh,
        &head,
        &["--sarif", sarif.to_str().unwrap()],
    ));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("rate limit") && err.contains("after 3 retries"),
        "{err}"
    );
    assert_eq!(gh.take_requests().len(), 4, "one try and three retries");
    assert!(
        stdout(&out).contains("clean_labels"),
        "findings still printed"
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn an_unreachable_api_is_a_clear_error_after_the_other_outputs() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (repo, head) = pr_repo();
    let gh = FakeGitHub::start();
    let (_dir, sarif) = temp_file("out.sarif");
    let mut cmd = review_cmd(&repo, &gh, &head, &["--sarif", sarif.to_str().unwrap()]);
    cmd.env("GITHUB_API_URL", format!("http://127.0.0.1:{port}"));
    let out: Output = run(cmd);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot reach the GitHub API"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("clean_labels"));
    assert!(sarif.is_file());
}

#[test]
fn a_missing_token_is_an_error_that_says_what_to_set() {
    let gh = FakeGitHub::start();
    let (repo, head) = pr_repo();
    for token in [None, Some("")] {
        let mut cmd = review_cmd(&repo, &gh, &head, &[]);
        match token {
            None => cmd.env_remove("GITHUB_TOKEN"),
            Some(t) => cmd.env("GITHUB_TOKEN", t),
        };
        let out = run(cmd);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("GITHUB_TOKEN"), "{}", stderr(&out));
        // Before the check runs: no report of the findings, no time spent on them.
        assert!(stdout(&out).is_empty(), "{}", stdout(&out));
        assert!(gh.take_requests().is_empty());
    }
    // Even a check that could not run says first what the review needs.
    let mut cmd = review_cmd(&repo, &gh, &head, &["--head", "no-such-branch"]);
    cmd.env_remove("GITHUB_TOKEN");
    let out = run(cmd);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs a token"), "{}", stderr(&out));
}

#[test]
fn an_enterprise_api_base_keeps_its_path_prefix_through_paging() {
    let gh = FakeGitHub::start();
    gh.add_human_comments(0, 130);
    let (repo, head) = pr_repo();
    let mut cmd = review_cmd(&repo, &gh, &head, &[]);
    cmd.env("GITHUB_API_URL", format!("{}/api/v3", gh.url))
        .env("GITHUB_SERVER_URL", "https://ghe.example.com");
    let out = run(cmd);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let reqs = gh.take_requests();
    assert_eq!(
        lines(&reqs)[..3],
        [
            format!("GET /api/v3/repos/{REPO}/pulls/{PR}/comments?per_page=100&page=1"),
            format!("GET /api/v3/repos/{REPO}/issues/{PR}/comments?per_page=100&page=1"),
            format!("GET /api/v3/repos/{REPO}/issues/{PR}/comments?per_page=100&page=2"),
        ]
    );
    assert!(reqs.iter().all(|r| r.url.starts_with("/api/v3/")));
    assert!(reqs.iter().all(|r| r.authorization.is_some()));
    let review = &reqs[3].body["comments"][0]["body"];
    assert!(review.as_str().unwrap().contains(&format!(
        "(https://ghe.example.com/{REPO}/blob/{head}/pkg/util.py#L1-L10)"
    )));
}

#[test]
fn annotations_sarif_and_review_in_one_run() {
    let gh = FakeGitHub::start();
    let (repo, head) = pr_repo();
    let (dir, sarif) = temp_file("out.sarif");
    let step_summary = dir.path().join("summary.md");
    let mut cmd = pr(
        repo.path(),
        &["--github-review", "--sarif", sarif.to_str().unwrap()],
    );
    cmd.env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &step_summary)
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_REPOSITORY", REPO)
        .env("GITHUB_API_URL", &gh.url)
        .env("GITHUB_EVENT_PATH", event(dir.path(), &head));
    let out = run(cmd);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let annotations = stdout(&out)
        .lines()
        .filter(|l| l.starts_with("::error file="))
        .count();
    assert_eq!(annotations, 2, "{}", stdout(&out));
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);
    let md = std::fs::read_to_string(&step_summary).unwrap();
    assert!(
        md.contains("| Level | New function | Duplicates | Kind | Score | Engine |"),
        "{md}"
    );
    let posts: Vec<String> = lines(&gh.take_requests())
        .into_iter()
        .filter(|l| !l.starts_with("GET"))
        .collect();
    assert_eq!(
        posts,
        vec![
            format!("POST /repos/{REPO}/pulls/{PR}/reviews"),
            format!("POST /repos/{REPO}/issues/{PR}/comments"),
        ]
    );
}

#[test]
fn a_fixed_finding_loses_its_comment_unless_somebody_replied() {
    let gh = FakeGitHub::start();
    let (repo, head) = pr_repo();
    run(review_cmd(&repo, &gh, &head, &[]));
    let first_id = {
        let s = gh.state.lock().unwrap();
        s.review_comments[0]["id"].as_u64().unwrap()
    };
    gh.take_requests();

    // The author rewrites clean_labels into something else: its comment is stale.
    repo.write(
        "pkg/new.py",
        "import os\n\n\ndef clean_labels(labels, prefix):\n    return {os.path.join(prefix, l): len(l) for l in labels if l}\n",
    );
    let head2 = repo.commit("rewrite").to_string();
    let out = run(review_cmd(&repo, &gh, &head2, &[]));
    assert!(stderr(&out).contains("1 stale deleted"), "{}", stderr(&out));
    let reqs = gh.take_requests();
    assert!(
        lines(&reqs).contains(&format!("DELETE /repos/{REPO}/pulls/comments/{first_id}")),
        "{:?}",
        lines(&reqs)
    );
    assert!(gh.state.lock().unwrap().review_comments.is_empty());

    // A stale comment with a human reply stays.
    let gh = FakeGitHub::start();
    let (repo, head) = pr_repo();
    run(review_cmd(&repo, &gh, &head, &[]));
    let ours = gh.state.lock().unwrap().review_comments[0]["id"]
        .as_u64()
        .unwrap();
    gh.state.lock().unwrap().review_comments.push(json!({
        "id": 9999, "body": "intended, see the issue", "in_reply_to_id": ours,
        "user": {"login": "octocat", "type": "User"},
    }));
    repo.write(
        "pkg/new.py",
        "import os\n\n\ndef clean_labels(labels, prefix):\n    return {os.path.join(prefix, l): len(l) for l in labels if l}\n",
    );
    let head2 = repo.commit("rewrite").to_string();
    let out = run(review_cmd(&repo, &gh, &head2, &[]));
    assert!(stderr(&out).contains("0 stale deleted"), "{}", stderr(&out));
    assert!(
        !lines(&gh.take_requests())
            .iter()
            .any(|l| l.starts_with("DELETE"))
    );
}

/// Every Markdown body the run sent: the review's, its line comments', the summary's.
fn bodies(reqs: &[Recorded]) -> Vec<String> {
    let mut out = Vec::new();
    for r in reqs.iter().filter(|r| r.method != "GET") {
        if let Some(b) = r.body["body"].as_str() {
            out.push(b.to_string());
        }
        for c in r.body["comments"].as_array().into_iter().flatten() {
            out.push(c["body"].as_str().unwrap_or_default().to_string());
        }
    }
    out
}

#[test]
fn hostile_names_paths_and_code_stay_inert_in_review_comments() {
    let (repo, head) = hostile::repo();

    // As a line comment, then (no line comments allowed) in the summary comment.
    for cap in ["30", "0"] {
        let gh = FakeGitHub::start();
        let out = run(review_cmd(
            &repo,
            &gh,
            &head,
            &["--max-review-comments", cap],
        ));
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let reqs = gh.take_requests();
        let bodies = bodies(&reqs);
        assert_eq!(bodies.len(), if cap == "0" { 1 } else { 2 }, "{bodies:#?}");
        for body in &bodies {
            assert_eq!(
                hostile::markdown_problems(body),
                Vec::<String>::new(),
                "{body}"
            );
            assert!(body.chars().count() < 65_536, "over GitHub's limit");
            if body.starts_with("<!-- dedupe-check:review -->") {
                continue;
            }
            // The name and the path are still there to read, in code spans.
            assert!(body.contains("``api.@octocat <img"), "{body}");
            // The path is in the diff's header, inside the fenced block.
            assert!(
                body.contains("\n::error file=a.js::path-injected"),
                "{body}"
            );
        }
        if cap == "30" {
            // GitHub places a line comment by the exact path.
            let review = reqs.iter().find(|r| r.url.ends_with("/reviews")).unwrap();
            assert_eq!(review.body["comments"][0]["path"], hostile::PATH);
            assert_eq!(review.body["comments"][0]["line"], 2);
        }
    }
}

/// A token no output may show, and a run with every file it writes in temp dirs.
const SECRET: &str = "ghs_Secret0123456789TokenThatMustNotLeak";

/// Runs the review against `api_url` with [`SECRET`] as GITHUB_TOKEN; returns the exit code
/// and everything the run wrote: stdout, stderr, the SARIF file, the job summary, the cache.
fn run_with_secret(repo: &TestRepo, head: &str, api_url: &str) -> (Option<i32>, String) {
    let files = tempfile::tempdir().unwrap();
    let sarif = files.path().join("out.sarif");
    let summary = files.path().join("summary.md");
    let cache = files.path().join("cache");
    let gh_event = event(files.path(), head);
    let mut cmd = pr(
        repo.path(),
        &["--format", "github", "--github-review", "--sarif"],
    );
    cmd.arg(&sarif)
        .env("GITHUB_TOKEN", SECRET)
        .env("GITHUB_REPOSITORY", REPO)
        .env("GITHUB_API_URL", api_url)
        .env("GITHUB_EVENT_PATH", &gh_event)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("DEDUPE_CHECK_CACHE_DIR", &cache);
    let out = run(cmd);
    let mut all = format!("{}\n{}\n", stdout(&out), stderr(&out));
    let mut stack = vec![files.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                all.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
            }
        }
    }
    (out.status.code(), all)
}

#[test]
fn the_github_token_appears_in_no_output_on_any_failure() {
    let (repo, head) = pr_repo();
    let listing = format!("/repos/{REPO}/pulls/{PR}/comments");
    // (what, status, body): each answer to the first request, one run each.
    let echo = format!(r#"{{"message": "Bad credentials: Authorization: Bearer {SECRET}"}}"#);
    let cases: Vec<(&str, u16, String)> = vec![
        ("401", 401, r#"{"message": "Bad credentials"}"#.into()),
        ("401 echoing the token", 401, echo.clone()),
        ("403 echoing the token", 403, echo.clone()),
        ("404 echoing the token", 404, echo.clone()),
        ("500 echoing the token", 500, echo.clone()),
        (
            "503 as plain text echoing it",
            503,
            format!("upstream said: token={SECRET}"),
        ),
        ("200 that is not JSON", 200, format!("{{not json {SECRET}")),
    ];
    for (what, status, body) in cases {
        let gh = FakeGitHub::start();
        gh.state.lock().unwrap().forced.push_back(Forced {
            method: "GET",
            path: listing.clone(),
            status,
            headers: vec![],
            body,
        });
        let (code, all) = run_with_secret(&repo, &head, &gh.url);
        // The token did go to the server, so the test would see an echo.
        let reqs = gh.take_requests();
        assert_eq!(
            reqs[0].authorization.as_deref(),
            Some(&*format!("Bearer {SECRET}")),
            "{what}"
        );
        assert!(matches!(code, Some(1) | Some(2)), "{what}: {code:?}\n{all}");
        assert!(
            all.contains(&format!("{status}")) || status == 200,
            "{what}: the failure is named\n{all}"
        );
        assert!(!all.contains(SECRET), "{what}: the token leaked\n{all}");
        assert!(
            !all.contains(&SECRET[4..20]),
            "{what}: part of the token leaked\n{all}"
        );
    }

    // Nothing listens; a server that hangs up at once.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let hang_up = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hang_up_url = format!("http://{}", hang_up.local_addr().unwrap());
    std::thread::spawn(move || {
        for s in hang_up.incoming().flatten() {
            drop(s);
        }
    });
    for (what, url) in [("server down", closed), ("connection dropped", hang_up_url)] {
        let (code, all) = run_with_secret(&repo, &head, &url);
        assert_eq!(code, Some(2), "{what}\n{all}");
        assert!(all.contains("cannot reach the GitHub API"), "{what}\n{all}");
        assert!(!all.contains(SECRET), "{what}: the token leaked\n{all}");
    }
}
