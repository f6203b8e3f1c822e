//! Command-line arguments. Every flag is defined once, here.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

use crate::config::{Device, FailOn, RemoteApi, Report, ServerUrl, TestCode, bounds};

impl ModelArgs {
    /// --reranker-url, checked here rather than by clap, whose error would echo the value
    /// and so any credentials in it.
    pub fn server_url(&self) -> anyhow::Result<Option<ServerUrl>> {
        self.reranker_url
            .as_deref()
            .map(|u| ServerUrl::parse(u).map_err(|e| anyhow::anyhow!("--reranker-url: {e}")))
            .transpose()
    }
}
use crate::lang::Language;
use crate::settings::{Format, OutputSettings, PathStyle, ReviewSettings};

/// A whole number within `range`: out of it, clap's usage error (exit 2) names the flag,
/// the value and the range.
fn ranged<T>(range: std::ops::RangeInclusive<u64>) -> clap::builder::RangedU64ValueParser<T>
where
    T: TryFrom<u64> + Clone + Send + Sync + 'static,
    <T as TryFrom<u64>>::Error: Send + Sync + 'static + std::error::Error + ToString,
{
    clap::builder::RangedU64ValueParser::new().range(range)
}

/// A score in [0, 1]; a percentage gets the fraction it likely means.
fn threshold(text: &str) -> Result<f32, String> {
    let v: f32 = text
        .trim()
        .parse()
        .map_err(|_| "expected a number between 0 and 1, e.g. 0.68".to_string())?;
    match crate::config::fraction_mistake(v) {
        Some(mistake) => Err(mistake),
        None => Ok(v),
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "dedupe-check",
    version,
    about = "Finds the existing function that a change re-implements",
    after_help = "Exit codes: 0 no failing findings, 1 findings that fail, 2 usage, config or runtime error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the functions a branch adds or changes: merge-base(base, head)..head.
    Pr(PrArgs),
    /// Check the staged changes (index vs HEAD), as a pre-commit hook does.
    Staged(CheckArgs),
    /// Check uncommitted changes, staged or not (working tree vs HEAD).
    Worktree(CheckArgs),
    /// Score documents against a query with the reranker model, best first.
    Rerank(RerankArgs),
    /// Pull a model from a model hub, or verify a model directory.
    #[command(subcommand)]
    Model(ModelCommand),
    /// Show, prune or empty the function and score caches (DEDUPE_CHECK_CACHE_DIR).
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Find the duplication already there: clone classes of the repository's functions
    /// at a revision, best representative first (text, JSON, SARIF, Markdown, HTML).
    Scan(ScanArgs),
    /// Replay the PR check on the last commits, each against its parent: what it would
    /// have reported, how often it would have failed, and which settings change that.
    History(HistoryArgs),
    /// Write a commented .dedupe-check.yml at the repository root (and, with --workflow, a
    /// GitHub Actions workflow); never overwrites a file.
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository (any directory inside it).
    #[arg(long, value_name = "PATH", default_value = ".")]
    pub repo: PathBuf,
    /// Also write .github/workflows/dedupe-check.yml, which runs the check on pull requests
    /// with the dedupe-check Action.
    #[arg(long)]
    pub workflow: bool,
}

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Where the caches are, their entries and bytes.
    Info,
    /// Remove every entry (only this tool's folders in the cache dir).
    Clear,
    /// Remove entries unused for longer than the age limit, then the least recently used
    /// beyond the size cap, now (checks do it by themselves at most once a day).
    Prune(PruneArgs),
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// The repository whose config gives the limits (any directory inside it).
    #[arg(long, value_name = "PATH", default_value = ".")]
    pub repo: PathBuf,
    /// Config file with cache_max_age_days and cache_max_mb (default: .dedupe-check.yml at
    /// the repository root, when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Entries not used for this many days go [default: cache_max_age_days, else 30].
    #[arg(long, value_name = "DAYS", value_parser = ranged::<u32>(bounds::CACHE_MAX_AGE_DAYS))]
    pub max_age_days: Option<u32>,
    /// Beyond this many MiB the least recently used entries go [default: cache_max_mb, else 1024].
    #[arg(long, value_name = "MIB", value_parser = ranged::<u64>(bounds::CACHE_MAX_MB))]
    pub max_mb: Option<u64>,
}

#[derive(Debug, Args)]
pub struct PrArgs {
    /// The branch the change goes into (default: origin/HEAD, else main or master).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// The tip of the change.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub head: String,
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub review: ReviewArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The repository (any directory inside it).
    #[arg(long, value_name = "PATH", default_value = ".")]
    pub repo: PathBuf,
    /// Config file (default: .dedupe-check.yml at the repository root, when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Report threshold of the deciding engine, in [0, 1].
    #[arg(long, value_name = "SCORE", value_parser = threshold)]
    pub threshold: Option<f32>,
    /// Which findings fail the run (exit 1): `error` (sure findings, the default),
    /// `warning` (every finding) or `never`.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Which findings are reported: `warning` (all, the default) or `error` (sure ones only).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub report: Option<Report>,
    /// Also list duplication that was there before the change and that the change only
    /// touches, as notes that never fail the run.
    #[arg(long)]
    pub show_existing: bool,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// No progress bar and no notices on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Ignore any configured model (flag, DEDUPE_CHECK_MODEL or config): the structural engine decides.
    #[arg(long)]
    pub no_model: bool,
    /// Fail (exit 2) instead of falling back to the structural engine when the model cannot be
    /// loaded or its server fails.
    #[arg(long, conflicts_with = "no_model")]
    pub require_model: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Which functions are compared, and how many candidates: the same flags for every
/// command that reads functions.
#[derive(Debug, Args, Clone)]
pub struct ScopeArgs {
    /// Candidates per checked function handed to the reranker (1 to 1000).
    #[arg(long, value_name = "N", value_parser = ranged::<usize>(bounds::TOP_K))]
    pub top_k: Option<usize>,
    /// Size floor: skip functions with fewer normalized tokens (0 to 100000).
    #[arg(long, value_name = "N", value_parser = ranged::<usize>(bounds::MIN_TOKENS))]
    pub min_tokens: Option<usize>,
    /// Size floor: skip functions with fewer statements (0 to 10000).
    #[arg(long, value_name = "N", value_parser = ranged::<u32>(bounds::MIN_STATEMENTS))]
    pub min_statements: Option<u32>,
    /// Test code (test_*.py, *.test.js, *_test.go, tests/, ...): skipped by default.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub tests: Option<TestCode>,
    /// Check only these languages (comma-separated) [default: all supported].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LANG,...")]
    pub languages: Option<Vec<Language>>,
    /// Neither read nor write the caches (extracted functions, reranker scores).
    #[arg(long)]
    pub no_cache: bool,
}

/// `scan`: the clone classes of a revision.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan [default: the whole repository].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The revision to scan.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub rev: String,
    /// The repository (any directory inside it).
    #[arg(long, value_name = "PATH", default_value = ".")]
    pub repo: PathBuf,
    /// Config file (default: .dedupe-check.yml at the repository root, when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::report::scan::ReportFormat,
    /// Write the output there instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Ignore any configured model: the structural engine decides every link.
    #[arg(long)]
    pub no_model: bool,
    /// Fail (exit 2) instead of linking by the structural engine alone when the model
    /// cannot be loaded.
    #[arg(long, conflicts_with = "no_model")]
    pub require_model: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Classes with fewer functions are left out (2 to 1000).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = ranged::<usize>(2..=1000))]
    pub min_members: usize,
    /// Structural score at which two functions are linked, in [0, 1].
    #[arg(long, value_name = "SCORE", value_parser = threshold)]
    pub threshold: Option<f32>,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// No progress bar and no notices on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `history`: the PR check replayed on recent commits.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// First-parent commits to replay, newest first; merges are left out (1 to 100000).
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = ranged::<usize>(1..=100_000))]
    pub commits: usize,
    /// The tip of the history to replay.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub rev: String,
    /// The repository (any directory inside it).
    #[arg(long, value_name = "PATH", default_value = ".")]
    pub repo: PathBuf,
    /// Config file (default: .dedupe-check.yml at the repository root, when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format: text, json, markdown or html.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::report::scan::ReportFormat,
    /// Write the output there instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report threshold of the structural engine, in [0, 1].
    #[arg(long, value_name = "SCORE", value_parser = threshold)]
    pub threshold: Option<f32>,
    /// Which findings would have failed a commit: `error` (the default), `warning` or `never`.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// No progress bar and no notices on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Where findings go. Several outputs can be asked for in one run.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format [default: text, or github inside GitHub Actions].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the output there instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave the diff of each pair out of text output.
    #[arg(long)]
    pub no_diff: bool,
    /// List every existing function of a clone group in text output, not the first and
    /// "and N more existing".
    #[arg(long)]
    pub show_all_matches: bool,
    /// Also write SARIF 2.1.0 to FILE (for GitHub code scanning), whatever the --format.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// How text output writes paths: relative to the current directory, absolute, or
    /// relative to the repository root.
    #[arg(long, value_enum, value_name = "STYLE", default_value = "repo")]
    pub paths: PathStyle,
}

/// Posting the findings of `pr` as a pull-request review on GitHub.
#[derive(Debug, Args, Clone)]
pub struct ReviewArgs {
    /// Also post the findings as a review of the pull request on GitHub:
    /// line comments on added lines, one summary comment for the rest, nothing twice.
    #[arg(long, help_heading = "GitHub review")]
    pub github_review: bool,
    /// Token for --github-review.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "GITHUB_TOKEN",
        hide_env_values = true,
        help_heading = "GitHub review"
    )]
    pub github_token: Option<String>,
    /// Repository of the pull request.
    #[arg(
        long,
        value_name = "OWNER/NAME",
        env = "GITHUB_REPOSITORY",
        help_heading = "GitHub review"
    )]
    pub github_repository: Option<String>,
    /// Pull request number [default: from the event at GITHUB_EVENT_PATH].
    #[arg(
        long,
        value_name = "NUMBER",
        value_parser = clap::value_parser!(u64).range(1..),
        help_heading = "GitHub review"
    )]
    pub pr: Option<u64>,
    /// REST API base (GitHub Enterprise Server: https://HOST/api/v3).
    #[arg(
        long,
        value_name = "URL",
        env = "GITHUB_API_URL",
        default_value = "https://api.github.com",
        help_heading = "GitHub review"
    )]
    pub github_api_url: String,
    /// Web base for links to files.
    #[arg(
        long,
        value_name = "URL",
        env = "GITHUB_SERVER_URL",
        default_value = "https://github.com",
        help_heading = "GitHub review"
    )]
    pub github_server_url: String,
    /// Line comments per run, at most; the rest go to the summary comment.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 30,
        value_parser = ranged::<usize>(bounds::REVIEW_COMMENTS),
        help_heading = "GitHub review"
    )]
    pub max_review_comments: usize,
}

impl OutputArgs {
    /// What the reporters are to do; `quiet` is --quiet of the command, `review` the
    /// review flags of `pr`.
    pub fn settings(&self, quiet: bool, review: Option<&ReviewArgs>) -> OutputSettings {
        OutputSettings {
            format: self.format.unwrap_or_else(Format::default_here),
            output: self.output.clone(),
            show_diff: !self.no_diff,
            show_all_matches: self.show_all_matches,
            paths: self.paths,
            sarif: self.sarif.clone(),
            review: review.and_then(ReviewArgs::settings),
            quiet,
        }
    }
}

impl ReviewArgs {
    /// The review to post, when --github-review asks for one.
    fn settings(&self) -> Option<ReviewSettings> {
        self.github_review.then(|| ReviewSettings {
            token: self.github_token.clone().filter(|t| !t.is_empty()),
            repository: self.github_repository.clone().filter(|r| !r.is_empty()),
            pr: self.pr,
            api_url: self.github_api_url.clone(),
            server_url: self.github_server_url.clone(),
            max_comments: self.max_review_comments,
            event_path: std::env::var_os("GITHUB_EVENT_PATH")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
        })
    }
}

#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    /// Reranker model: a directory (model.onnx, tokenizer.json, dedupe-model.json), a model
    /// hub repository `hub:OWNER/NAME[@REVISION][:FILE]` pulled once into the cache
    /// (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE as huggingface_hub reads them), or
    /// `qwen3-reranker` (the int8 ONNX Qwen3-Reranker-0.6B on CPU).
    #[arg(long, value_name = "DIR|SPEC", env = "DEDUPE_CHECK_MODEL")]
    pub model: Option<PathBuf>,
    /// ONNX Runtime shared library (libonnxruntime.so.1.x).
    #[arg(long, value_name = "FILE", env = "ORT_DYLIB_PATH")]
    pub ort_lib: Option<PathBuf>,
    /// Where the reranker runs.
    #[arg(long, value_enum)]
    pub device: Option<Device>,
    /// Run the reranker on a model server instead (vLLM, or any server with a /rerank API),
    /// e.g. http://host:8000 or http://host:8000/v1; it wins over a model directory. The bearer
    /// token, if any, is read from DEDUPE_CHECK_RERANKER_TOKEN.
    #[arg(
        long,
        value_name = "URL",
        env = "DEDUPE_CHECK_RERANKER_URL",
        help_heading = "Model server"
    )]
    pub reranker_url: Option<String>,
    /// The model server's request shape [default: rerank, or model.api of the config].
    #[arg(long, value_enum, value_name = "API", help_heading = "Model server")]
    pub reranker_api: Option<RemoteApi>,
}

#[derive(Debug, Args)]
pub struct RerankArgs {
    /// Instruction for the reranker (default: the built-in duplicate-function instruction).
    #[arg(long)]
    pub instruction: Option<String>,
    /// The query file (e.g. the new function).
    #[arg(long, value_name = "FILE", required_unless_present = "pairs")]
    pub query: Option<PathBuf>,
    /// Documents to rank against the query.
    #[arg(value_name = "DOC_FILE", required_unless_present = "pairs")]
    pub documents: Vec<PathBuf>,
    /// Score pairs instead: a JSON file `[{"query": TEXT, "document": TEXT}, ...]`; prints
    /// the scores in input order (for batch scoring and benchmarks).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["query", "documents"])]
    pub pairs: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: RerankFormat,
    /// Most tokens in one prompt (64 to 131072).
    #[arg(long, value_name = "N", value_parser = ranged::<usize>(bounds::MAX_LENGTH))]
    pub max_length: Option<usize>,
    /// Most tokens (rows × padded length) in one batch (64 to 16777216).
    #[arg(long, value_name = "N", value_parser = ranged::<usize>(bounds::BATCH_TOKENS))]
    pub batch_tokens: Option<usize>,
    /// Intra-op threads (0: ONNX Runtime decides; at most 1024).
    #[arg(long, value_name = "N", value_parser = ranged::<usize>(bounds::THREADS))]
    pub threads: Option<usize>,
    /// Do not read or write the score cache.
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RerankFormat {
    /// `score<TAB>logit<TAB>path`, best first.
    Text,
    /// `[{"document": PATH, "score": F, "logit": F}]`, best first.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Download a model hub repository's reranker files into the cache ahead of a check
    /// (hub:OWNER/NAME[@REVISION][:FILE] or qwen3-reranker); prints the directory, the
    /// commit and each file's size.
    Pull {
        spec: String,
        /// Whose default graph to pull: int8 for cpu, fp16/fp32 for cuda.
        #[arg(long, value_enum, default_value = "cpu")]
        device: Device,
    },
    /// Verify a model directory: files, hashes, ONNX signature, and one smoke pair.
    Check {
        dir: PathBuf,
        #[arg(long, value_name = "FILE", env = "ORT_DYLIB_PATH")]
        ort_lib: Option<PathBuf>,
    },
}
