//! `history --format markdown`: the rates, the suggestions and the commits with
//! findings, for a job summary.

use std::io::Write;

use crate::history::HistoryOutcome;
use crate::sanitize::{code, markdown_text, table_cell};

pub fn write(outcome: &HistoryOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "## dedupe-check history\n")?;
    writeln!(out, "{}\n", markdown_text(&super::headline(outcome)))?;
    if !outcome.suggestions.is_empty() {
        writeln!(
            out,
            "| setting | removes findings | removes failing commits |"
        )?;
        writeln!(out, "|---|---|---|")?;
        for s in &outcome.suggestions {
            writeln!(
                out,
                "| {} | {} | {} |",
                table_cell(&code(&s.setting)),
                s.removes_findings,
                s.removes_failures
            )?;
        }
        writeln!(out)?;
    }
    let with = outcome.commits.iter().filter(|c| !c.findings.is_empty());
    writeln!(out, "| commit | subject | findings |")?;
    writeln!(out, "|---|---|---|")?;
    for c in with {
        writeln!(
            out,
            "| {} | {} | {} |",
            code(super::short(&c.commit)),
            table_cell(&markdown_text(&c.subject)),
            super::commit_counts(c)
        )?;
    }
    Ok(())
}
