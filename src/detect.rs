//! The one flow: revisions → changed lines → functions → candidates → (reranker) → findings.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;

use crate::candidates::{Candidate, CandidateIndex};
use crate::config::Config;
use crate::extract::{FileFunctions, Function, extract};
use crate::finding::{Engine, Finding};
use crate::function_cache::FunctionCache;
use crate::git::{
    ChangedFile, Changes, FileContent, Git, GitError, SkipReason, Snapshot, TouchedPaths,
};
use crate::lang::Language;
use crate::progress::Progress;

/// Which two snapshots a run compares: the front ends differ only in this.
#[derive(Debug, Clone)]
pub enum Mode {
    /// merge-base(base, head) .. head. `base` None = the default branch.
    Pr {
        base: Option<String>,
        head: Option<String>,
    },
    /// HEAD .. index (a pre-commit hook).
    Staged,
    /// HEAD .. working tree, staged or not.
    Worktree,
}

impl Mode {
    pub fn name(&self) -> &'static str {
        match self {
            Mode::Pr { .. } => "pr",
            Mode::Staged => "staged",
            Mode::Worktree => "worktree",
        }
    }
}

/// A model's verdict on (query = new function, document = candidate) pairs.
pub trait PairJudge {
    fn judge(&mut self, pairs: &[(&str, &str)]) -> anyhow::Result<Vec<PairScore>>;
    /// Report threshold of the judge's score.
    fn threshold(&self) -> f32;
    /// What the judge has to say after judging (e.g. a cache it could not write).
    fn notices(&mut self) -> Vec<String> {
        Vec::new()
    }
}

/// Loads the judge, called only once there are pairs to judge, so a check with nothing
/// to check never pays for a model. `Ok(None)`: the structural engine decides (the
/// loader says why in the notices).
pub type JudgeLoader<'a> =
    Box<dyn FnOnce(&mut Vec<String>) -> anyhow::Result<Option<Box<dyn PairJudge>>> + 'a>;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScore {
    pub score: f32,
    pub logit: f32,
}

/// What a check produced, for the reporters.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub mode: &'static str,
    pub repo: PathBuf,
    pub base: Option<String>,
    pub head: Option<String>,
    pub engine: Option<Engine>,
    pub notices: Vec<String>,
    pub changed_files: Vec<ChangedFile>,
    pub checked_functions: usize,
    pub existing_functions: usize,
    pub findings: Vec<Finding>,
    /// A one-line reason when nothing was checked (no changes, merge in progress).
    pub nothing_to_check: Option<String>,
    /// Seconds spent in each stage, in order.
    pub timings: Vec<(&'static str, f64)>,
}

/// Laps of the stages of one check.
struct Stopwatch(std::time::Instant);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(std::time::Instant::now())
    }

    fn lap(&mut self, stage: &'static str) -> (&'static str, f64) {
        let now = std::time::Instant::now();
        let secs = (now - self.0).as_secs_f64();
        self.0 = now;
        (stage, secs)
    }
}

pub struct Check<'a> {
    pub repo: PathBuf,
    pub mode: Mode,
    pub config: &'a Config,
    pub progress: Progress,
    pub function_cache: FunctionCache,
}

impl Check<'_> {
    pub fn run(self, load_judge: JudgeLoader<'_>) -> anyhow::Result<Outcome> {
        let mut notices = Vec::new();
        let git = Git::open(&self.repo)?;
        let filter = self.config.file_filter();
        let wanted = |p: &str| Language::from_path(p).is_some() && filter.accepts(p);
        let mut outcome = Outcome {
            mode: self.mode.name(),
            repo: git.root().to_path_buf(),
            ..Outcome::default()
        };

        let (old, new) = match &self.mode {
            Mode::Pr { base, head } => {
                let head_rev = head.as_deref().unwrap_or("HEAD");
                let head_id = git.resolve(head_rev)?;
                let base_rev = match base {
                    Some(b) => b.clone(),
                    None => git.default_base()?,
                };
                let base_id = git.resolve(&base_rev)?;
                let merge_base = git.merge_base(base_id, head_id, &base_rev, head_rev)?;
                outcome.base = Some(merge_base.to_string());
                outcome.head = Some(head_id.to_string());
                if merge_base == head_id {
                    outcome.nothing_to_check = Some(format!(
                        "nothing to check: {head_rev} adds no commits on top of {base_rev}"
                    ));
                    return Ok(outcome);
                }
                (Some(merge_base), Snapshot::Commit(head_id))
            }
            Mode::Staged | Mode::Worktree => {
                if git.is_merging() {
                    outcome.nothing_to_check = Some(
                        "nothing to check: a merge (or rebase, cherry-pick) is in progress; its changes come from \
                         another branch, check that branch with `dedupe-check pr` instead"
                            .into(),
                    );
                    return Ok(outcome);
                }
                let head = git.head_if_born()?;
                outcome.base = head.map(|h| h.to_string());
                let snapshot = if matches!(self.mode, Mode::Staged) {
                    Snapshot::Index
                } else {
                    Snapshot::WorkTree
                };
                (head, snapshot)
            }
        };

        let mut clock = Stopwatch::start();
        let Changes {
            files: changes,
            touched,
        } = git.changes(old, new, &wanted)?;
        if changes.is_empty() {
            outcome.nothing_to_check =
                Some("nothing to check: no Python function source changed".into());
            return Ok(outcome);
        }

        let paths = git.files(new, &wanted)?;
        outcome.timings.push(clock.lap("diff"));
        let mut functions = self.extract_all(&git, new, &paths, &changes, &mut notices)?;
        outcome.timings.push(clock.lap("extract"));
        let moved = self.moved_bodies(&git, old, &touched, &functions)?;

        let changed: rustc_hash::FxHashMap<&str, &ChangedFile> =
            changes.iter().map(|c| (c.path.as_str(), c)).collect();
        let is_checked = |f: &Function| {
            changed
                .get(f.path.as_str())
                .is_some_and(|c| c.touches(f.start_line, f.end_line))
                && !moved.contains(&f.text_hash)
        };
        // Checked functions go last so that `first_checked` splits the slice.
        functions.sort_by_key(|f| is_checked(f));
        let first_checked = functions
            .iter()
            .position(is_checked)
            .unwrap_or(functions.len());
        let suppressed = functions[first_checked..]
            .iter()
            .filter(|f| f.suppressed)
            .count();
        if suppressed > 0 {
            notices.push(format!(
                "{suppressed} changed function(s) skipped by `# dedupe-check: ignore`"
            ));
        }
        outcome.changed_files = changes;
        outcome.existing_functions = first_checked;
        outcome.checked_functions = functions.len() - first_checked - suppressed;

        outcome.timings.push(clock.lap("moves"));
        let index = CandidateIndex::build(&functions);
        outcome.timings.push(clock.lap("index"));
        let top_k = self.config.top_k;
        let queries: Vec<usize> = (first_checked..functions.len())
            .filter(|&i| !functions[i].suppressed)
            .collect();
        let bar = self
            .progress
            .bar(queries.len() as u64, "ranking candidates");
        let ranked: Vec<(usize, Vec<Candidate>)> = queries
            .par_iter()
            .map(|&q| {
                let c = index.top_k(q, top_k, &|_| false);
                bar.inc(1);
                (q, c)
            })
            .collect();
        bar.finish_and_clear();

        outcome.timings.push(clock.lap("rank"));
        let has_pairs = ranked.iter().any(|(_, c)| !c.is_empty());
        let judge = if has_pairs {
            load_judge(&mut notices)?
        } else {
            None
        };
        let decided = match judge {
            Some(mut judge) => {
                outcome.engine = Some(Engine::Reranker);
                let decided = rerank(&functions, &ranked, judge.as_mut())?;
                notices.extend(judge.notices());
                decided
            }
            None => {
                outcome.engine = Some(Engine::Structural);
                let threshold = self.config.threshold;
                ranked
                    .iter()
                    .filter_map(|(q, cands)| {
                        let best = cands.first()?;
                        (best.score >= threshold).then_some((
                            *q,
                            best.index,
                            best.score,
                            None,
                            Engine::Structural,
                        ))
                    })
                    .collect()
            }
        };

        let mut seen_pairs = FxHashSet::default();
        for (q, d, score, logit, engine) in decided {
            // Two new functions that duplicate each other: report the pair once.
            if !seen_pairs.insert((q.min(d), q.max(d))) {
                continue;
            }
            let existing_is_new = d >= first_checked;
            outcome.findings.push(Finding::new(
                &functions[q],
                &functions[d],
                existing_is_new,
                score,
                logit,
                engine,
            ));
        }
        outcome
            .findings
            .sort_by(|a, b| (&a.new.path, a.new.start_line).cmp(&(&b.new.path, b.new.start_line)));
        if outcome.engine == Some(Engine::Reranker) {
            outcome.timings.push(clock.lap("rerank"));
        }
        outcome.notices = notices;
        Ok(outcome)
    }

    /// Reads and parses every wanted file of the snapshot, in parallel, applying the size floor.
    fn extract_all(
        &self,
        git: &Git,
        snapshot: Snapshot,
        paths: &[String],
        changes: &[ChangedFile],
        notices: &mut Vec<String>,
    ) -> Result<Vec<Function>, GitError> {
        let bar = self.progress.bar(paths.len() as u64, "indexing functions");
        let changed: FxHashSet<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        let lang_of =
            |path: &str| Language::from_path(path).expect("only language files are listed");
        // Files seen before come from the function cache, keyed by blob id; only the
        // others are read and parsed (and then stored).
        let ids = git.blob_ids(snapshot, paths)?;
        let cached: Vec<Option<FileFunctions>> = paths
            .par_iter()
            .zip(&ids)
            .map(|(path, id)| id.and_then(|id| self.function_cache.get(lang_of(path), id, path)))
            .collect();
        let missing: Vec<String> = paths
            .iter()
            .zip(&cached)
            .filter(|(_, c)| c.is_none())
            .map(|(p, _)| p.clone())
            .collect();
        let mut contents = git
            .read_files(snapshot, &missing, self.config.max_file_bytes)?
            .into_iter();
        let work: Vec<(
            &String,
            Option<git2::Oid>,
            Result<FileFunctions, FileContent>,
        )> = paths
            .iter()
            .zip(ids)
            .zip(cached)
            .map(|((path, id), hit)| {
                let got = match hit {
                    Some(f) => Ok(f),
                    None => Err(contents.next().expect("one content per missing file")),
                };
                (path, id, got)
            })
            .collect();
        let per_file: Vec<(Vec<Function>, Option<String>)> = work
            .into_par_iter()
            .map(|(path, id, got)| {
                bar.inc(1);
                let lang = lang_of(path);
                let got = match got {
                    // The limit may have changed since the file was cached.
                    Ok(hit) if hit.bytes > self.config.max_file_bytes => {
                        return (Vec::new(), Some(format!("{path}: skipped, {}", SkipReason::TooLarge.describe())));
                    }
                    Ok(hit) => hit,
                    Err(FileContent::Text(text)) => {
                        let got = extract(lang, path, &text);
                        if let Some(id) = id {
                            self.function_cache.put(lang, id, &got);
                        }
                        got
                    }
                    Err(FileContent::Skipped(reason)) => {
                        let warn = (changed.contains(path.as_str()) || reason != SkipReason::Unreadable)
                            .then(|| format!("{path}: skipped, {}", reason.describe()));
                        return (Vec::new(), warn);
                    }
                };
                let warn = (got.has_syntax_errors && changed.contains(path.as_str())).then(|| {
                    format!("{path}: could not parse parts of this file; its well-formed functions were still checked")
                });
                (got.functions, warn)
            })
            .collect();
        bar.finish_and_clear();
        let floor = |f: &Function| {
            f.tokens() >= self.config.min_tokens && f.statements >= self.config.min_statements
        };
        let mut out = Vec::new();
        for (functions, warn) in per_file {
            notices.extend(warn);
            out.extend(functions.into_iter().filter(floor));
        }
        Ok(out)
    }

    /// Hashes of the function bodies that the change moves (or renames a file of) rather
    /// than writes anew: bodies that the touched files hold no more copies of after the
    /// change than before. Untouched files are equal on both sides, so they are left out;
    /// a copy of a function whose original stays is a new copy and is checked.
    fn moved_bodies(
        &self,
        git: &Git,
        old: Option<git2::Oid>,
        touched: &TouchedPaths,
        functions: &[Function],
    ) -> Result<FxHashSet<u64>, GitError> {
        let Some(old) = old else {
            return Ok(FxHashSet::default());
        };
        let contents = git.read_files(
            Snapshot::Commit(old),
            &touched.old,
            self.config.max_file_bytes,
        )?;
        let old_functions: Vec<Function> = touched
            .old
            .par_iter()
            .zip(contents.into_par_iter())
            .flat_map_iter(
                |(path, content)| match (Language::from_path(path), content) {
                    (Some(lang), FileContent::Text(text)) => extract(lang, path, &text).functions,
                    _ => Vec::new(),
                },
            )
            .collect();
        let mut before: FxHashMap<u64, usize> = FxHashMap::default();
        for f in &old_functions {
            *before.entry(f.text_hash).or_default() += 1;
        }
        let new_paths: FxHashSet<&str> = touched.new.iter().map(String::as_str).collect();
        let mut after: FxHashMap<u64, usize> = FxHashMap::default();
        for f in functions
            .iter()
            .filter(|f| new_paths.contains(f.path.as_str()))
        {
            *after.entry(f.text_hash).or_default() += 1;
        }
        Ok(before
            .into_iter()
            .filter(|(h, n)| after.get(h).copied().unwrap_or(0) <= *n)
            .map(|(h, _)| h)
            .collect())
    }
}

type Decision = (usize, usize, f32, Option<f32>, Engine);

/// The reranker decides among each checked function's candidates.
fn rerank(
    functions: &[Function],
    ranked: &[(usize, Vec<Candidate>)],
    judge: &mut dyn PairJudge,
) -> anyhow::Result<Vec<Decision>> {
    let pairs: Vec<(usize, usize)> = ranked
        .iter()
        .flat_map(|(q, cands)| cands.iter().map(move |c| (*q, c.index)))
        .collect();
    let texts: Vec<(&str, &str)> = pairs
        .iter()
        .map(|&(q, d)| (functions[q].text.as_str(), functions[d].text.as_str()))
        .collect();
    let scores = judge.judge(&texts)?;
    let threshold = judge.threshold();
    let mut best: rustc_hash::FxHashMap<usize, (usize, PairScore)> = Default::default();
    for (&(q, d), s) in pairs.iter().zip(scores) {
        let better = best.get(&q).is_none_or(|(_, b)| s.logit > b.logit);
        if better {
            best.insert(q, (d, s));
        }
    }
    let mut out: Vec<Decision> = best
        .into_iter()
        .filter(|(_, (_, s))| s.score >= threshold)
        .map(|(q, (d, s))| (q, d, s.score, Some(s.logit), Engine::Reranker))
        .collect();
    out.sort_by_key(|d| d.0);
    Ok(out)
}
