//! `pr`, `staged`, `worktree`: one check, three pairs of snapshots.

use crate::ExitStatus;
use crate::cli::{CheckArgs, ModelArgs, ReviewArgs, ScopeArgs};
use crate::config::Config;
use crate::detect::{Check, Mode, PairJudge};
use crate::function_cache::FunctionCache;
use crate::git::Git;
use crate::progress::Progress;
use crate::report;
use crate::rerank::remote::{self, RemoteJudge};
use crate::rerank::{Reranker, hub};

pub fn run(mode: Mode, args: CheckArgs, review: Option<ReviewArgs>) -> anyhow::Result<ExitStatus> {
    let settings = args.output.settings(args.quiet, review.as_ref());
    if let Some(review) = &settings.review {
        crate::review::preflight(review)?;
    }
    let git = Git::open(&args.repo)?;
    let mut config = Config::load(args.config.as_deref(), git.root())?;
    apply_overrides(&mut config, &args)?;
    let progress = Progress::new(args.quiet);
    let mut outcome = Check {
        repo: git.root().to_path_buf(),
        mode,
        config: &config,
        progress,
        function_cache: FunctionCache::for_config(&config),
    }
    .run(Box::new(|notices: &mut Vec<String>| {
        load_reranker(&config, &Progress::new(args.quiet), notices)
    }))?;

    if (config.cache || config.model.cache)
        && let Err(why) = crate::cache_dir::resolve()
    {
        outcome.notices.push(why.to_string());
    }
    if let Some(notice) = config.fail_on.deprecation() {
        outcome.notices.push(notice.to_string());
    }
    outcome.findings.retain(|f| config.report.shows(f.level));
    report::emit(&outcome, &settings)?;
    // After the outputs, so a slow disk never delays a finding; at most once a day.
    if (config.cache || config.model.cache)
        && let Some(dir) = crate::cache_dir::default_dir()
    {
        crate::disk_cache::prune_if_due(&dir, config.cache_limits());
    }
    // Duplication the change did not introduce is a note, never a failure.
    let fails = outcome
        .findings
        .iter()
        .any(|f| f.introduced && config.fail_on.fails(f.level));
    Ok(if fails {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The reranker when a model is configured: on a model server when it has a URL, else in
/// process, from a model hub repository or a model directory. A model that cannot be had
/// leaves the structural engine in charge, said in a notice on every output, unless it is
/// required.
pub(crate) fn load_reranker(
    config: &Config,
    progress: &Progress,
    notices: &mut Vec<String>,
) -> anyhow::Result<Option<Box<dyn PairJudge>>> {
    let model = &config.model;
    let loaded: Result<Box<dyn PairJudge>, anyhow::Error> = if let Some(url) = &model.url {
        RemoteJudge::new(model, url, remote::token_from_env())
            .map(|j| Box::new(j) as Box<dyn PairJudge>)
            .map_err(anyhow::Error::new)
    } else if let Some(spec) = &model.hub {
        from_hub(spec, config, progress, notices)
    } else if let Some(dir) = &model.dir {
        Reranker::load(dir, model, model.ort_lib.as_deref())
            .map(|r| Box::new(r) as Box<dyn PairJudge>)
            .map_err(anyhow::Error::new)
    } else {
        return Ok(None);
    };
    match loaded {
        Ok(r) => Ok(Some(r)),
        Err(e) if model.required => {
            Err(e.context("the model is required (model.required / --require-model)"))
        }
        Err(e) => {
            notices.push(format!(
                "reranker unavailable, the structural engine decides: {e}"
            ));
            Ok(None)
        }
    }
}

/// The reranker from a model hub repository, pulled into the cache the first time. A
/// branch or tag resolved now is said, with the commit to pin.
fn from_hub(
    spec: &str,
    config: &Config,
    progress: &Progress,
    notices: &mut Vec<String>,
) -> anyhow::Result<Box<dyn PairJudge>> {
    let pulled = hub::pull_spec(spec, config.model.device, progress)?;
    if let Some(revision) = &pulled.resolved {
        notices.push(hub::pin_notice(&pulled, revision));
    }
    let reranker = Reranker::load(&pulled.dir, &config.model, config.model.ort_lib.as_deref())?;
    Ok(Box::new(reranker))
}

/// A model directory named on the command line must exist: a typo there is a usage error,
/// not a silent fall back to the structural engine (a configured `model.dir` still falls
/// back, with a notice).
fn existing_model_dir(dir: &std::path::Path) -> anyhow::Result<&std::path::Path> {
    if dir.is_dir() {
        return Ok(dir);
    }
    let what = if dir.exists() {
        "is not a directory"
    } else {
        "does not exist"
    };
    anyhow::bail!(
        "--model {} (or DEDUPE_CHECK_MODEL): {what}; pass the model directory (model.onnx, \
         tokenizer.json, dedupe-model.json), or --no-model for the structural engine",
        dir.display()
    )
}

fn apply_overrides(config: &mut Config, args: &CheckArgs) -> anyhow::Result<()> {
    apply_scope(config, &args.scope);
    if let Some(f) = args.fail_on {
        config.fail_on = f;
    }
    if let Some(r) = args.report {
        config.report = r;
    }
    if args.show_existing {
        config.report_existing = true;
    }
    apply_model(config, &args.model, args.no_model, args.require_model)?;
    // --threshold applies to the engine that will decide.
    if let Some(t) = args.threshold {
        if config.model.configured() {
            config.model.threshold = t;
        } else {
            config.threshold = t;
        }
    }
    Ok(())
}

/// The flags every command that reads functions shares.
pub fn apply_scope(config: &mut Config, scope: &ScopeArgs) {
    if scope.no_cache {
        config.cache = false;
        config.model.cache = false;
    }
    if let Some(t) = scope.tests {
        config.tests = t;
    }
    if let Some(l) = &scope.languages {
        config.languages = l.clone();
    }
    if let Some(k) = scope.top_k {
        config.top_k = k;
    }
    if let Some(n) = scope.min_tokens {
        config.min_tokens = n;
    }
    if let Some(n) = scope.min_statements {
        config.min_statements = n;
    }
}

/// The model flags every command that can use the judge shares.
pub fn apply_model(
    config: &mut Config,
    args_model: &ModelArgs,
    no_model: bool,
    require_model: bool,
) -> anyhow::Result<()> {
    if no_model {
        config.model.dir = None;
        config.model.hub = None;
        config.model.url = None;
    } else {
        if let Some(model) = &args_model.model {
            match model.to_str().filter(|s| hub::is_hub_spec(s)) {
                Some(spec) => {
                    hub::Spec::parse(spec)?;
                    config.model.hub = Some(spec.to_string());
                    config.model.dir = None;
                }
                None => {
                    config.model.dir = Some(existing_model_dir(model)?.to_path_buf());
                    config.model.hub = None;
                }
            }
        }
        if let Some(url) = args_model.server_url()? {
            config.model.url = Some(url);
        }
    }
    if let Some(api) = args_model.reranker_api {
        config.model.api = api;
    }
    if let Some(lib) = &args_model.ort_lib {
        config.model.ort_lib = Some(lib.clone());
    }
    if let Some(d) = args_model.device {
        config.model.device = d;
    }
    if require_model {
        config.model.required = true;
    }
    Ok(())
}
