//! `pr`, `staged`, `worktree`: one check, three pairs of snapshots.

use anyhow::Context;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};

use crate::ExitStatus;
use crate::cli::CheckArgs;
use crate::config::{Config, FailOn};
use crate::detect::{Check, Mode};
use crate::git::Git;
use crate::progress::Progress;
use crate::report::{self, Format};

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

    let format = args.format.unwrap_or(Format::Text);
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let opts = report::Options {
        color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
        show_diff: !args.no_diff,
    };
    if !args.quiet && format != Format::Json {
        for notice in &outcome.notices {
            eprintln!("note: {notice}");
        }
    }
    match &args.output {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
            let mut w = BufWriter::new(file);
            report::write(format, &outcome, &opts, &mut w)?;
            w.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = stdout.lock();
            report::write(format, &outcome, &opts, &mut w)?;
            w.flush()?;
        }
    }
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
