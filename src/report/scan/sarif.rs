//! `scan --format sarif`: one result per clone class at its representative, the other
//! members as related locations linked from the message.

use serde_json::{Value, json};
use std::io::Write;

use crate::report::sarif::{SCHEMA_URI, SRCROOT, directory_uri, relative_uri};
use crate::sanitize;
use crate::scan::{CloneClass, Member, ScanOutcome};

pub const RULE_ID: &str = "duplicate-function-class";
/// GitHub code scanning keeps at most this many related locations per result.
const MAX_RELATED: usize = 1000;

pub fn write(outcome: &ScanOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(outcome))?;
    writeln!(out)
}

pub fn to_value(outcome: &ScanOutcome) -> Value {
    let mut notices: Vec<&str> = outcome.notices.iter().map(String::as_str).collect();
    notices.extend(outcome.nothing_to_scan.as_deref());
    let mut invocation = json!({ "executionSuccessful": true });
    if !notices.is_empty() {
        invocation["toolExecutionNotifications"] = notices
            .iter()
            .map(|n| json!({ "level": "note", "message": { "text": sentence(n) } }))
            .collect();
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": env!("CARGO_PKG_NAME"),
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": [{
                    "id": RULE_ID,
                    "name": "DuplicateFunctionClass",
                    "shortDescription": { "text": "Functions of the repository that do the same job." },
                    "fullDescription": { "text": "Functions linked pair by pair at or above the threshold: copies of one another that a fix has to reach one by one." },
                    "help": { "text": "Keep the representative (the result's location) and make the other members call it." },
                    "defaultConfiguration": { "level": "warning" },
                }],
            }},
            "automationDetails": { "id": "dedupe-check/scan/" },
            "invocations": [invocation],
            "originalUriBaseIds": { SRCROOT: { "uri": directory_uri(&outcome.repo) } },
            "results": outcome.classes.iter().map(result).collect::<Vec<_>>(),
            "properties": { "rev": outcome.rev, "commit": outcome.commit },
        }],
    })
}

fn result(class: &CloneClass) -> Value {
    let rep = &class.members[0];
    let others = &class.members[1..class.members.len().min(MAX_RELATED + 1)];
    let links: Vec<String> = others
        .iter()
        .enumerate()
        .map(|(i, m)| format!("[{}]({})", escape(&sanitize::controls(&m.name)), i + 1))
        .collect();
    let message = format!(
        "`{}` has {} other copies ({}, {}): {}.",
        escape(&sanitize::controls(&rep.name)),
        class.members.len() - 1,
        class.kind.as_str(),
        super::class_size(class),
        links.join(", ")
    );
    json!({
        "ruleId": RULE_ID,
        "level": class.level.as_str(),
        "message": { "text": message },
        "locations": [location(rep, None)],
        "relatedLocations": others
            .iter()
            .enumerate()
            .map(|(i, m)| location(m, Some(i + 1)))
            .collect::<Vec<_>>(),
        "partialFingerprints": { "duplicateFunctionClass/v1": class.id },
        "properties": {
            "classId": class.id,
            "kind": class.kind.as_str(),
            "members": class.members.len(),
            "lines": class.lines,
        },
    })
}

fn location(m: &Member, id: Option<usize>) -> Value {
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": relative_uri(&m.path), "uriBaseId": SRCROOT },
            "region": { "startLine": m.start_line, "endLine": m.end_line.max(m.start_line) },
        },
        "message": { "text": sanitize::controls(&m.name) },
    });
    if let Some(id) = id {
        loc["id"] = json!(id);
    }
    loc
}

/// `[`, `]` and `\` escaped: SARIF message text reads them as link syntax.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

fn sentence(s: &str) -> String {
    let s = sanitize::controls(s.trim_end());
    if s.ends_with(['.', '!', '?']) {
        s
    } else {
        format!("{s}.")
    }
}
