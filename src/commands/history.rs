//! `history`: the PR check replayed on recent commits, in one of the report formats.

use std::io::Write;

use crate::ExitStatus;
use crate::cli::HistoryArgs;
use crate::config::Config;
use crate::function_cache::FunctionCache;
use crate::git::Git;
use crate::history::History;
use crate::progress::Progress;
use crate::report::history as reporters;
use crate::report::scan::ReportFormat;

pub fn run(args: HistoryArgs) -> anyhow::Result<ExitStatus> {
    if args.format == ReportFormat::Sarif {
        anyhow::bail!(
            "history has no SARIF output (it reports commits, not places in the code): use \
             --format text, json, markdown or html"
        );
    }
    if let Some(path) = &args.output {
        super::check_output_dir(path)?;
    }
    let git = Git::open(&args.repo)?;
    let mut config = Config::load(args.config.as_deref(), git.root())?;
    super::check::apply_scope(&mut config, &args.scope);
    if let Some(t) = args.threshold {
        config.threshold = t;
    }
    if let Some(f) = args.fail_on {
        config.fail_on = f;
    }
    let mut notices = Vec::new();
    if config.model.configured() {
        notices.push(
            "history replays with the structural engine; the configured model is not used".into(),
        );
    }
    let function_cache = FunctionCache::for_config(&config);
    // Text on stdout streams each commit as it is replayed: an interrupted run has
    // printed whole commits only. Files are written once, at the end, atomically.
    let stream = args.format == ReportFormat::Text && args.output.is_none();
    let stdout = std::io::stdout();
    let mut each = |c: &crate::history::Replayed| {
        if stream {
            let _ = reporters::text::write_commit(c, &mut stdout.lock());
        }
    };
    let mut outcome = History {
        repo: git.root().to_path_buf(),
        rev: args.rev.clone(),
        commits: args.commits,
        config: &config,
        progress: Progress::new(args.quiet),
        function_cache,
    }
    .run(&mut each)?;
    notices.append(&mut outcome.notices);
    outcome.notices = notices;
    if !args.quiet {
        for notice in &outcome.notices {
            eprintln!("note: {}", crate::sanitize::terminal(notice));
        }
    }
    match &args.output {
        Some(path) => {
            super::write_atomically(path, |w| reporters::write(args.format, &outcome, false, w))?
        }
        None => {
            let mut out = stdout.lock();
            reporters::write(args.format, &outcome, stream, &mut out)?;
            out.flush()?;
        }
    }
    if let Some(path) = &args.output
        && !args.quiet
    {
        eprintln!(
            "{}",
            crate::sanitize::terminal(&reporters::headline(&outcome))
        );
        eprintln!("wrote {}", path.display());
    }
    // Like scan, a report: the replay never fails for what it finds.
    Ok(ExitStatus::Success)
}
