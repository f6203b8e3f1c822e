//! Reporters: one output format per file, all reading the same `Outcome`.

pub mod json;
pub mod text;

use anyhow::Context;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};

use crate::cli::OutputArgs;
use crate::detect::Outcome;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style lines with the diff of each pair (colored on a terminal).
    Text,
    /// The stable JSON schema (see README).
    Json,
}

pub struct Options {
    pub color: bool,
    pub show_diff: bool,
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
    }
}

/// Writes every output the arguments ask for. Notices go to stderr unless `quiet`
/// (JSON carries them itself).
pub fn emit(outcome: &Outcome, args: &OutputArgs, quiet: bool) -> anyhow::Result<()> {
    let format = args.format.unwrap_or(Format::Text);
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let opts = Options {
        color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
        show_diff: !args.no_diff,
    };
    if !quiet && format != Format::Json {
        for notice in &outcome.notices {
            eprintln!("note: {notice}");
        }
    }
    match &args.output {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
            let mut w = BufWriter::new(file);
            write(format, outcome, &opts, &mut w)
                .with_context(|| format!("cannot write {}", path.display()))?;
            w.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let mut w = std::io::stdout().lock();
            write(format, outcome, &opts, &mut w)?;
            w.flush()?;
        }
    }
    Ok(())
}
