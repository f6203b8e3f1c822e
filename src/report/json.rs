//! `--format json`: the stable, versioned schema documented in the README.

use serde::Serialize;
use std::io::Write;

use crate::detect::Outcome;
use crate::finding::{Engine, Finding};
use crate::verdict::Level;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    mode: &'a str,
    base: Option<&'a str>,
    head: Option<&'a str>,
    engine: Option<Engine>,
    notices: &'a [String],
    nothing_to_check: Option<&'a str>,
    checked_functions: usize,
    existing_functions: usize,
    /// Introduced findings at each level (errors fail the run by default).
    errors: usize,
    warnings: usize,
    findings: &'a [Finding],
    /// Seconds per stage (diff, extract, moves, index, rank, rerank): for benchmarks.
    timings: std::collections::BTreeMap<&'a str, f64>,
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> std::io::Result<()> {
    let count = |level: Level| {
        outcome
            .findings
            .iter()
            .filter(|f| f.introduced && f.level == level)
            .count()
    };
    let doc = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        mode: outcome.mode,
        base: outcome.base.as_deref(),
        head: outcome.head.as_deref(),
        engine: outcome.engine,
        notices: &outcome.notices,
        nothing_to_check: outcome.nothing_to_check.as_deref(),
        checked_functions: outcome.checked_functions,
        existing_functions: outcome.existing_functions,
        errors: count(Level::Error),
        warnings: count(Level::Warning),
        findings: &outcome.findings,
        timings: outcome.timings.iter().copied().collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
