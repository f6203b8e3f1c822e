//! `init`: the files a repository needs to start, written once and never overwritten.

use std::path::{Path, PathBuf};

use crate::ExitStatus;
use crate::cli::InitArgs;
use crate::git::Git;

/// The commented configuration `init` writes: every key at its default, commented out.
pub const CONFIG_TEMPLATE: &str = include_str!("../templates/dedupe-check.yml");
/// The GitHub Actions workflow `init --workflow` writes.
pub const WORKFLOW_TEMPLATE: &str = include_str!("../templates/workflow.yml");
/// Where the workflow goes, from the repository root.
pub const WORKFLOW_PATH: &str = ".github/workflows/dedupe-check.yml";

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(
        "{path} already exists; init never overwrites a file: edit it, or remove it and run \
         `dedupe-check init` again",
        path = path.display()
    )]
    Exists { path: PathBuf },
    #[error("cannot write {path}: {source}", path = path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub fn run(args: &InitArgs) -> anyhow::Result<ExitStatus> {
    let git = Git::open(&args.repo)?;
    let root = git.root();
    let mut files = vec![(root.join(crate::config::FILE_NAME), CONFIG_TEMPLATE)];
    if args.workflow {
        files.push((root.join(WORKFLOW_PATH), WORKFLOW_TEMPLATE));
    }
    // Nothing is written unless everything can be.
    if let Some((path, _)) = files.iter().find(|(p, _)| p.symlink_metadata().is_ok()) {
        return Err(InitError::Exists { path: path.clone() }.into());
    }
    for (path, text) in &files {
        write_new(path, text)?;
        println!("wrote {}", path.display());
    }
    Ok(ExitStatus::Success)
}

/// Writes `text` to a file that must not exist yet, creating its folders.
fn write_new(path: &Path, text: &str) -> Result<(), InitError> {
    let err = |source| InitError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => InitError::Exists {
                path: path.to_path_buf(),
            },
            _ => err(e),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_config_template_is_the_defaults_and_each_commented_value_parses() {
        let path = Path::new(crate::config::FILE_NAME);
        Config::parse(CONFIG_TEMPLATE, path).unwrap();
        // Uncommented, every key still parses (the example values are valid).
        let is_key = |l: &str| {
            l.split_once(':').is_some_and(|(k, _)| {
                let k = k.trim_start();
                !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
        };
        let uncommented: String = CONFIG_TEMPLATE
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| is_key(l))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(uncommented.contains("threshold: 0.68\n"), "{uncommented}");
        let got =
            Config::parse(&uncommented, path).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        let default = Config::default();
        assert_eq!(got.threshold, default.threshold);
        assert_eq!(got.fail_on, default.fail_on);
        assert_eq!(got.report, default.report);
        assert_eq!(got.min_tokens, default.min_tokens);
        assert_eq!(got.min_statements, default.min_statements);
        assert_eq!(got.max_file_bytes, default.max_file_bytes);
        assert_eq!(got.tests, default.tests);
        assert_eq!(got.report_existing, default.report_existing);
        assert_eq!(got.model.threshold, default.model.threshold);
    }
}
