//! `pr`, `staged`, `worktree`: one check, three pairs of snapshots.

use crate::ExitStatus;
use crate::cli::CheckArgs;
use crate::config::{Config, FailOn};
use crate::detect::{Check, Mode};
use crate::git::Git;
use crate::progress::Progress;
use crate::report;

pub fn run(mode: Mode, args: CheckArgs) -> anyhow::Result<ExitStatus> {
    let git = Git::open(&args.repo)?;
    let mut config = Config::load(args.config.as_deref(), git.root())?;
    apply_overrides(&mut config, &args);
    let progress = Progress::new(args.quiet);
    let notices = Vec::new();

    let outcome = Check {
        repo: git.root().to_path_buf(),
        mode,
        config: &config,
        progress,
    }
    .run(None, notices)?;

    report::emit(&outcome, &args.output, args.quiet)?;
    let fails = !outcome.findings.is_empty() && config.fail_on == FailOn::Findings;
    Ok(if fails {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn apply_overrides(config: &mut Config, args: &CheckArgs) {
    if let Some(t) = args.threshold {
        config.threshold = t;
    }
    if let Some(f) = args.fail_on {
        config.fail_on = f;
    }
    if let Some(k) = args.top_k {
        config.top_k = k.max(1);
    }
    if let Some(n) = args.min_tokens {
        config.min_tokens = n;
    }
    if let Some(n) = args.min_statements {
        config.min_statements = n;
    }
    if args.model.no_model {
        config.model.dir = None;
    } else if let Some(dir) = &args.model.model {
        config.model.dir = Some(dir.clone());
    }
    if let Some(lib) = &args.model.ort_lib {
        config.model.ort_lib = Some(lib.clone());
    }
    if let Some(d) = args.model.device {
        config.model.device = d;
    }
}
