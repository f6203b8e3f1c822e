//! What the reporters are asked to do, whoever asks: the command line builds these from its
//! flags (`cli`), and the reporters (`report`, `review`) read only these, so the data flows
//! one way: cli → settings → report/review.

use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style lines with the diff of each pair (colored on a terminal).
    Text,
    /// The stable JSON schema (see README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions annotations, and a table in the job summary ($GITHUB_STEP_SUMMARY).
    Github,
}

impl Format {
    /// The format when none is asked for: `github` inside GitHub Actions, else `text`.
    pub fn default_here() -> Format {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            Format::Github
        } else {
            Format::Text
        }
    }
}

/// How text output writes a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum PathStyle {
    /// Relative to the current directory (`../pkg/util.py` from a subdirectory).
    Relative,
    /// Absolute.
    Absolute,
    /// Relative to the repository root, as git shows them.
    #[default]
    Repo,
}

/// Every output of one check run.
#[derive(Debug, Clone)]
pub struct OutputSettings {
    pub format: Format,
    /// Write the `format` output there instead of stdout.
    pub output: Option<PathBuf>,
    /// The diff of each pair in text output.
    pub show_diff: bool,
    /// Every existing match of a clone group in text output, not "and N more".
    pub show_all_matches: bool,
    /// How text output writes paths.
    pub paths: PathStyle,
    /// Also write SARIF there.
    pub sarif: Option<PathBuf>,
    /// Also post a pull-request review.
    pub review: Option<ReviewSettings>,
    /// No notices on stderr.
    pub quiet: bool,
}

impl OutputSettings {
    /// `format` to stdout, nothing else.
    pub fn to_stdout(format: Format) -> OutputSettings {
        OutputSettings {
            format,
            output: None,
            show_diff: true,
            show_all_matches: false,
            paths: PathStyle::Repo,
            sarif: None,
            review: None,
            quiet: false,
        }
    }
}

/// Where and as whom to post a pull-request review.
#[derive(Clone)]
pub struct ReviewSettings {
    pub token: Option<String>,
    /// `OWNER/NAME`.
    pub repository: Option<String>,
    pub pr: Option<u64>,
    /// REST API base, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`.
    pub api_url: String,
    /// Web base for links, e.g. `https://github.com`.
    pub server_url: String,
    pub max_comments: usize,
    /// The webhook event payload (`GITHUB_EVENT_PATH`).
    pub event_path: Option<PathBuf>,
}

// By hand, so that a debug print of the settings never shows the token.
impl std::fmt::Debug for ReviewSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReviewSettings")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("repository", &self.repository)
            .field("pr", &self.pr)
            .field("api_url", &self.api_url)
            .field("server_url", &self.server_url)
            .field("max_comments", &self.max_comments)
            .field("event_path", &self.event_path)
            .finish()
    }
}
