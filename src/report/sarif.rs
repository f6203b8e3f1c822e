//! `--format sarif` and `--sarif FILE`: SARIF 2.1.0 for GitHub code scanning.
//!
//! One rule, `duplicate-function`; one result per finding. The checked (new) function is
//! the result's location; the existing function is its related location, and the message
//! links it (`[…](1)`), because GitHub shows only the related locations a message links
//! (the jscpd 5 way). `partialFingerprints` comes from the two normalized function texts,
//! so an alert survives re-runs and line shifts. Notices go to
//! `invocations[0].toolExecutionNotifications`, so a degraded run is never silent.
//!
//! GitHub's upload limits (docs: "SARIF support for code scanning") are kept here:
//! at most 25 000 results per run and 1 000 related locations per result.

use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;

use crate::detect::Outcome;
use crate::finding::{Engine, Finding, FunctionRef};
use crate::sanitize;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const RULE_ID: &str = "duplicate-function";
/// The `uriBaseId` every artifact location is relative to: the repository root.
pub const SRCROOT: &str = "SRCROOT";
/// The `partialFingerprints` key; bump the version when the fingerprint changes meaning.
pub const FINGERPRINT_KEY: &str = "duplicateFunction/v1";
/// GitHub code scanning rejects runs with more results than this.
pub const MAX_RESULTS: usize = 25_000;
/// Names longer than this are shortened in messages (GitHub truncates long messages).
const MAX_NAME_CHARS: usize = 200;

const SHORT_DESCRIPTION: &str =
    "A function added by the change re-implements a function that already exists.";
const FULL_DESCRIPTION: &str = "The change adds a function whose behaviour an existing function \
    of the repository already implements. Two copies of the same logic drift apart: a fix or a \
    change of behaviour then has to be made twice, and is usually made once.";
const HELP_TEXT: &str = "Call the existing function (shown as the related location) instead of \
    adding a second implementation, or move the shared logic into one function both places use. \
    If the copy is intended, suppress the finding with a `# dedupe-check: ignore` comment on the \
    `def` line or on the line above it (`// dedupe-check: ignore` in JavaScript, TypeScript, Go, \
    Rust and Java, on the definition line or above its decorators, attributes or annotations). To report fewer findings, raise `threshold` (or \
    `model.threshold` for the reranker) in .dedupe-check.yml.";
const HELP_MARKDOWN: &str = "**Reuse the existing function.** The related location is the \
    function that already does this job: call it instead of adding a second implementation, or \
    move the shared logic into one function that both places use.\n\n\
    **Intended copy?** Suppress the finding with a comment on the `def` line or on the line above \
    it:\n\n```python\ndef parse_date(text):  # dedupe-check: ignore\n```\n\n\
    In JavaScript, TypeScript, Go, Rust and Java the comment is `// dedupe-check: ignore`.\n\n\
    **Too many findings?** Raise `threshold` (structural engine) or `model.threshold` \
    (reranker) in `.dedupe-check.yml`.";

/// The SARIF level of a finding: its own level, or `note` for duplication the change did
/// not introduce.
pub fn level(f: &Finding) -> &'static str {
    if f.introduced {
        f.level.as_str()
    } else {
        "note"
    }
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(outcome))?;
    writeln!(out)
}

/// The whole SARIF log of one run.
pub fn to_value(outcome: &Outcome) -> Value {
    let mut notifications: Vec<Value> = outcome
        .notices
        .iter()
        .map(|n| notification("dedupe-check/notice", "warning", n))
        .collect();
    if let Some(reason) = &outcome.nothing_to_check {
        notifications.push(notification(
            "dedupe-check/nothing-to-check",
            "note",
            reason,
        ));
    }
    let findings = &outcome.findings[..outcome.findings.len().min(MAX_RESULTS)];
    if outcome.findings.len() > MAX_RESULTS {
        notifications.push(notification(
            "dedupe-check/results-truncated",
            "warning",
            &format!(
                "{} findings; only the first {MAX_RESULTS} are in this SARIF log (GitHub code \
                 scanning's limit per run)",
                outcome.findings.len()
            ),
        ));
    }

    let mut invocation = json!({ "executionSuccessful": true });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }

    let mut run = json!({
        "tool": { "driver": driver() },
        "automationDetails": {
            // "<category>/<run id>": GitHub keys alerts by the category, so keep it stable.
            "id": format!("dedupe-check/{}/", outcome.mode),
        },
        "invocations": [invocation],
        "originalUriBaseIds": {
            SRCROOT: {
                "uri": directory_uri(&outcome.repo),
                "description": { "text": "The root of the checked repository." },
            },
        },
        "columnKind": "unicodeCodePoints",
        "results": findings.iter().map(result).collect::<Vec<_>>(),
        "properties": run_properties(outcome),
    });
    if let Some(vcs) = version_control(outcome) {
        run["versionControlProvenance"] = json!([vcs]);
    }

    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    })
}

fn driver() -> Value {
    json!({
        "name": env!("CARGO_PKG_NAME"),
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": env!("CARGO_PKG_REPOSITORY"),
        "rules": [{
            "id": RULE_ID,
            "name": "DuplicateFunction",
            "shortDescription": { "text": SHORT_DESCRIPTION },
            "fullDescription": { "text": FULL_DESCRIPTION },
            "help": { "text": HELP_TEXT, "markdown": HELP_MARKDOWN },
            "helpUri": format!("{}#suppressing-a-finding", env!("CARGO_PKG_REPOSITORY")),
            "defaultConfiguration": { "level": "warning" },
            "properties": {
                "tags": ["maintainability", "duplicate-code"],
                "precision": "medium",
                "problem.severity": "warning",
            },
        }],
    })
}

fn notification(id: &str, level: &str, text: &str) -> Value {
    json!({
        "descriptor": { "id": id },
        "level": level,
        "message": { "text": sentence(&sanitize::controls(text)) },
    })
}

fn run_properties(outcome: &Outcome) -> Value {
    json!({
        "mode": outcome.mode,
        "base": outcome.base,
        "head": outcome.head,
        "engine": outcome.engine.map(Engine::as_str),
        "checkedFunctions": outcome.checked_functions,
        "existingFunctions": outcome.existing_functions,
    })
}

/// `versionControlProvenance` when the run knows its repository (inside GitHub Actions).
fn version_control(outcome: &Outcome) -> Option<Value> {
    let head = outcome.head.as_deref()?;
    let repository = std::env::var("GITHUB_REPOSITORY").ok()?;
    let server = std::env::var("GITHUB_SERVER_URL").unwrap_or_else(|_| "https://github.com".into());
    Some(json!({
        "repositoryUri": format!("{}/{repository}", server.trim_end_matches('/')),
        "revisionId": head,
        "mappedTo": { "uriBaseId": SRCROOT },
    }))
}

fn result(f: &Finding) -> Value {
    let other = if f.existing_is_new {
        "another function this change adds"
    } else {
        "the existing function"
    };
    let mut message = format!(
        "{} duplicates {other} [{} at {}]({RELATED_ID}) ({}, score {:.2}, {} engine): {}. {}.",
        escape_link_text(&quoted(&f.new.qualified_name)),
        escape_link_text(&quoted(&f.existing.qualified_name)),
        escape_link_text(&span(&f.existing)),
        f.kind.as_str(),
        f.score,
        f.engine.as_str(),
        escape_link_text(&f.evidence.reason),
        escape_link_text(&super::capitalised(&f.evidence.advice)),
    );
    let more = f.also_existing.len();
    if more > 0 {
        message.push_str(&format!(" {more} more existing function(s) match too."));
    }
    if !f.new_copies.is_empty() {
        message.push_str(&format!(
            " {} other new copy(ies) in this change.",
            f.new_copies.len()
        ));
    }
    if let Some(sentence) = f.existing_sentence() {
        message.push(' ');
        message.push_str(&sentence);
    }
    let mut properties = json!({
        "score": round(f.score),
        "engine": f.engine.as_str(),
        "existingIsNew": f.existing_is_new,
        "introduced": f.introduced,
        "existingFunction": f.existing.qualified_name,
        "newFunction": f.new.qualified_name,
        "kind": f.kind,
        "findingLevel": f.level,
        "evidence": f.evidence,
    });
    if let Some(logit) = f.logit {
        properties["logit"] = json!(round(logit));
    }
    if let Some(before) = f.before_score {
        properties["beforeScore"] = json!(round(before));
    }
    let mut related = vec![location(
        &f.existing,
        Some(RELATED_ID),
        &format!(
            "{} already implements this.",
            escape_link_text(&quoted(&f.existing.qualified_name))
        ),
    )];
    let others = f
        .also_existing
        .iter()
        .map(|m| (m, "also matches (score {score})"))
        .chain(
            f.new_copies
                .iter()
                .map(|m| (m, "is another new copy (score {score})")),
        );
    for (id, (m, what)) in (RELATED_ID + 1..).zip(others) {
        let what = what.replace("{score}", &format!("{:.2}", m.score));
        related.push(location(
            &m.function,
            Some(id),
            &format!(
                "{} {what}.",
                escape_link_text(&quoted(&m.function.qualified_name))
            ),
        ));
    }
    json!({
        "ruleId": RULE_ID,
        "ruleIndex": 0,
        "level": level(f),
        "rank": round(f.score * 100.0),
        "message": { "text": message },
        "locations": [location(&f.new, None, "The function this change adds.")],
        "relatedLocations": related,
        "partialFingerprints": { FINGERPRINT_KEY: f.fingerprint },
        "properties": properties,
    })
}

/// The id of the related location (the other copy) that the message links.
const RELATED_ID: u32 = 1;

fn location(f: &FunctionRef, id: Option<u32>, text: &str) -> Value {
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": relative_uri(&f.path), "uriBaseId": SRCROOT },
            "region": { "startLine": f.start_line, "endLine": f.end_line.max(f.start_line) },
        },
        "message": { "text": text },
    });
    if let Some(id) = id {
        loc["id"] = json!(id);
    }
    loc
}

fn span(f: &FunctionRef) -> String {
    format!(
        "{}:{}-{}",
        sanitize::controls(&sanitize::shorten(&f.path, MAX_NAME_CHARS)),
        f.start_line,
        f.end_line
    )
}

/// A name in backticks, shortened when it is absurdly long, control characters shown
/// escaped (the message is text for people; `properties` keep the exact name).
fn quoted(name: &str) -> String {
    let name = sanitize::controls(name);
    if name.chars().count() > MAX_NAME_CHARS {
        let short: String = name.chars().take(MAX_NAME_CHARS).collect();
        format!("`{short}…`")
    } else {
        format!("`{name}`")
    }
}

/// In SARIF message text, `[` and `]` are escaped with `\` (inside link text they must be;
/// elsewhere a name like `[x](https://…)` would otherwise read as a link).
fn escape_link_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// SARIF messages should be sentences: end them with a period.
fn sentence(s: &str) -> String {
    let s = s.trim_end();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

/// A repository-relative path as a relative URI reference (RFC 3986), `/`-separated.
pub fn relative_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            // A `:` in the first segment would read as a scheme.
            b':' if path.contains('/') && path.find(':') > path.find('/') => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `file:///abs/dir/` for a directory (with the trailing slash SARIF requires).
pub fn directory_uri(dir: &Path) -> String {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut s = abs.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        s.insert(0, '/'); // Windows: /C:/...
    }
    if !s.ends_with('/') {
        s.push('/');
    }
    let encoded: String = s
        .split('/')
        .map(|seg| {
            if seg.len() == 2 && seg.ends_with(':') {
                seg.to_string()
            } else {
                relative_uri(seg).replace(':', "%3A")
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    format!("file://{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_uris_escape_what_uris_cannot_hold() {
        assert_eq!(relative_uri("pkg/a b.py"), "pkg/a%20b.py");
        assert_eq!(relative_uri("pkg/100%.py"), "pkg/100%25.py");
        assert_eq!(relative_uri("a:b.py"), "a%3Ab.py");
        assert_eq!(relative_uri("x/a:b.py"), "x/a:b.py");
        assert_eq!(relative_uri("src/#x?.py"), "src/%23x%3F.py");
        assert_eq!(relative_uri("é.py"), "%C3%A9.py");
    }

    #[test]
    fn directory_uris_end_with_a_slash() {
        assert_eq!(
            directory_uri(Path::new("/tmp/my repo")),
            "file:///tmp/my%20repo/"
        );
        assert_eq!(directory_uri(Path::new("/tmp/r/")), "file:///tmp/r/");
    }

    #[test]
    fn link_text_escapes_brackets() {
        assert_eq!(escape_link_text("`a[0]`"), "`a\\[0\\]`");
    }
}
