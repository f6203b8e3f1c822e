//! `scan --format markdown`: the summary and the costliest classes, for a job summary.

use std::io::Write;

use crate::sanitize;
use crate::scan::ScanOutcome;

/// Classes listed in full; the rest are counted.
const MAX_CLASSES: usize = 50;

pub fn write(outcome: &ScanOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "## dedupe-check scan\n")?;
    writeln!(
        out,
        "{}\n",
        sanitize::markdown_text(&super::headline(outcome))
    )?;
    if outcome.classes.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "| class | level | kind | language | members | lines | representative |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|")?;
    for class in outcome.classes.iter().take(MAX_CLASSES) {
        let rep = &class.members[0];
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            class.id,
            class.level.as_str(),
            class.kind.as_str(),
            class.language,
            class.members.len(),
            class.lines,
            sanitize::table_cell(&sanitize::code(&format!(
                "{}:{} {}",
                rep.path, rep.start_line, rep.name
            ))),
        )?;
    }
    if outcome.classes.len() > MAX_CLASSES {
        writeln!(
            out,
            "\n…and {} more class(es) (`--format json` or `--format html` lists them all).",
            outcome.classes.len() - MAX_CLASSES
        )?;
    }
    writeln!(out, "\n### Duplicated lines by directory\n")?;
    writeln!(out, "| directory | functions | lines |")?;
    writeln!(out, "|---|---|---|")?;
    for t in outcome.summary.by_directory.iter().take(20) {
        writeln!(
            out,
            "| {} | {} | {} |",
            sanitize::table_cell(&sanitize::code(&t.name)),
            t.functions,
            t.lines
        )?;
    }
    Ok(())
}
