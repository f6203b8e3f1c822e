//! `--format github`: workflow-command annotations (`::warning file=…::…`) that GitHub
//! Actions shows on the changed lines, and a Markdown table for the job summary
//! (`$GITHUB_STEP_SUMMARY`).

use std::fmt::Write as _;
use std::io::Write;

use crate::detect::Outcome;
use crate::finding::Finding;
use crate::sanitize;
use crate::verdict::Level;

/// The annotation title of a finding.
pub const TITLE: &str = "Duplicate function";

/// Escapes the message (data) of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command (`file=…,title=…`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Text for the log line of a workflow command: ANSI escapes and other controls shown
/// escaped (the log viewer would interpret them), line breaks kept for [`escape_data`],
/// old-style `##[` commands broken, very long text cut.
fn log_text(s: &str) -> String {
    sanitize::controls_but(&sanitize::shorten(s, MAX_MESSAGE_CHARS), &['\r', '\n'])
        .replace("##[", "#\u{200B}#[")
}

/// Messages longer than this (in characters) are cut; GitHub shows only the start.
const MAX_MESSAGE_CHARS: usize = 4000;

/// One annotation line (without the newline).
pub fn annotation(level: &str, properties: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = properties
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(&log_text(v))))
        .collect();
    let sep = if props.is_empty() { "" } else { " " };
    format!(
        "::{level}{sep}{}::{}",
        props.join(","),
        escape_data(&log_text(message))
    )
}

/// What a finding's annotation says.
pub fn message(f: &Finding) -> String {
    let other = if f.existing_is_new {
        "another new function"
    } else {
        "existing function"
    };
    let mut text = format!(
        "`{}` duplicates {other} `{}` at {}:{}-{} ({}, score {:.2}, {} engine): {}.",
        f.new.qualified_name,
        f.existing.qualified_name,
        f.existing.path,
        f.existing.start_line,
        f.existing.end_line,
        f.kind.as_str(),
        f.score,
        f.engine.as_str(),
        f.evidence.reason,
    );
    for sentence in [f.group_sentence()]
        .into_iter()
        .chain(f.existing_sentence())
        .filter(|s| !s.is_empty())
    {
        text.push(' ');
        text.push_str(&sentence);
    }
    text.push_str(&format!(
        "\nHelp: {}; or add `{}` on the def line if the copy is intended.",
        f.evidence.advice,
        crate::lang::ignore_marker_for(&f.new.path)
    ));
    text
}

/// The annotation of one finding, on the checked function's lines.
pub fn finding_annotation(f: &Finding) -> String {
    annotation(
        match (f.introduced, f.level) {
            (false, _) => "notice",
            (true, Level::Error) => "error",
            (true, Level::Warning) => "warning",
        },
        &[
            ("file", f.new.path.clone()),
            ("line", f.new.def_line.to_string()),
            ("endLine", f.new.end_line.max(f.new.def_line).to_string()),
            ("title", format!("{TITLE}: {}", f.new.qualified_name)),
        ],
        &message(f),
    )
}

/// A notice annotation (not tied to a line).
pub fn notice_annotation(text: &str) -> String {
    annotation("notice", &[("title", "dedupe-check".into())], text)
}

/// Annotations for every finding and notice, then a plain summary line for the log.
pub fn write(outcome: &Outcome, out: &mut dyn Write) -> std::io::Result<()> {
    for notice in &outcome.notices {
        writeln!(out, "{}", notice_annotation(notice))?;
    }
    if let Some(reason) = &outcome.nothing_to_check {
        return writeln!(out, "{}", sanitize::terminal(reason));
    }
    for f in &outcome.findings {
        writeln!(out, "{}", finding_annotation(f))?;
    }
    writeln!(out, "dedupe-check: {}", super::summary(outcome))
}

pub use crate::sanitize::{code, table_cell};

/// The Markdown of the job summary: a heading, notices, and a table of findings.
pub fn job_summary(outcome: &Outcome) -> String {
    let mut md = String::from("### dedupe-check\n\n");
    for notice in &outcome.notices {
        let _ = writeln!(md, "> **Note:** {}\n", sanitize::markdown_text(notice));
    }
    if let Some(reason) = &outcome.nothing_to_check {
        let _ = writeln!(md, "{}\n", sanitize::markdown_text(reason));
        return md;
    }
    let _ = writeln!(md, "{}.\n", super::summary(outcome));
    if outcome.findings.is_empty() {
        return md;
    }
    md.push_str("| Level | New function | Duplicates | Kind | Score | Engine |\n");
    md.push_str("| --- | --- | --- | --- | ---: | --- |\n");
    for f in super::by_level(&outcome.findings) {
        let _ = writeln!(
            md,
            "| {} | {} in {}:{}-{} | {} in {}:{}-{}{} | {} | {:.2} | {} |",
            if f.introduced {
                f.level.as_str()
            } else {
                "note"
            },
            table_cell(&code(&f.new.qualified_name)),
            table_cell(&code(&f.new.path)),
            f.new.start_line,
            f.new.end_line,
            table_cell(&code(&f.existing.qualified_name)),
            table_cell(&code(&f.existing.path)),
            f.existing.start_line,
            f.existing.end_line,
            if f.existing_is_new {
                " (also new)"
            } else if !f.introduced {
                " (already before this change)"
            } else {
                ""
            },
            f.kind.as_str(),
            f.score,
            f.engine.as_str(),
        );
    }
    md.push('\n');
    md
}

/// Appends `markdown` to the job summary file named by `$GITHUB_STEP_SUMMARY`, if set.
pub fn append_job_summary(markdown: &str) -> std::io::Result<bool> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(false);
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(markdown.as_bytes())?;
    if !markdown.ends_with('\n') {
        file.write_all(b"\n")?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("C:\\a,b%\n"), "C%3A\\a%2Cb%25%0A");
    }

    #[test]
    fn escaping_percent_first_keeps_it_reversible() {
        // "%0A" in the input must not turn into a newline when GitHub unescapes.
        assert_eq!(escape_data("%0A"), "%250A");
    }
}
