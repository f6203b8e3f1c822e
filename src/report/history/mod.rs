//! Reporters of `history`: one format per file, all reading the same `HistoryOutcome`.

pub mod html;
pub mod json;
pub mod markdown;
pub mod text;

use std::io::Write;

use crate::finding::Finding;
use crate::history::{HistoryOutcome, Replayed};
use crate::report::scan::ReportFormat;

/// Writes the whole report; `text` has already streamed the commits when `streamed`.
pub fn write(
    format: ReportFormat,
    outcome: &HistoryOutcome,
    streamed: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        ReportFormat::Text => {
            if !streamed {
                for c in &outcome.commits {
                    text::write_commit(c, out)?;
                }
            }
            text::write_totals(outcome, out)
        }
        ReportFormat::Json => json::write(outcome, out),
        ReportFormat::Markdown => markdown::write(outcome, out),
        ReportFormat::Html => html::write(outcome, out),
        ReportFormat::Sarif => unreachable!("history refuses --format sarif before it runs"),
    }
}

/// The first 12 hex digits of a commit id.
pub fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// "error copy: app/a.py:4 load duplicates app/b.py:4 read (score 0.86)".
pub fn finding_line(f: &Finding) -> String {
    format!(
        "{} {}: {}:{} {} duplicates {}:{} {} (score {:.2})",
        f.level.as_str(),
        f.kind.as_str(),
        f.new.path,
        f.new.def_line,
        f.new.qualified_name,
        f.existing.path,
        f.existing.def_line,
        f.existing.qualified_name,
        f.score
    )
}

/// "1 error(s), 2 warning(s)" of one commit.
pub fn commit_counts(c: &Replayed) -> String {
    use crate::verdict::Level;
    format!(
        "{} error(s), {} warning(s)",
        c.count(Level::Error),
        c.count(Level::Warning)
    )
}

/// "replayed 200 commits of HEAD: 3 would have failed (fail_on: error), 7 had findings".
pub fn headline(outcome: &HistoryOutcome) -> String {
    let r = &outcome.rates;
    let mut line = format!(
        "replayed {} commit(s) of {}: {} would have failed (fail_on: {}), {} had findings; {} error(s), {} warning(s)",
        r.commits,
        outcome.rev,
        r.failed,
        fail_on_name(outcome.fail_on),
        r.with_findings,
        r.errors,
        r.warnings,
    );
    if r.unchecked > 0 {
        line.push_str(&format!("; {} could not be checked", r.unchecked));
    }
    line
}

pub fn fail_on_name(f: crate::config::FailOn) -> &'static str {
    use crate::config::FailOn;
    match f {
        FailOn::Error => "error",
        FailOn::Warning | FailOn::Findings => "warning",
        FailOn::Never => "never",
    }
}
