//! Reporters: one output format per file, all reading the same `Outcome`.

pub mod json;
pub mod text;

use std::io::Write;

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
