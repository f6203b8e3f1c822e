//! One file per subcommand.

pub mod check;

use crate::ExitStatus;
use crate::cli::Command;
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
        Command::Rerank(_) | Command::Model(_) => {
            anyhow::bail!("the reranker commands are not available yet")
        }
    }
}
