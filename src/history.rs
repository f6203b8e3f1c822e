//! `history`: the PR check replayed on the last commits of a branch, each against its
//! first parent, with the current configuration: what it would have reported, how often
//! it would have failed, and which settings would have changed that.

use rustc_hash::FxHashSet;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::{Config, FailOn};
use crate::detect::{Check, Mode};
use crate::finding::Finding;
use crate::function_cache::FunctionCache;
use crate::git::Git;
use crate::progress::Progress;
use crate::verdict::Level;

/// What to replay.
pub struct History<'a> {
    pub repo: PathBuf,
    pub rev: String,
    /// First-parent, non-merge commits to replay, newest first.
    pub commits: usize,
    pub config: &'a Config,
    pub progress: Progress,
    pub function_cache: FunctionCache,
}

/// One replayed commit.
#[derive(Debug, Clone, Serialize)]
pub struct Replayed {
    pub commit: String,
    pub parent: String,
    pub subject: String,
    /// The findings the check would have reported (duplication the commit introduced).
    pub findings: Vec<Finding>,
    /// Why the commit could not be checked, when it could not.
    pub error: Option<String>,
}

impl Replayed {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// Whether the check would have failed this commit under `fail_on`.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        self.findings.iter().any(|f| fail_on.fails(f.level))
    }
}

/// The replay and what it adds up to.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryOutcome {
    pub rev: String,
    pub requested: usize,
    pub fail_on: FailOn,
    pub threshold: f32,
    /// Oldest last, as `git log`.
    pub commits: Vec<Replayed>,
    pub rates: Rates,
    pub suggestions: Vec<Suggestion>,
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Rates {
    pub commits: usize,
    /// Commits the check would have failed under the configured `fail_on`.
    pub failed: usize,
    pub with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Findings by kind, every kind listed.
    pub by_kind: BTreeMap<&'static str, usize>,
    /// Commits that could not be checked.
    pub unchecked: usize,
}

/// A setting and what it would have removed from this history.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Suggestion {
    /// The `.dedupe-check.yml` line that applies it.
    pub setting: String,
    pub removes_findings: usize,
    /// Commits that would no longer fail.
    pub removes_failures: usize,
}

impl History<'_> {
    /// Replays each commit; `each` sees every commit as soon as it is checked (the text
    /// output streams them).
    pub fn run(self, each: &mut dyn FnMut(&Replayed)) -> anyhow::Result<HistoryOutcome> {
        let git = Git::open(&self.repo)?;
        let (picked, mut notices) = if self.rev == "HEAD" && git.head_if_born()?.is_none() {
            let nothing = "nothing to replay: the repository has no commits yet";
            (Vec::new(), vec![nothing.to_string()])
        } else {
            git.first_parent_commits(&self.rev, self.commits)?
        };
        if picked.len() < self.commits && notices.is_empty() {
            notices.push(format!(
                "{} has {} first-parent commit(s) with one parent to replay, fewer than the \
                 {} asked for: all of them were replayed",
                self.rev,
                picked.len(),
                self.commits
            ));
        }
        let bar = self.progress.bar(picked.len() as u64, "replaying commits");
        let mut commits = Vec::with_capacity(picked.len());
        for c in picked {
            let replayed = self.replay(c.id, c.parent, c.subject);
            bar.inc(1);
            bar.suspend(|| each(&replayed));
            commits.push(replayed);
        }
        bar.finish_and_clear();
        let rates = rates(&commits, self.config.fail_on);
        let suggestions = suggestions(&commits, self.config);
        Ok(HistoryOutcome {
            rev: self.rev,
            requested: self.commits,
            fail_on: self.config.fail_on,
            threshold: self.config.threshold,
            commits,
            rates,
            suggestions,
            notices,
        })
    }

    /// The PR check of one commit against its parent, with the structural engine; a
    /// commit that cannot be checked is reported and the replay goes on.
    fn replay(&self, commit: git2::Oid, parent: git2::Oid, subject: String) -> Replayed {
        let check = Check {
            repo: self.repo.clone(),
            mode: Mode::Pr {
                base: Some(parent.to_string()),
                head: Some(commit.to_string()),
            },
            config: self.config,
            progress: Progress::new(true),
            function_cache: self.function_cache.clone(),
        };
        let (findings, error) = match check.run(Box::new(|_: &mut Vec<String>| Ok(None))) {
            Ok(outcome) => (
                outcome
                    .findings
                    .into_iter()
                    .filter(|f| f.introduced && self.config.report.shows(f.level))
                    .collect(),
                None,
            ),
            Err(e) => (Vec::new(), Some(format!("{e:#}"))),
        };
        Replayed {
            commit: commit.to_string(),
            parent: parent.to_string(),
            subject,
            findings,
            error,
        }
    }
}

fn rates(commits: &[Replayed], fail_on: FailOn) -> Rates {
    let mut r = Rates {
        commits: commits.len(),
        ..Rates::default()
    };
    for kind in crate::kind::Kind::ALL {
        r.by_kind.insert(kind.as_str(), 0);
    }
    for c in commits {
        r.failed += usize::from(c.fails(fail_on));
        r.with_findings += usize::from(!c.findings.is_empty());
        r.unchecked += usize::from(c.error.is_some());
        r.errors += c.count(Level::Error);
        r.warnings += c.count(Level::Warning);
        for f in &c.findings {
            *r.by_kind.entry(f.kind.as_str()).or_default() += 1;
        }
    }
    r
}

/// Thresholds tried above the configured one.
const THRESHOLD_STEPS: [f32; 3] = [0.05, 0.10, 0.15];
/// Directories suggested for `exclude`, at most.
const TOP_DIRECTORIES: usize = 5;

/// What each of a few settings would have removed: `fail_on: error` (when it is not
/// the setting already), a raised threshold, and excluding each of the directories with
/// the most findings.
fn suggestions(commits: &[Replayed], config: &Config) -> Vec<Suggestion> {
    let fail_on = config.fail_on;
    let failing = |keep: &dyn Fn(&Finding) -> bool, fail_on: FailOn| -> usize {
        commits
            .iter()
            .filter(|c| c.findings.iter().any(|f| keep(f) && fail_on.fails(f.level)))
            .count()
    };
    let now = failing(&|_| true, fail_on);
    let total: usize = commits.iter().map(|c| c.findings.len()).sum();
    let mut out = Vec::new();
    if fail_on != FailOn::Error && fail_on != FailOn::Never {
        out.push(Suggestion {
            setting: "fail_on: error".into(),
            removes_findings: 0,
            removes_failures: now - failing(&|_| true, FailOn::Error),
        });
    }
    for step in THRESHOLD_STEPS {
        let t = ((config.threshold + step) * 100.0).round() / 100.0;
        if t > 1.0 {
            break;
        }
        let keep = |f: &Finding| f.score >= t;
        let kept: usize = commits
            .iter()
            .map(|c| c.findings.iter().filter(|f| keep(f)).count())
            .sum();
        out.push(Suggestion {
            setting: format!("threshold: {t:.2}"),
            removes_findings: total - kept,
            removes_failures: now - failing(&keep, fail_on),
        });
    }
    for dir in top_directories(commits) {
        let pattern = format!("{dir}/**");
        let inside = |p: &str| p.starts_with(&format!("{dir}/"));
        // Excluded, a directory is neither checked nor a candidate: a finding goes when
        // its new function is in it, or every existing function it matched is.
        let keep = |f: &Finding| {
            !inside(&f.new.path)
                && (!inside(&f.existing.path)
                    || f.also_existing.iter().any(|m| !inside(&m.function.path)))
        };
        let kept: usize = commits
            .iter()
            .map(|c| c.findings.iter().filter(|f| keep(f)).count())
            .sum();
        out.push(Suggestion {
            setting: format!("exclude: [\"{pattern}\"]"),
            removes_findings: total - kept,
            removes_failures: now - failing(&keep, fail_on),
        });
    }
    out
}

/// The directories (of the new functions, up to two levels deep) with the most
/// findings, most first.
fn top_directories(commits: &[Replayed]) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for f in commits.iter().flat_map(|c| &c.findings) {
        let parts: Vec<&str> = f.new.path.split('/').collect();
        if parts.len() < 2 {
            continue;
        }
        let dir = parts[..parts.len() - 1]
            .iter()
            .take(2)
            .copied()
            .collect::<Vec<_>>()
            .join("/");
        *counts.entry(dir).or_default() += 1;
    }
    let mut dirs: Vec<(String, usize)> = counts.into_iter().collect();
    dirs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut seen: FxHashSet<String> = FxHashSet::default();
    dirs.into_iter()
        .filter(|(d, _)| seen.insert(d.clone()))
        .take(TOP_DIRECTORIES)
        .map(|(d, _)| d)
        .collect()
}
