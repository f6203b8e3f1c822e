//! One file per subcommand.

pub mod cache;
pub mod check;
pub mod history;
pub mod init;
pub mod model;
pub mod rerank;
pub mod scan;

use crate::ExitStatus;
use crate::cli::{Command, ModelCommand};
use crate::detect::Mode;

pub fn dispatch(command: Command) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Pr(args) => check::run(
            Mode::Pr {
                base: args.base,
                head: Some(args.head),
            },
            args.check,
            Some(args.review),
        ),
        Command::Staged(args) => check::run(Mode::Staged, args, None),
        Command::Worktree(args) => check::run(Mode::Worktree, args, None),
        Command::Rerank(args) => rerank::run(args),
        Command::Model(ModelCommand::Check { dir, ort_lib }) => {
            model::check(&dir, ort_lib.as_deref())
        }
        Command::Model(ModelCommand::Pull { spec, device }) => model::pull(&spec, device),
        Command::Cache(command) => cache::run(command),
        Command::Scan(args) => scan::run(args),
        Command::History(args) => history::run(args),
        Command::Init(args) => init::run(&args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = crate::cli::Cli::command();
            clap_complete::generate(shell, &mut cmd, "dedupe-check", &mut std::io::stdout());
            Ok(ExitStatus::Success)
        }
    }
}

/// A report path must be in a directory that exists: named (exit 2) before any work.
pub fn check_output_dir(path: &std::path::Path) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => return Ok(()),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "{}: cannot write the report there: the directory {} does not exist",
            path.display(),
            dir.display()
        );
    }
    Ok(())
}

/// Writes `path` through a temporary file in its directory, renamed into place at the
/// end: an interrupted run leaves no partial report.
pub fn write_atomically(
    path: &std::path::Path,
    body: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Write;
    let err = || format!("cannot write {}", path.display());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let name = path
        .file_name()
        .map_or("report".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| -> anyhow::Result<()> {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        body(&mut w)?;
        w.flush()?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.with_context(err)?;
    Ok(())
}
