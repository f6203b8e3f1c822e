//! `.dedupe-check.yml`: thresholds, sizes, file globs and model settings.
//! Unknown keys and wrong types are errors that name the file, line and key.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::lang::Language;

pub const FILE_NAME: &str = ".dedupe-check.yml";

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

/// Whether reported findings fail the run (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Findings,
    Never,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelConfig {
    pub dir: Option<PathBuf>,
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
    /// Fail instead of falling back to the structural engine when the model cannot be loaded.
    pub required: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold: 0.72,
            fail_on: FailOn::Findings,
            top_k: 20,
            min_tokens: 30,
            min_statements: 2,
            max_file_bytes: 1024 * 1024,
            include: Language::ALL
                .iter()
                .flat_map(|l| l.spec().extensions)
                .map(|ext| format!("**/*.{ext}"))
                .collect(),
            exclude: Vec::new(),
            cache: true,
            tests: TestCode::Skip,
            languages: Language::ALL.to_vec(),
            report_existing: false,
            introduced_margin: 0.10,
            model: ModelConfig::default(),
        }
    }
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            dir: None,
            ort_lib: None,
            device: Device::Cpu,
            threads: 0,
            threshold: 0.5,
            instruction: None,
            max_length: 2048,
            batch_tokens: 8192,
            cache: true,
            required: false,
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
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: e
                    .to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            }
        })?;
        config.validate(path)?;
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        for (key, v) in [
            ("threshold", self.threshold),
            ("model.threshold", self.model.threshold),
            ("introduced_margin", self.introduced_margin),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(invalid(format!("{key} must be between 0 and 1, got {v}")));
            }
        }
        if self.top_k == 0 {
            return Err(invalid("top_k must be at least 1".into()));
        }
        if self.model.max_length < 64 {
            return Err(invalid(format!(
                "model.max_length must be at least 64, got {}",
                self.model.max_length
            )));
        }
        for glob in self.include.iter().chain(&self.exclude) {
            globset::Glob::new(glob).map_err(|e| invalid(format!("bad glob {glob:?}: {e}")))?;
        }
        Ok(())
    }

    /// Whether files of `lang` are checked: `typescript` selects TSX too.
    pub fn checks_language(&self, lang: Language) -> bool {
        self.languages.contains(&lang) || self.languages.contains(&lang.family())
    }

    /// Compiled include/exclude globs.
    pub fn file_filter(&self) -> FileFilter {
        let build = |globs: &[String]| {
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                // Validated in `validate`; a default config has only valid globs.
                if let Ok(g) = globset::GlobBuilder::new(g).literal_separator(true).build() {
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
    fn out_of_range_threshold_is_an_error() {
        let err = parse("threshold: 1.5\n").unwrap_err().to_string();
        assert!(err.contains("threshold must be between 0 and 1"), "{err}");
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
    fn globs_filter_paths() {
        let c = parse("exclude: ['tests/**', '**/migrations/*.py']\n").unwrap();
        let f = c.file_filter();
        assert!(f.accepts("pkg/a.py"));
        assert!(f.accepts("a.py"));
        assert!(!f.accepts("tests/test_a.py"));
        assert!(!f.accepts("app/migrations/0001.py"));
        assert!(!f.accepts("a.txt"));
    }
}
