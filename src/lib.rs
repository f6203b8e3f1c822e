//! dedupe-check: finds the existing function that a change re-implements.
//!
//! The flow (see DESIGN.md): `git` → `extract` → `candidates` → `rerank` → `finding` → `report`,
//! driven by `detect`. `commands` holds one file per subcommand; `main.rs` only calls [`run`].

pub mod cache_dir;
pub mod candidates;
pub mod cli;
pub mod commands;
pub mod config;
pub mod detect;
pub mod disk_cache;
pub mod evidence;
pub mod extract;
pub mod finding;
pub mod function_cache;
pub mod git;
pub mod history;
pub mod kind;
mod kind_table;
pub mod lang;
pub mod progress;
pub mod report;
pub mod rerank;
pub mod review;
pub mod sanitize;
pub mod scan;
pub mod settings;
pub mod skipped;
pub mod sources;
pub mod test_modules;
pub mod verdict;

use std::process::ExitCode;

/// 0: nothing that fails; 1: findings that fail; 2: usage, config or runtime error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success = 0,
    Failure = 1,
    Error = 2,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(s as u8)
    }
}

/// Parses `args` and runs the command; errors are printed here, once.
pub fn run<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::Parser;
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
        }
    };
    match commands::dispatch(cli.command) {
        Ok(status) => status,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitStatus::Success;
            }
            eprintln!("error: {}", sanitize::terminal(&format!("{e:#}")));
            ExitStatus::Error
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
