//! `scan --format text`: one block per clone class, the representative first.

use std::io::Write;

use crate::sanitize;
use crate::scan::{Member, ScanOutcome};

pub fn write(outcome: &ScanOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    for class in &outcome.classes {
        writeln!(
            out,
            "{} {} {}: {} ({})",
            class.id,
            class.level.as_str(),
            class.kind.as_str(),
            class.language,
            super::class_size(class)
        )?;
        for (i, m) in class.members.iter().enumerate() {
            writeln!(out, "  {}", member_line(m, i == 0))?;
        }
        writeln!(out)?;
    }
    if !outcome.summary.by_directory.is_empty() {
        writeln!(out, "duplicated lines by directory:")?;
        for t in outcome.summary.by_directory.iter().take(10) {
            writeln!(
                out,
                "  {:>6} lines in {:>4} function(s)  {}",
                t.lines,
                t.functions,
                sanitize::terminal(&t.name)
            )?;
        }
    }
    writeln!(out, "{}", super::headline(outcome))
}

fn member_line(m: &Member, representative: bool) -> String {
    let at = format!(
        "{}:{}-{} {}",
        sanitize::terminal(&m.path),
        m.start_line,
        m.end_line,
        sanitize::terminal(&m.name)
    );
    if representative {
        let callers = match m.callers {
            0 => String::new(),
            n => format!(", called by {n}"),
        };
        return format!("* {at} (representative{callers})");
    }
    let mut line = format!(
        "- {at} ({}, score {:.2})",
        m.kind.map_or("similar", |k| k.as_str()),
        m.score.unwrap_or(0.0)
    );
    let renamed: Vec<String> = m
        .renamings
        .iter()
        .map(|r| format!("{} → {}", r.existing, r.new))
        .collect();
    if !renamed.is_empty() {
        line.push_str(&format!(
            "; renamed {}",
            sanitize::terminal(&renamed.join(", "))
        ));
    }
    let differs: Vec<String> = m
        .differences
        .iter()
        .map(|d| format!("{} → {}", d.existing, d.new))
        .collect();
    if !differs.is_empty() {
        line.push_str(&format!(
            "; differs {}",
            sanitize::terminal(&differs.join(", "))
        ));
    }
    line
}
