//! `--format text`: one compiler-style line per finding, then the diff of the pair.

use std::io::Write;

use super::Options;
use crate::detect::Outcome;
use crate::finding::Finding;
use crate::report::sarif::capitalised;
use crate::sanitize::terminal;
use crate::verdict::Level;

/// What to do: the advice of the finding's kind, and how to keep an intended copy.
fn help(f: &Finding, mode: &str) -> String {
    let marker = crate::lang::ignore_marker_for(&f.new.path);
    let skip = if mode == "staged" {
        " (or `SKIP=dedupe-check git commit` for this commit only)"
    } else {
        ""
    };
    format!(
        "{}; if the copy is intended, add `{marker}` above the definition{skip}",
        f.evidence.advice
    )
}

/// `0.82 ≥ 0.68`: the score beside the threshold it met, when known.
fn score(score: f32, threshold: Option<f32>) -> String {
    match threshold {
        Some(t) => format!("{score:.2} \u{2265} {t:.2}"),
        None => format!("{score:.2}"),
    }
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

pub fn write(outcome: &Outcome, opts: &Options, out: &mut dyn Write) -> std::io::Result<()> {
    let p = Paint { on: opts.color };
    if let Some(reason) = &outcome.nothing_to_check {
        return writeln!(out, "{}", terminal(reason));
    }
    for f in super::by_level(&outcome.findings) {
        let existing_kind = if f.existing_is_new {
            "new function"
        } else {
            "existing function"
        };
        let label = match (f.introduced, f.level) {
            (false, _) => p.wrap("1;36", "note: existing-duplicate:"),
            (true, Level::Error) => p.wrap("1;31", "error: duplicate-function:"),
            (true, Level::Warning) => p.wrap("1;33", "warning: duplicate-function:"),
        };
        writeln!(
            out,
            "{}:{}:1: {} `{}` duplicates {} `{}` at {}:{}-{} ({}, score {}, {})",
            p.wrap("1", &terminal(&f.new.path)),
            f.new.def_line,
            label,
            terminal(&f.new.qualified_name),
            existing_kind,
            terminal(&f.existing.qualified_name),
            p.wrap("1", &terminal(&f.existing.path)),
            f.existing.start_line,
            f.existing.end_line,
            f.kind.as_str(),
            score(f.score, outcome.threshold),
            f.engine.as_str(),
        )?;
        let reason = format!("{}.", capitalised(&f.evidence.reason));
        let group = if opts.show_all_matches {
            f.full_group_sentence(|p| p.to_string())
        } else {
            f.group_sentence()
        };
        for sentence in [reason, group]
            .into_iter()
            .chain(f.existing_sentence())
            .filter(|s| s.len() > 1)
        {
            writeln!(out, "    {}", terminal(&sentence))?;
        }
        if f.introduced {
            writeln!(
                out,
                "    {} {}",
                p.wrap("1;36", "help:"),
                terminal(&help(f, outcome.mode))
            )?;
        }
        if opts.show_diff {
            for line in f.diff.lines() {
                let line = &terminal(line);
                let colored = match line.chars().next() {
                    Some('+') if !line.starts_with("+++") => p.wrap("32", line),
                    Some('-') if !line.starts_with("---") => p.wrap("31", line),
                    Some('@') => p.wrap("36", line),
                    _ => line.to_string(),
                };
                writeln!(out, "    {colored}")?;
            }
        }
    }
    let summary = super::summary(outcome);
    let n = outcome.findings.iter().filter(|f| f.introduced).count();
    writeln!(
        out,
        "{}",
        if n > 0 {
            p.wrap("1", &summary)
        } else {
            summary
        }
    )
}
