//! `.dedupe-check.yml`: thresholds, sizes, file globs and model settings.
//! Unknown keys and wrong types are errors that name the file, line and key.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::lang::Language;
use crate::verdict::Level;

pub const FILE_NAME: &str = ".dedupe-check.yml";

/// The bounds of every size limit, shared by the flags (`cli`) and the config file, so a
/// value out of them is a usage error before any work, never an allocation that aborts.
pub mod bounds {
    use std::ops::RangeInclusive;

    pub const TOP_K: RangeInclusive<u64> = 1..=1000;
    pub const MIN_TOKENS: RangeInclusive<u64> = 0..=100_000;
    pub const MIN_STATEMENTS: RangeInclusive<u64> = 0..=10_000;
    /// 1 GiB.
    pub const MAX_FILE_BYTES: RangeInclusive<u64> = 1..=1 << 30;
    /// A hundred years.
    pub const CACHE_MAX_AGE_DAYS: RangeInclusive<u64> = 1..=36_500;
    /// 1 TiB.
    pub const CACHE_MAX_MB: RangeInclusive<u64> = 1..=1 << 20;
    pub const THREADS: RangeInclusive<u64> = 0..=1024;
    pub const MAX_LENGTH: RangeInclusive<u64> = 64..=131_072;
    pub const BATCH_TOKENS: RangeInclusive<u64> = 64..=1 << 24;
    pub const REVIEW_COMMENTS: RangeInclusive<u64> = 0..=1000;
}

/// What is wrong with a score or margin that must lie in [0, 1], if anything; a value
/// that reads as a percentage gets the fraction it likely means.
pub fn fraction_mistake(v: f32) -> Option<String> {
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        return None;
    }
    let hint = if v > 1.0 && v <= 100.0 {
        format!(" (did you mean {}?)", v / 100.0)
    } else {
        String::new()
    };
    Some(format!("must be between 0 and 1, got {v}{hint}"))
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// Which findings fail the run (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Sure findings only: copies and edited copies of some size (the default).
    Error,
    /// Every finding, warnings too.
    Warning,
    /// Nothing fails; findings are still reported.
    Never,
    /// The former name of `warning`, kept working with a notice.
    #[value(hide = true)]
    Findings,
}

impl FailOn {
    /// Whether a finding at `level` fails the run.
    pub fn fails(self, level: Level) -> bool {
        match self {
            FailOn::Error => level == Level::Error,
            FailOn::Warning | FailOn::Findings => true,
            FailOn::Never => false,
        }
    }

    /// The notice a deprecated value calls for.
    pub fn deprecation(self) -> Option<&'static str> {
        (self == FailOn::Findings).then_some(
            "`fail_on: findings` is the former name of `fail_on: warning` (every finding fails the \
             run); write `warning`, or `error` to fail only on sure findings",
        )
    }
}

/// Which findings are reported at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Report {
    /// Errors only.
    Error,
    /// Errors and warnings (the default).
    Warning,
}

impl Report {
    pub fn shows(self, level: Level) -> bool {
        self == Report::Warning || level == Level::Error
    }
}

/// Whether test code (by each language's conventions) is checked and searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum TestCode {
    /// Test files are neither checked nor candidates (the default: test code repeats
    /// itself by design).
    Skip,
    /// Test files are checked and are candidates like any other code.
    Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    Cpu,
    Cuda,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Report threshold of the structural engine, in [0, 1].
    pub threshold: f32,
    pub fail_on: FailOn,
    pub report: Report,
    /// Candidates handed on per checked function.
    pub top_k: usize,
    /// Size floor: functions with fewer normalized tokens are not checked or indexed.
    pub min_tokens: usize,
    /// Size floor: functions with fewer statements are not checked or indexed.
    pub min_statements: u32,
    /// Files larger than this are skipped with a warning.
    pub max_file_bytes: u64,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Keep extracted functions in the user cache dir, keyed by blob id.
    pub cache: bool,
    /// Cache entries not used for this many days are pruned.
    pub cache_max_age_days: u32,
    /// Beyond this many MiB in all, the least recently used cache entries are pruned.
    pub cache_max_mb: u64,
    /// Test code: `skip` (default) or `check`.
    pub tests: TestCode,
    /// The languages checked (default: all supported); `typescript` includes TSX.
    pub languages: Vec<Language>,
    /// Also list, as notes that never fail the run, duplication that existed before the
    /// change and that the change merely touches.
    pub report_existing: bool,
    /// A changed function is reported only when its score against the function it
    /// matches rose by at least this much since its old version.
    pub introduced_margin: f32,
    pub model: ModelConfig,
}

/// The request and response shape of a model server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum RemoteApi {
    /// POST {url}/rerank: vLLM, Jina, Cohere v1, llama.cpp, Infinity, Xinference.
    Rerank,
    /// POST {url}/score: vLLM's score API.
    Score,
    /// POST {url}/rerank with `texts`: Hugging Face text-embeddings-inference.
    Tei,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelConfig {
    pub dir: Option<PathBuf>,
    /// A model hub repository, `hub:OWNER/NAME[@REVISION][:FILE]` or a named model
    /// (`qwen3-reranker`), pulled once into the cache directory; it wins over `dir`.
    #[serde(deserialize_with = "de_hub")]
    pub hub: Option<String>,
    pub ort_lib: Option<PathBuf>,
    pub device: Device,
    /// Intra-op threads; 0 lets ONNX Runtime decide.
    pub threads: usize,
    /// Report threshold of the reranker, in [0, 1].
    pub threshold: f32,
    pub instruction: Option<String>,
    /// Most tokens in one prompt (prefix and suffix included).
    pub max_length: usize,
    /// Most tokens (rows × padded length) in one batch.
    pub batch_tokens: usize,
    /// Keep scores on disk so a re-run scores nothing twice.
    pub cache: bool,
    /// Run a query's shared prompt head once for all its candidates, when the model
    /// directory has the prefix-cache graph (false: every prompt whole, as before).
    pub prefix_cache: bool,
    /// Let the structural score decide the pairs it is sure of, so the model judges only
    /// the others (see `accept`, `reject`).
    pub cascade: bool,
    /// Structural score at or above which a pair is a duplicate without asking the model
    /// (near-identical copies); such a candidate decides its checked function.
    pub accept: f32,
    /// Structural score below which a candidate is no duplicate without asking the model.
    pub reject: f32,
    /// Most candidates per checked function the model judges, after the cascade [default:
    /// 10 for the in-process model on CPU, 20 on CUDA and on a model server].
    pub top_k: Option<usize>,
    /// Fail instead of falling back to the structural engine when the model cannot be loaded.
    pub required: bool,
    /// A model server's base URL: the reranker runs there instead of in process.
    #[serde(deserialize_with = "de_url")]
    pub url: Option<ServerUrl>,
    pub api: RemoteApi,
    /// The model the server is asked for (`model` in each request).
    #[serde(deserialize_with = "de_name")]
    pub name: String,
    /// Send the bare code and let the server apply its own prompt template.
    pub server_template: bool,
    /// Most requests in flight at once.
    #[serde(deserialize_with = "de_concurrency")]
    pub concurrency: usize,
    /// Longest wait for one answer.
    #[serde(deserialize_with = "de_timeout")]
    pub timeout: Seconds,
    /// Longest time all of a run's requests may take together, retries included.
    #[serde(deserialize_with = "de_budget")]
    pub budget: Seconds,
    /// Retries of a request the server could not take (429, 502, 503, 504, a dropped
    /// connection).
    #[serde(deserialize_with = "de_retries")]
    pub retries: u32,
    /// Wait before the first retry, doubled for each next one (a Retry-After answer wins).
    #[serde(deserialize_with = "de_backoff")]
    pub backoff: Seconds,
    /// Never set: present only to say where the token goes instead.
    #[serde(deserialize_with = "de_no_token")]
    pub token: Option<()>,
}

/// The environment variable that holds the model server's bearer token. Never a config
/// key: config files are committed.
pub const TOKEN_ENV: &str = "DEDUPE_CHECK_RERANKER_TOKEN";

/// A model server's base URL: http or https, a host, no credentials, query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrl(String);

impl ServerUrl {
    pub fn parse(text: &str) -> Result<ServerUrl, String> {
        let shape = "a base URL such as http://host:8000 or https://host/v1";
        let uri: http::Uri = text
            .trim()
            .parse()
            .map_err(|e| format!("{e}: expected {shape}"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => {
                return Err(format!(
                    "the URL needs http:// or https://: expected {shape}"
                ));
            }
        }
        let Some(authority) = uri.authority() else {
            return Err(format!("the URL has no host: expected {shape}"));
        };
        // Never echo the URL here: it may be the credentials this refuses.
        if authority.as_str().contains('@') {
            return Err(format!(
                "the URL holds credentials; put the token in the environment variable {TOKEN_ENV} instead"
            ));
        }
        if uri.query().is_some() || text.contains('#') {
            return Err(format!("the URL has a query or fragment: expected {shape}"));
        }
        Ok(ServerUrl(uri.to_string().trim_end_matches('/').to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A positive, finite number of seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seconds(pub std::time::Duration);

// The keys' own deserializers name the key in their messages: the YAML error's path
// stops at the enclosing mapping for errors raised after a value was read.

fn de_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ServerUrl>, D::Error> {
    let text = String::deserialize(d)?;
    ServerUrl::parse(&text)
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("model.url: {e}")))
}

fn de_hub<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(d)?;
    // `hub:` is optional here: the key says where the model comes from.
    let spec = if crate::rerank::hub::is_hub_spec(&text) {
        text
    } else {
        format!("hub:{text}")
    };
    crate::rerank::hub::Spec::parse(&spec)
        .map(|_| Some(spec))
        .map_err(|e| serde::de::Error::custom(format!("model.hub: {e}")))
}

fn seconds<'de, D: serde::Deserializer<'de>>(d: D, key: &str) -> Result<Seconds, D::Error> {
    let v = f64::deserialize(d)?;
    if !(v.is_finite() && v > 0.0 && v <= 86_400.0) {
        return Err(serde::de::Error::custom(format!(
            "{key}: expected a number of seconds above 0 and at most 86400, got {v}"
        )));
    }
    Ok(Seconds(std::time::Duration::from_secs_f64(v)))
}

fn de_timeout<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    seconds(d, "model.timeout")
}

fn de_budget<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    seconds(d, "model.budget")
}

fn de_backoff<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    seconds(d, "model.backoff")
}

fn de_concurrency<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    let v = usize::deserialize(d)?;
    if !(1..=256).contains(&v) {
        return Err(serde::de::Error::custom(format!(
            "model.concurrency: expected between 1 and 256 requests in flight, got {v}"
        )));
    }
    Ok(v)
}

fn de_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = String::deserialize(d)?;
    if v.trim().is_empty() {
        return Err(serde::de::Error::custom(
            "model.name: expected the name of the model the server serves, e.g. Qwen/Qwen3-Reranker-0.6B",
        ));
    }
    Ok(v)
}

fn de_retries<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = u32::deserialize(d)?;
    if v > 20 {
        return Err(serde::de::Error::custom(format!(
            "model.retries: expected at most 20 retries, got {v}"
        )));
    }
    Ok(v)
}

fn de_no_token<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<()>, D::Error> {
    // Consume the value without keeping or echoing it.
    serde::de::IgnoredAny::deserialize(d)?;
    Err(serde::de::Error::custom(format!(
        "model.token: the token is read only from the environment variable {TOKEN_ENV}, never \
         from a config file (config files are committed); remove this key"
    )))
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold: 0.68,
            fail_on: FailOn::Error,
            report: Report::Warning,
            top_k: 20,
            min_tokens: 30,
            min_statements: 2,
            max_file_bytes: 1024 * 1024,
            include: Language::ALL
                .iter()
                .flat_map(|l| l.spec().extensions)
                .map(|ext| format!("**/*.{ext}"))
                .chain(
                    Language::ALL
                        .iter()
                        .flat_map(|l| l.spec().file_names)
                        .map(|name| format!("**/{name}")),
                )
                .collect(),
            exclude: Vec::new(),
            cache: true,
            cache_max_age_days: crate::disk_cache::Limits::default().max_age_days,
            cache_max_mb: crate::disk_cache::Limits::default().max_bytes / (1024 * 1024),
            tests: TestCode::Skip,
            languages: Language::ALL.to_vec(),
            report_existing: false,
            introduced_margin: 0.10,
            model: ModelConfig::default(),
        }
    }
}

/// "; did you mean `threshold`?" for serde's "unknown field `treshold`, expected one of
/// `threshold`, …" (or an unknown variant), when one valid name is close to the typo.
fn did_you_mean(message: &str) -> Option<String> {
    let (_, after) = message
        .split_once("unknown field `")
        .or_else(|| message.split_once("unknown variant `"))?;
    let (typo, rest) = after.split_once('`')?;
    let (_, expected) = rest.split_once("expected ")?;
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|name| (edit_distance(typo, name), name))
        .min()?;
    (best.0 > 0 && best.0 <= typo.len().max(3) / 3 + 1)
        .then(|| format!("; did you mean `{}`?", best.1))
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

pub const DEFAULT_REMOTE_MODEL: &str = "Qwen/Qwen3-Reranker-0.6B";

impl ModelConfig {
    /// Candidates per checked function the model judges: `top_k` if set, else by where
    /// the model runs (a CPU pays ~20× a GPU per pair; measured in eval/README.md).
    pub fn judged_top_k(&self) -> usize {
        match (self.top_k, &self.url, self.device) {
            (Some(k), _, _) => k,
            (None, None, Device::Cpu) => 10,
            _ => 20,
        }
    }
}

impl ModelConfig {
    /// Whether a model is named (a directory, a hub repository or a server): it judges
    /// when it can be had.
    pub fn configured(&self) -> bool {
        self.dir.is_some() || self.hub.is_some() || self.url.is_some()
    }
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            dir: None,
            hub: None,
            ort_lib: None,
            device: Device::Cpu,
            threads: 0,
            threshold: 0.5,
            instruction: None,
            max_length: 2048,
            batch_tokens: 8192,
            cache: true,
            prefix_cache: true,
            // Chosen on the evaluation sets (eval/cascade.py; eval/README.md, "Cascade").
            cascade: true,
            accept: 0.9,
            reject: 0.35,
            top_k: None,
            required: false,
            url: None,
            api: RemoteApi::Rerank,
            name: DEFAULT_REMOTE_MODEL.to_string(),
            server_template: false,
            concurrency: 4,
            timeout: Seconds(std::time::Duration::from_secs(120)),
            budget: Seconds(std::time::Duration::from_secs(900)),
            retries: 3,
            backoff: Seconds(std::time::Duration::from_millis(500)),
            token: None,
        }
    }
}

impl Config {
    /// Loads `explicit` if given (it must exist), else `<repo>/.dedupe-check.yml` if present,
    /// else the defaults. Relative model paths are taken relative to the config file.
    pub fn load(explicit: Option<&Path>, repo_root: &Path) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = repo_root.join(FILE_NAME);
                if !p.is_file() {
                    return Ok(Config::default());
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        let mut config = Config::parse(&text, &path)?;
        let base = path.parent().unwrap_or(Path::new("."));
        for p in [&mut config.model.dir, &mut config.model.ort_lib]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        Ok(config)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        // An empty file (or one with only comments) means all defaults.
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Ok(Config::default());
        }
        let config: Config = serde_yaml_ng::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let mut message = e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string();
            // "model: model.url: …" (a key's own message under its mapping's path) → "model.url: …".
            if let Some((head, rest)) = message.split_once(": ")
                && rest.starts_with(&format!("{head}."))
            {
                message = rest.to_string();
            }
            if let Some(hint) = did_you_mean(&message) {
                message.push_str(&hint);
            }
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        })?;
        config.validate(path)?;
        Ok(config)
    }

    /// Every mistake of the file, one message each, all reported at once (`; ` between
    /// them: an error is one line on the terminal).
    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let mut mistakes: Vec<String> = self
            .fraction_keys()
            .into_iter()
            .filter_map(|(key, v)| fraction_mistake(v).map(|m| format!("{key} {m}")))
            .chain(self.size_mistakes())
            .collect();
        if self.model.reject > self.model.accept {
            mistakes.push(format!(
                "model.reject ({}) must not be above model.accept ({})",
                self.model.reject, self.model.accept
            ));
        }
        for glob in self.include.iter().chain(&self.exclude) {
            if let Err(e) = glob_patterns(glob)
                .iter()
                .try_for_each(|g| globset::Glob::new(g).map(drop))
            {
                mistakes.push(format!("bad glob {glob:?}: {e}"));
            }
        }
        if mistakes.is_empty() {
            return Ok(());
        }
        Err(ConfigError::Invalid {
            path: path.to_path_buf(),
            message: mistakes.join("; "),
        })
    }

    /// The keys whose values are scores or margins, in [0, 1].
    fn fraction_keys(&self) -> [(&'static str, f32); 5] {
        [
            ("threshold", self.threshold),
            ("model.threshold", self.model.threshold),
            ("introduced_margin", self.introduced_margin),
            ("model.accept", self.model.accept),
            ("model.reject", self.model.reject),
        ]
    }

    /// The size limits out of their bounds (see [`bounds`]).
    fn size_mistakes(&self) -> Vec<String> {
        let m = &self.model;
        let as_u64 = |v: usize| u64::try_from(v).unwrap_or(u64::MAX);
        let mut sizes = vec![
            ("top_k", as_u64(self.top_k), bounds::TOP_K),
            ("min_tokens", as_u64(self.min_tokens), bounds::MIN_TOKENS),
            (
                "min_statements",
                u64::from(self.min_statements),
                bounds::MIN_STATEMENTS,
            ),
            (
                "max_file_bytes",
                self.max_file_bytes,
                bounds::MAX_FILE_BYTES,
            ),
            (
                "cache_max_age_days",
                u64::from(self.cache_max_age_days),
                bounds::CACHE_MAX_AGE_DAYS,
            ),
            ("cache_max_mb", self.cache_max_mb, bounds::CACHE_MAX_MB),
            ("model.threads", as_u64(m.threads), bounds::THREADS),
            ("model.max_length", as_u64(m.max_length), bounds::MAX_LENGTH),
            (
                "model.batch_tokens",
                as_u64(m.batch_tokens),
                bounds::BATCH_TOKENS,
            ),
        ];
        if let Some(k) = m.top_k {
            sizes.push(("model.top_k", as_u64(k), bounds::TOP_K));
        }
        sizes
            .into_iter()
            .filter(|(_, v, range)| !range.contains(v))
            .map(|(key, v, range)| {
                let hint = if key.starts_with("cache_max") {
                    " (set `cache: false` for no cache)"
                } else {
                    ""
                };
                format!(
                    "{key} must be between {} and {}, got {v}{hint}",
                    range.start(),
                    range.end()
                )
            })
            .collect()
    }

    /// Whether files of `lang` are checked: `typescript` selects TSX too.
    /// When cache entries are pruned.
    pub fn cache_limits(&self) -> crate::disk_cache::Limits {
        crate::disk_cache::Limits {
            max_age_days: self.cache_max_age_days,
            max_bytes: self.cache_max_mb.saturating_mul(1024 * 1024),
        }
    }

    pub fn checks_language(&self, lang: Language) -> bool {
        self.languages.contains(&lang) || self.languages.contains(&lang.family())
    }

    /// Compiled include/exclude globs.
    pub fn file_filter(&self) -> FileFilter {
        let build = |globs: &[String]| {
            let mut b = globset::GlobSetBuilder::new();
            for g in globs.iter().flat_map(|g| glob_patterns(g)) {
                // Validated in `validate`; a default config has only valid globs.
                if let Ok(g) = globset::GlobBuilder::new(&g)
                    .literal_separator(true)
                    .build()
                {
                    b.add(g);
                }
            }
            b.build().unwrap_or_else(|_| globset::GlobSet::empty())
        };
        FileFilter {
            include: build(&self.include),
            exclude: build(&self.exclude),
        }
    }
}

/// The globs an `include` or `exclude` entry stands for, read as ruff and .gitignore read
/// them: an entry without a `/` inside it (`docs_src`, `docs_src/`, `*.pyw`) matches a
/// file or directory of that name at any depth, one with a `/` inside it (`app/docs`,
/// `/docs`) is relative to the repository root, a directory stands for everything under
/// it, and a trailing `/` matches directories only.
fn glob_patterns(entry: &str) -> Vec<String> {
    let dir_only = entry.ends_with('/');
    let trimmed = entry.trim_end_matches('/');
    let anchored = trimmed.contains('/');
    let trimmed = trimmed.trim_start_matches('/');
    let base = if anchored || trimmed.starts_with("**") {
        trimmed.to_string()
    } else {
        format!("**/{trimmed}")
    };
    let under = format!("{base}/**");
    if dir_only {
        vec![under]
    } else {
        vec![base, under]
    }
}

pub struct FileFilter {
    include: globset::GlobSet,
    exclude: globset::GlobSet,
}

impl FileFilter {
    pub fn accepts(&self, path: &str) -> bool {
        self.include.is_match(path) && !self.exclude.is_match(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/r/.dedupe-check.yml"))
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = parse("top_k: 5\ntreshold: 0.9\n").unwrap_err().to_string();
        assert!(err.starts_with("/r/.dedupe-check.yml:2:"), "{err}");
        assert!(err.contains("unknown field `treshold`"), "{err}");
    }

    #[test]
    fn wrong_type_in_nested_key_names_it() {
        let err = parse("model:\n  threads: many\n").unwrap_err().to_string();
        assert!(
            err.contains(":2:") && err.contains("model.threads"),
            "{err}"
        );
    }

    #[test]
    fn model_hub_takes_a_repository_with_or_without_the_prefix() {
        let c = parse("model:\n  hub: org/model@v1\n").unwrap();
        assert_eq!(c.model.hub.as_deref(), Some("hub:org/model@v1"));
        assert!(c.model.configured());
        let c = parse("model:\n  hub: qwen3-reranker\n").unwrap();
        assert_eq!(c.model.hub.as_deref(), Some("qwen3-reranker"));
        let err = parse("model:\n  hub: not-a-repo\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("model.hub") && err.contains("OWNER/NAME"),
            "{err}"
        );
    }

    #[test]
    fn out_of_range_threshold_is_an_error() {
        let err = parse("threshold: 1.5\n").unwrap_err().to_string();
        assert!(err.contains("threshold must be between 0 and 1"), "{err}");
    }

    #[test]
    fn a_percentage_threshold_gets_the_fraction_it_means() {
        let err = parse("threshold: 68\n").unwrap_err().to_string();
        assert!(
            err.contains("threshold must be between 0 and 1, got 68 (did you mean 0.68?)"),
            "{err}"
        );
        let err = parse("model:\n  threshold: 100\n").unwrap_err().to_string();
        assert!(err.contains("model.threshold") && err.contains("did you mean 1?"));
        for text in [
            "threshold: -0.5\n",
            "threshold: .nan\n",
            "threshold: .inf\n",
        ] {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains("threshold must be between 0 and 1"), "{err}");
            assert!(!err.contains("did you mean"), "{err}");
        }
        assert!(parse("threshold: 1\n").is_ok());
    }

    #[test]
    fn every_size_limit_is_bounded_and_every_mistake_is_named() {
        let err = parse("top_k: 999999999999\nmin_tokens: 1000000\nthreshold: 70\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/r/.dedupe-check.yml: "), "{err}");
        assert_eq!(err.matches("; ").count(), 2, "{err}");
        assert!(err.contains("threshold must be between 0 and 1, got 70 (did you mean 0.7?)"));
        assert!(err.contains("top_k must be between 1 and 1000, got 999999999999"));
        assert!(err.contains("min_tokens must be between 0 and 100000, got 1000000"));
        for (text, key) in [
            ("top_k: 0\n", "top_k"),
            ("min_statements: 10001\n", "min_statements"),
            ("max_file_bytes: 0\n", "max_file_bytes"),
            ("cache_max_mb: 99999999999\n", "cache_max_mb"),
            ("model:\n  threads: 100000\n", "model.threads"),
            ("model:\n  max_length: 10000000\n", "model.max_length"),
            ("model:\n  batch_tokens: 0\n", "model.batch_tokens"),
            ("model:\n  top_k: 5000\n", "model.top_k"),
        ] {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(&format!("{key} must be between")), "{err}");
        }
    }

    #[test]
    fn the_cascade_cuts_are_checked_and_the_judged_top_k_follows_the_device() {
        let err = parse("model:\n  accept: 0.3\n  reject: 0.5\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("model.reject (0.5) must not be above model.accept (0.3)"),
            "{err}"
        );
        let err = parse("model:\n  top_k: 0\n").unwrap_err().to_string();
        assert!(
            err.contains("model.top_k must be between 1 and 1000, got 0"),
            "{err}"
        );
        let cpu = parse("top_k: 5\n").unwrap().model;
        assert_eq!(cpu.judged_top_k(), 10);
        assert_eq!(
            parse("model:\n  device: cuda\n")
                .unwrap()
                .model
                .judged_top_k(),
            20
        );
        assert_eq!(
            parse("model:\n  top_k: 3\n").unwrap().model.judged_top_k(),
            3
        );
    }

    #[test]
    fn new_keys_parse_and_bad_values_name_the_key() {
        let c = parse("tests: check\nreport_existing: true\nintroduced_margin: 0.2\n").unwrap();
        assert_eq!(c.tests, TestCode::Check);
        assert!(c.report_existing);
        assert!((c.introduced_margin - 0.2).abs() < 1e-6);
        let d = parse("top_k: 5\n").unwrap();
        assert_eq!(d.tests, TestCode::Skip);
        assert!(!d.report_existing);

        let err = parse("top_k: 5\ntests: sometimes\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/r/.dedupe-check.yml:2:"), "{err}");
        assert!(
            err.contains("tests") && err.contains("unknown variant `sometimes`"),
            "{err}"
        );
        let err = parse("report_existing: maybe\n").unwrap_err().to_string();
        assert!(err.starts_with("/r/.dedupe-check.yml:1:"), "{err}");
        assert!(err.contains("report_existing"), "{err}");
        let err = parse("introduced_margin: lots\n").unwrap_err().to_string();
        assert!(
            err.contains(":1:") && err.contains("introduced_margin"),
            "{err}"
        );
        let err = parse("introduced_margin: 2\n").unwrap_err().to_string();
        assert!(
            err.contains("introduced_margin must be between 0 and 1"),
            "{err}"
        );
    }

    #[test]
    fn cache_limits_parse_and_bad_values_name_file_and_key() {
        let c = parse("cache_max_age_days: 7\ncache_max_mb: 64\n").unwrap();
        assert_eq!(c.cache_limits().max_age_days, 7);
        assert_eq!(c.cache_limits().max_bytes, 64 * 1024 * 1024);
        let err = parse("top_k: 5\ncache_max_mb: lots\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/r/.dedupe-check.yml:2:"), "{err}");
        assert!(err.contains("cache_max_mb"), "{err}");
        let err = parse("cache_max_age_days: -3\n").unwrap_err().to_string();
        assert!(err.starts_with("/r/.dedupe-check.yml:1:"), "{err}");
        assert!(err.contains("cache_max_age_days"), "{err}");
        let err = parse("cache_max_age_days: 0\n").unwrap_err().to_string();
        assert!(err.starts_with("/r/.dedupe-check.yml: "), "{err}");
        assert!(
            err.contains("cache_max_age_days must be between 1 and 36500, got 0"),
            "{err}"
        );
    }

    #[test]
    fn languages_default_to_all_and_wrong_names_name_the_key() {
        let all = parse("top_k: 5\n").unwrap();
        assert!(Language::ALL.iter().all(|&l| all.checks_language(l)));
        let some = parse("languages: [go, typescript]\n").unwrap();
        assert!(some.checks_language(Language::Go));
        assert!(some.checks_language(Language::Tsx));
        assert!(!some.checks_language(Language::Python));
        assert!(!some.checks_language(Language::Java));
        let err = parse("top_k: 5\nlanguages: [go, cobol]\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/r/.dedupe-check.yml:2:"), "{err}");
        assert!(
            err.contains("languages") && err.contains("unknown variant `cobol`"),
            "{err}"
        );
    }

    #[test]
    fn remote_keys_parse_and_bad_values_name_file_line_and_key() {
        let c = parse(
            "model:\n  url: https://rerank.example:8000/v1/\n  api: score\n  name: acme/r\n  \
             server_template: true\n  concurrency: 8\n  timeout: 0.25\n  budget: 30\n  retries: 0\n  \
             backoff: 0.01\n",
        )
        .unwrap();
        let m = &c.model;
        assert_eq!(
            m.url.as_ref().unwrap().as_str(),
            "https://rerank.example:8000/v1"
        );
        assert_eq!(m.api, RemoteApi::Score);
        assert_eq!((m.name.as_str(), m.server_template), ("acme/r", true));
        assert_eq!((m.concurrency, m.retries), (8, 0));
        assert_eq!(m.timeout.0, std::time::Duration::from_millis(250));
        let d = parse("top_k: 5\n").unwrap().model;
        assert_eq!((d.url, d.api, d.concurrency), (None, RemoteApi::Rerank, 4));
        assert_eq!(d.name, DEFAULT_REMOTE_MODEL);

        for (text, key, what) in [
            (
                "model:\n  url: ftp://host\n",
                "model.url",
                "http:// or https://",
            ),
            (
                "model:\n  url: http://u:pw@host\n",
                "model.url",
                "DEDUPE_CHECK_RERANKER_TOKEN",
            ),
            ("model:\n  url: http://host/?k=v\n", "model.url", "query"),
            (
                "model:\n  api: grpc\n",
                "model.api",
                "unknown variant `grpc`",
            ),
            ("model:\n  name: ''\n", "model.name", "expected the name"),
            (
                "model:\n  server_template: often\n",
                "model.server_template",
                "invalid type",
            ),
            (
                "model:\n  concurrency: 0\n",
                "model.concurrency",
                "between 1 and 256",
            ),
            ("model:\n  timeout: -1\n", "model.timeout", "above 0"),
            ("model:\n  budget: soon\n", "model.budget", "invalid type"),
            ("model:\n  retries: 99\n", "model.retries", "at most 20"),
            ("model:\n  backoff: 0\n", "model.backoff", "above 0"),
            (
                "model:\n  token: hunter2-secret\n",
                "model.token",
                "DEDUPE_CHECK_RERANKER_TOKEN",
            ),
        ] {
            let err = parse(&format!("top_k: 5\n{text}")).unwrap_err().to_string();
            assert!(err.starts_with("/r/.dedupe-check.yml:3:"), "{text}: {err}");
            assert!(err.contains(key) && err.contains(what), "{text}: {err}");
            assert!(!err.contains("pw@") && !err.contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn globs_filter_paths() {
        let c = parse("exclude: ['tests/**', '**/migrations/*.py']\n").unwrap();
        let f = c.file_filter();
        assert!(f.accepts("pkg/a.py"));
        assert!(f.accepts("a.py"));
        assert!(!f.accepts("tests/test_a.py"));
        assert!(!f.accepts("app/migrations/0001.py"));
        assert!(!f.accepts("a.txt"));
    }

    #[test]
    fn a_bare_directory_name_excludes_it_at_any_depth_as_ruff_does() {
        for entry in ["docs_src", "docs_src/"] {
            let c = parse(&format!("exclude: [{entry}]\n")).unwrap();
            let f = c.file_filter();
            assert!(!f.accepts("docs_src/tutorial001.py"), "{entry}");
            assert!(!f.accepts("docs_src/a/b/c.py"), "{entry}");
            assert!(!f.accepts("site/docs_src/c.py"), "{entry}");
            assert!(f.accepts("docs_srcx/c.py"), "{entry}");
            assert!(f.accepts("src/docs.py"), "{entry}");
        }
        // Without a trailing slash a file of that name is excluded too; with one, only a
        // directory.
        let c = parse("exclude: [conftest.py, 'setup.py/']\n").unwrap();
        let f = c.file_filter();
        assert!(!f.accepts("conftest.py") && !f.accepts("pkg/conftest.py"));
        assert!(f.accepts("setup.py"));
        // A `/` inside anchors at the root, as in .gitignore.
        let c = parse("exclude: [app/docs, /scripts]\n").unwrap();
        let f = c.file_filter();
        assert!(!f.accepts("app/docs/a.py") && !f.accepts("scripts/a.py"));
        assert!(f.accepts("lib/app/docs/a.py") && f.accepts("lib/scripts/a.py"));
        // include: a bare pattern matches at any depth, a directory takes what is under it.
        let c = parse("include: ['*.py', 'tools/']\n").unwrap();
        let f = c.file_filter();
        assert!(f.accepts("a.py") && f.accepts("pkg/sub/a.py"));
        assert!(f.accepts("tools/gen.go") && !f.accepts("pkg/gen.go"));
    }

    #[test]
    fn a_typo_in_a_key_or_value_suggests_the_nearest_name() {
        let hint = |m: &str| did_you_mean(m);
        assert_eq!(
            hint("unknown field `treshold`, expected one of `threshold`, `fail_on`, `report`"),
            Some("; did you mean `threshold`?".into())
        );
        assert_eq!(
            hint("fail_on: unknown variant `eror`, expected one of `error`, `warning`, `never`"),
            Some("; did you mean `error`?".into())
        );
        assert_eq!(
            hint("unknown field `colour`, expected one of `threshold`, `tests`"),
            None
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
