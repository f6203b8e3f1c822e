//! Reporters: one output format per file, all reading the same `Outcome`.

pub mod github;
pub mod history;
pub mod json;
pub mod sarif;
pub mod scan;
pub mod text;

use anyhow::Context;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use crate::detect::Outcome;
use crate::finding::Finding;
use crate::review;
use crate::settings::OutputSettings;
use crate::verdict::Level;

pub use crate::settings::Format;

/// "2 duplicates among 5 changed function(s), checked against 812 existing (engine: structural)",
/// and a word on duplication that was already there.
pub fn summary(outcome: &Outcome) -> String {
    let engine = outcome.engine.map(|e| e.as_str()).unwrap_or("structural");
    let introduced = outcome.findings.iter().filter(|f| f.introduced).count();
    let errors = outcome
        .findings
        .iter()
        .filter(|f| f.introduced && f.level == Level::Error)
        .count();
    let levels = format!(" ({errors} error(s), {} warning(s))", introduced - errors);
    let found = match introduced {
        0 => "no duplicates".to_string(),
        1 => format!("1 duplicate{levels}"),
        n => format!("{n} duplicates{levels}"),
    };
    let mut line = format!(
        "{found} among {} changed function(s), checked against {} existing (engine: {engine})",
        outcome.checked_functions, outcome.existing_functions,
    );
    let old = outcome.existing_duplicates;
    if old > 0 {
        let shown = outcome.findings.len() > introduced;
        line.push_str(&format!(
            "; {old} duplicate(s) that were already there before the change {}",
            if shown {
                "listed as notes"
            } else {
                "not reported (--show-existing lists them)"
            }
        ));
    }
    line
}

/// The first letter upper case: a sentence made of a phrase.
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The findings errors first, each level in the order found.
pub fn by_level(findings: &[Finding]) -> Vec<&Finding> {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (!f.introduced, f.level));
    sorted
}

pub struct Options {
    pub color: bool,
    pub show_diff: bool,
    pub show_all_matches: bool,
    pub paths: crate::settings::PathStyle,
}

pub fn write(
    format: Format,
    outcome: &Outcome,
    opts: &Options,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Text => text::write(outcome, opts, out),
        Format::Json => json::write(outcome, out),
        Format::Sarif => sarif::write(outcome, out),
        Format::Github => github::write(outcome, out),
    }
}

/// Writes every output the settings ask for, in this order: the `format` output, the
/// SARIF file, the job summary (github format), then the pull-request review, so that
/// a failing review loses none of the others. Notices go to stderr unless `quiet`
/// (json, sarif and github carry them themselves).
pub fn emit(outcome: &Outcome, settings: &OutputSettings) -> anyhow::Result<()> {
    let format = settings.format;
    let to_terminal = settings.output.is_none() && std::io::stdout().is_terminal();
    let opts = Options {
        color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
        show_diff: settings.show_diff,
        show_all_matches: settings.show_all_matches,
        paths: settings.paths,
    };
    if !settings.quiet && format == Format::Text {
        for notice in &outcome.notices {
            eprintln!("note: {}", crate::sanitize::terminal(notice));
        }
    }
    match &settings.output {
        Some(path) => write_file(path, |w| write(format, outcome, &opts, w))?,
        None => {
            let mut w = std::io::stdout().lock();
            write(format, outcome, &opts, &mut w)?;
            w.flush()?;
        }
    }
    if let Some(path) = &settings.sarif {
        write_file(path, |w| sarif::write(outcome, w))?;
    }
    if format == Format::Github {
        github::append_job_summary(&github::job_summary(outcome))
            .context("cannot append to the job summary ($GITHUB_STEP_SUMMARY)")?;
    }
    if let Some(review_settings) = &settings.review {
        match review::post(outcome, review_settings)? {
            review::Outcome::Posted(what) => {
                if !settings.quiet {
                    eprintln!("{}", crate::sanitize::terminal(&what));
                }
            }
            review::Outcome::Fallback(why) => fall_back(outcome, settings, &why)?,
        }
    }
    Ok(())
}

/// No review could be posted: say why, and make sure the findings still reach the
/// reviewer as annotations and in the job summary.
fn fall_back(outcome: &Outcome, settings: &OutputSettings, why: &str) -> anyhow::Result<()> {
    let format = settings.format;
    let message = format!(
        "no pull-request review posted: {why}; the findings are reported as annotations instead"
    );
    eprintln!("warning: {}", crate::sanitize::terminal(&message));
    let mut lines = vec![github::annotation(
        "warning",
        &[("title", "dedupe-check: no review posted".into())],
        &message,
    )];
    let annotated = format == Format::Github && settings.output.is_none();
    if !annotated {
        lines.extend(outcome.findings.iter().map(github::finding_annotation));
    }
    // Annotations go to stdout, unless stdout holds a JSON or SARIF document.
    let stdout_is_document =
        settings.output.is_none() && matches!(format, Format::Json | Format::Sarif);
    let text = lines.join("\n") + "\n";
    if stdout_is_document {
        let mut err = std::io::stderr().lock();
        err.write_all(text.as_bytes())?;
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    }
    let mut summary = format!(
        "> **No pull-request review posted:** {}\n\n",
        crate::sanitize::markdown_text(why)
    );
    if format != Format::Github {
        summary.push_str(&github::job_summary(outcome));
    }
    github::append_job_summary(&summary)
        .context("cannot append to the job summary ($GITHUB_STEP_SUMMARY)")?;
    Ok(())
}

fn write_file(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let err = || format!("cannot write {}", path.display());
    let file = File::create(path).with_context(err)?;
    let mut w = BufWriter::new(file);
    body(&mut w).with_context(err)?;
    w.flush().with_context(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_become_sentences() {
        assert_eq!(capitalised("a copy"), "A copy");
        assert_eq!(capitalised("édition"), "Édition");
        assert_eq!(capitalised(""), "");
    }
}
