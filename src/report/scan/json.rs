//! `scan --format json`: the stable, versioned schema documented in the README.

use serde::Serialize;
use std::io::Write;

use crate::scan::{CloneClass, ScanOutcome, Summary};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: &'static str,
    tool_version: &'static str,
    command: &'static str,
    rev: &'a str,
    commit: &'a str,
    threshold: f32,
    engine: crate::finding::Engine,
    judged: usize,
    files: usize,
    functions: usize,
    nothing_to_scan: Option<&'a str>,
    notices: &'a [String],
    summary: &'a Summary,
    classes: &'a [CloneClass],
}

pub fn write(outcome: &ScanOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = Document {
        version: SCHEMA_VERSION,
        tool: env!("CARGO_PKG_NAME"),
        tool_version: env!("CARGO_PKG_VERSION"),
        command: "scan",
        rev: &outcome.rev,
        commit: &outcome.commit,
        threshold: outcome.threshold,
        engine: outcome.engine,
        judged: outcome.judged,
        files: outcome.files,
        functions: outcome.functions,
        nothing_to_scan: outcome.nothing_to_scan.as_deref(),
        notices: &outcome.notices,
        summary: &outcome.summary,
        classes: &outcome.classes,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
