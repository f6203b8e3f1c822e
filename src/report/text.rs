//! `--format text`: one compiler-style line per finding, then the diff of the pair.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::Options;
use crate::detect::Outcome;
use crate::finding::Finding;
use crate::report::capitalised;
use crate::sanitize::terminal;
use crate::settings::PathStyle;
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

/// Writes repository paths as `--paths` asks.
struct PathWriter {
    style: PathStyle,
    root: PathBuf,
    cwd: PathBuf,
}

impl PathWriter {
    fn new(style: PathStyle, root: &Path) -> PathWriter {
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let cwd = std::env::current_dir().unwrap_or_else(|_| root.to_path_buf());
        PathWriter {
            style,
            root: canonical(root),
            cwd: canonical(&cwd),
        }
    }

    fn show(&self, path: &str) -> String {
        match self.style {
            PathStyle::Repo => path.to_string(),
            PathStyle::Absolute => self.root.join(path).display().to_string(),
            PathStyle::Relative => relative_to(&self.cwd, &self.root.join(path))
                .display()
                .to_string(),
        }
    }
}

impl PathWriter {
    /// A line of a finding's diff, its `---`/`+++` header naming the path as asked.
    fn diff_header(&self, line: &str, f: &Finding) -> String {
        for (marker, path) in [("--- ", &f.existing.path), ("+++ ", &f.new.path)] {
            if let Some(rest) = line
                .strip_prefix(marker)
                .and_then(|l| l.strip_prefix(path.as_str()))
                .filter(|rest| rest.starts_with(':'))
            {
                return format!("{marker}{}{rest}", self.show(path));
            }
        }
        line.to_string()
    }
}

/// `path` from `base`, both absolute: `../pkg/util.py` from a sibling directory.
fn relative_to(base: &Path, path: &Path) -> PathBuf {
    let base: Vec<Component> = base.components().collect();
    let path: Vec<Component> = path.components().collect();
    let common = base.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    out.extend(&path[common..]);
    out
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
    let paths = PathWriter::new(opts.paths, &outcome.repo);
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
            p.wrap("1", &terminal(&paths.show(&f.new.path))),
            f.new.def_line,
            label,
            terminal(&f.new.qualified_name),
            existing_kind,
            terminal(&f.existing.qualified_name),
            p.wrap("1", &terminal(&paths.show(&f.existing.path))),
            f.existing.start_line,
            f.existing.end_line,
            f.kind.as_str(),
            score(f.score, outcome.threshold),
            f.engine.as_str(),
        )?;
        let reason = format!("{}.", capitalised(&f.evidence.reason));
        let group = if opts.show_all_matches {
            f.full_group_sentence(|p| paths.show(p))
        } else {
            f.group_sentence_with(|name| format!("`{name}`"), |p| paths.show(p))
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
                let line = &terminal(&paths.diff_header(line, f));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_relative_to_another_directory_climbs_out_of_it() {
        let rel = |a: &str, b: &str| relative_to(Path::new(a), Path::new(b));
        assert_eq!(
            rel("/r/app/util", "/r/app/settings.py"),
            Path::new("../settings.py")
        );
        assert_eq!(rel("/r", "/r/app/x.py"), Path::new("app/x.py"));
        assert_eq!(rel("/r/app", "/r/app/x.py"), Path::new("x.py"));
    }
}
