//! `scan`: the clone classes of a revision, in one of the report formats.

use std::io::Write;

use crate::ExitStatus;
use crate::cli::ScanArgs;
use crate::config::Config;
use crate::detect::Reader;
use crate::function_cache::FunctionCache;
use crate::git::Git;
use crate::progress::Progress;
use crate::report::scan::{self as reporters, ReportFormat};
use crate::scan::Scan;

pub fn run(args: ScanArgs) -> anyhow::Result<ExitStatus> {
    // A report path whose directory is missing is named before the work, not after it.
    if let Some(path) = &args.output {
        super::check_output_dir(path)?;
    }
    let git = Git::open(&args.repo)?;
    let mut config = Config::load(args.config.as_deref(), git.root())?;
    super::check::apply_scope(&mut config, &args.scope);
    super::check::apply_model(&mut config, &args.model, args.no_model, args.require_model)?;
    if let Some(t) = args.threshold {
        config.threshold = t;
    }
    let progress = Progress::new(args.quiet);
    let function_cache = FunctionCache::for_config(&config);
    let mut notices = Vec::new();
    let judge = super::check::load_reranker(&config, &progress, &mut notices)?;
    let mut outcome = Scan {
        repo: git.root().to_path_buf(),
        rev: Some(args.rev.clone()),
        paths: args.paths.clone(),
        min_members: args.min_members,
        reader: Reader::new(&config, &progress, &function_cache),
        judge,
    }
    .run()?;
    notices.append(&mut outcome.notices);
    outcome.notices = notices;
    if !args.quiet && args.format == ReportFormat::Text {
        for notice in &outcome.notices {
            eprintln!("note: {}", crate::sanitize::terminal(notice));
        }
    }
    match &args.output {
        Some(path) => {
            super::write_atomically(path, |w| reporters::write(args.format, &outcome, w))?
        }
        None => {
            let mut out = std::io::stdout().lock();
            reporters::write(args.format, &outcome, &mut out)?;
            out.flush()?;
        }
    }
    if args.format != ReportFormat::Text
        && !args.quiet
        && let Some(path) = &args.output
    {
        eprintln!(
            "{}",
            crate::sanitize::terminal(&reporters::headline(&outcome))
        );
        eprintln!("wrote {}", path.display());
    }
    // The classes are a report, not a gate: a scan never fails for what it finds.
    Ok(ExitStatus::Success)
}
