//! `history --format json`: the stable, versioned schema documented in the README.

use std::io::Write;

use crate::history::HistoryOutcome;

pub const SCHEMA_VERSION: u32 = 1;

pub fn write(outcome: &HistoryOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = serde_json::json!({
        "version": SCHEMA_VERSION,
        "tool": env!("CARGO_PKG_NAME"),
        "tool_version": env!("CARGO_PKG_VERSION"),
        "command": "history",
        "rev": outcome.rev,
        "requested": outcome.requested,
        "fail_on": outcome.fail_on,
        "threshold": outcome.threshold,
        "notices": outcome.notices,
        "rates": outcome.rates,
        "suggestions": outcome.suggestions,
        "commits": outcome.commits,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
