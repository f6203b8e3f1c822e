//! The reporters with hostile names, paths and code: every format renders, and the JSON
//! and SARIF documents parse back with the path and name they were given.
//!
//! Input: fields separated by 0xFF bytes (never part of UTF-8 text): new path, new name,
//! new code, existing path, existing name, existing code, a notice, the head revision.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use dedupe_check::detect::Outcome;
use dedupe_check::extract::{Function, SourceSpan};
use dedupe_check::finding::{Engine, Finding, Match};
use dedupe_check::report::{self, Format, github, sarif};
use dedupe_check::review::markdown::{self, Links, Listed, Summary};
use libfuzzer_sys::fuzz_target;

fn function(path: &str, name: &str, text: &str, first_line: u32) -> Function {
    let lines = text.lines().count().max(1) as u32;
    Function {
        path: path.to_string(),
        name: name.to_string(),
        qualified_name: format!("{name}.{name}"),
        start_line: first_line,
        def_line: first_line,
        end_line: first_line.saturating_add(lines - 1),
        source: SourceSpan {
            start: 0,
            end: text.len() as u32,
            indent: 0,
        },
        text: OnceLock::from(text.to_string()),
        statements: lines,
        shape: Vec::new(),
        terms: Vec::new(),
        free_terms: Vec::new(),
        free_names: Vec::new(),
        calls: Vec::new(),
        text_hash: 0,
        suppressed: false,
        ignore_line: None,
        params: 0,
        test: false,
        lexemes: None,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.split('\u{FFFD}');
    let mut next = || fields.next().unwrap_or_default();
    let (new_path, new_name, new_code) = (next(), next(), next());
    let (old_path, old_name, old_code) = (next(), next(), next());
    let (notice, head) = (next(), next());
    let first_line = data.first().map_or(1, |&b| u32::from(b) + 1);

    let new = function(new_path, new_name, new_code, first_line);
    let existing = function(old_path, old_name, old_code, 1);
    let mut finding = Finding::new(&new, &existing, false, 0.9, Some(2.5), Engine::Structural);
    finding.also_existing = vec![Match {
        function: (&existing).into(),
        score: 0.8,
    }];
    finding.new_copies = vec![Match {
        function: (&new).into(),
        score: 0.7,
    }];
    let mut note = Finding::new(&existing, &new, true, 0.7, None, Engine::Reranker);
    note.introduced = false;
    note.before_score = Some(0.69);
    let outcome = Outcome {
        mode: "pr",
        repo: PathBuf::from(new_path),
        base: Some(head.to_string()),
        head: Some(head.to_string()),
        engine: Some(Engine::Structural),
        notices: vec![notice.to_string()],
        checked_functions: 2,
        existing_functions: 1,
        findings: vec![finding, note],
        existing_duplicates: 1,
        ..Outcome::default()
    };

    for format in [Format::Text, Format::Json, Format::Sarif, Format::Github] {
        for (color, show_diff) in [(false, true), (true, false)] {
            let mut out = Vec::new();
            let opts = report::Options {
                color,
                show_diff,
                show_all_matches: show_diff,
                paths: dedupe_check::settings::PathStyle::Repo,
            };
            report::write(format, &outcome, &opts, &mut out).expect("writes to memory");
            if !matches!(format, Format::Json | Format::Sarif) {
                continue;
            }
            let doc: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
            if format == Format::Json {
                assert_eq!(doc["findings"][0]["new"]["path"], new_path);
                assert_eq!(doc["findings"][0]["existing"]["name"], old_name);
            } else {
                let loc = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
                assert_eq!(
                    loc["artifactLocation"]["uri"],
                    sarif::relative_uri(new_path).as_str()
                );
            }
        }
    }
    let _ = github::job_summary(&outcome);

    let links = Links {
        server: "https://github.com",
        repository: old_name,
        head,
    };
    for f in &outcome.findings {
        let body = markdown::line_comment(f, &links);
        let marked = markdown::fingerprints_in(&body);
        assert_eq!(
            marked.first(),
            Some(&f.fingerprint),
            "the comment's own marker leads"
        );
    }
    let summary = markdown::summary(&Summary {
        links,
        total: 2,
        commented: 0,
        listed: outcome
            .findings
            .iter()
            .map(|finding| Listed {
                finding,
                reason: notice,
            })
            .collect(),
        notes: vec![notice.to_string()],
    });
    assert!(summary.starts_with(markdown::SUMMARY_MARKER));
});
