//! One file per subcommand.

pub mod cache;
pub mod check;
pub mod init;
pub mod model;
pub mod rerank;

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
        Command::Init(args) => init::run(&args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = crate::cli::Cli::command();
            clap_complete::generate(shell, &mut cmd, "dedupe-check", &mut std::io::stdout());
            Ok(ExitStatus::Success)
        }
    }
}
