//! One file per subcommand.

pub mod cache;
pub mod check;
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
        ),
        Command::Staged(args) => check::run(Mode::Staged, args),
        Command::Worktree(args) => check::run(Mode::Worktree, args),
        Command::Rerank(args) => rerank::run(args),
        Command::Model(ModelCommand::Check { dir, ort_lib }) => {
            model::check(&dir, ort_lib.as_deref())
        }
        Command::Model(ModelCommand::Pull { spec, device }) => model::pull(&spec, device),
        Command::Cache(command) => cache::run(command),
    }
}
