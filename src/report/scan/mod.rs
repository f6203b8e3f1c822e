//! Reporters of `scan`: one format per file, all reading the same `ScanOutcome`.

pub mod html;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod text;

use std::io::Write;

use crate::scan::{CloneClass, ScanOutcome};

/// The formats of `scan` and `history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// One block per clone class, representative first.
    #[default]
    Text,
    /// The stable JSON schema (see README).
    Json,
    /// SARIF 2.1.0: one result per class, the other members as related locations.
    Sarif,
    /// A Markdown summary, for a GitHub job summary.
    Markdown,
    /// One self-contained HTML page, to open in a browser.
    Html,
}

pub fn write(
    format: ReportFormat,
    outcome: &ScanOutcome,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        ReportFormat::Text => text::write(outcome, out),
        ReportFormat::Json => json::write(outcome, out),
        ReportFormat::Sarif => sarif::write(outcome, out),
        ReportFormat::Markdown => markdown::write(outcome, out),
        ReportFormat::Html => html::write(outcome, out),
    }
}

/// "3 functions, 42 lines": what a class holds.
pub fn class_size(class: &CloneClass) -> String {
    format!("{} functions, {} lines", class.members.len(), class.lines)
}

/// The one-line summary of a scan.
pub fn headline(outcome: &ScanOutcome) -> String {
    if let Some(reason) = &outcome.nothing_to_scan {
        return reason.clone();
    }
    let s = &outcome.summary;
    format!(
        "{} clone class(es) among {} functions of {} files at {}: {} duplicated function(s), {} duplicated line(s) (threshold {:.2})",
        outcome.classes.len(),
        outcome.functions,
        outcome.files,
        outcome.rev,
        s.duplicated_functions,
        s.duplicated_lines,
        outcome.threshold,
    )
}
