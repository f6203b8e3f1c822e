//! `history --format text`: each commit with findings as it is replayed, then the
//! rates and the settings that would have changed them.

use std::io::Write;

use crate::history::{HistoryOutcome, Replayed};
use crate::sanitize::terminal;

/// One commit: nothing when it had no finding and was checked.
pub fn write_commit(c: &Replayed, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(e) = &c.error {
        return writeln!(
            out,
            "{} {}: not checked: {}",
            super::short(&c.commit),
            terminal(&c.subject),
            terminal(e)
        );
    }
    if c.findings.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{} {}: {}",
        super::short(&c.commit),
        terminal(&c.subject),
        super::commit_counts(c)
    )?;
    for f in &c.findings {
        writeln!(out, "  {}", terminal(&super::finding_line(f)))?;
    }
    Ok(())
}

pub fn write_totals(outcome: &HistoryOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", super::headline(outcome))?;
    let kinds: Vec<String> = outcome
        .rates
        .by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    writeln!(out, "findings by kind: {}", kinds.join(", "))?;
    if outcome.suggestions.is_empty() {
        return Ok(());
    }
    writeln!(out, "settings that would have changed this:")?;
    let width = outcome
        .suggestions
        .iter()
        .map(|s| s.setting.chars().count())
        .max()
        .unwrap_or(0);
    for s in &outcome.suggestions {
        writeln!(
            out,
            "  {:width$}  removes {} finding(s), {} failing commit(s)",
            terminal(&s.setting),
            s.removes_findings,
            s.removes_failures
        )?;
    }
    Ok(())
}
