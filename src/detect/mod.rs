//! The one flow of DESIGN.md as named stages: revisions → changes → functions → roles →
//! index → candidates → judge → findings → verdict. `pr`, `staged` and `worktree`
//! compose them here; `scan` and `history` compose the same stages.

mod findings;
mod ignores;
mod judge;
mod reader;
mod rerank;
mod roles;

use rustc_hash::FxHashSet;
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::candidates::{Candidate, CandidateIndex};
use crate::config::Config;
use crate::evidence;
use crate::extract::{CallKey, Function};
use crate::finding::{Engine, Finding};
use crate::function_cache::FunctionCache;
use crate::git::{ChangedFile, Changes, Git, GitError, Snapshot, TouchedPaths};
use crate::lang::Language;
use crate::progress::Progress;
use crate::skipped::{SkippedFiles, Why};
use crate::test_modules::TestModules;
use crate::verdict::Role;

pub use reader::{ChangedPaths, Reader};

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

/// A judge that could not judge (a model server that failed): the structural engine
/// decides instead, said in the notices, unless the model is required.
#[derive(Debug, thiserror::Error)]
#[error("{reason}")]
pub struct JudgeUnavailable {
    pub reason: String,
}

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
    /// The report threshold of the engine that decided.
    pub threshold: Option<f32>,
    pub notices: Vec<String>,
    pub changed_files: Vec<ChangedFile>,
    pub checked_functions: usize,
    pub existing_functions: usize,
    pub findings: Vec<Finding>,
    /// Pairs that were duplicates before the change too (not introduced by it), whether
    /// or not they are among `findings`.
    pub existing_duplicates: usize,
    /// A one-line reason when nothing was checked (no changes, merge in progress).
    pub nothing_to_check: Option<String>,
    /// Seconds spent in each stage, in order.
    pub timings: Vec<(&'static str, f64)>,
}

/// Laps of the stages of one check.
pub struct Stopwatch(std::time::Instant);

impl Stopwatch {
    pub fn start() -> Stopwatch {
        Stopwatch(std::time::Instant::now())
    }

    pub fn lap(&mut self, stage: &'static str) -> (&'static str, f64) {
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

/// The change between the two snapshots, as the later stages need it.
struct Change<'g> {
    /// The wanted files the change adds lines to.
    files: Vec<ChangedFile>,
    touched: TouchedPaths,
    /// Where the new snapshot declares test modules (Rust's `mod tests;`).
    new_modules: TestModules<'g>,
    skipped: SkippedFiles,
}

/// The functions of the new snapshot, existing ones first, with what the change did to
/// each, and the old versions of the functions it touched.
pub struct Functions {
    pub all: Vec<Function>,
    pub roles: Vec<Role>,
    /// Where the checked functions begin in `all`.
    pub first_checked: usize,
    pub old: Vec<Function>,
}

/// A function's candidates, best first.
type Ranked = Vec<(usize, Vec<Candidate>)>;

impl Check<'_> {
    pub fn run(self, load_judge: JudgeLoader<'_>) -> anyhow::Result<Outcome> {
        let mut git = Git::open(&self.repo)?;
        if matches!(self.mode, Mode::Staged | Mode::Worktree) {
            git.skip_unfetched_blobs();
        }
        let reader = Reader::new(self.config, &self.progress, &self.function_cache);
        let mut outcome = Outcome {
            mode: self.mode.name(),
            repo: git.root().to_path_buf(),
            ..Outcome::default()
        };
        let mut notices = Vec::new();
        let done = self.stages(&git, &reader, load_judge, &mut outcome, &mut notices);
        notices.extend(git.unfetched_notices());
        outcome.notices = notices;
        done.map(|()| outcome)
    }

    /// The stages in order, each lap timed.
    fn stages(
        &self,
        git: &Git,
        reader: &Reader,
        load_judge: JudgeLoader<'_>,
        outcome: &mut Outcome,
        notices: &mut Vec<String>,
    ) -> anyhow::Result<()> {
        let Some((old, new)) = self.revisions(git, outcome)? else {
            return Ok(());
        };
        let mut clock = Stopwatch::start();
        let mut change = match self.changes(git, reader, old, new, notices)? {
            Ok(change) => change,
            Err(nothing) => {
                outcome.nothing_to_check = Some(nothing);
                return Ok(());
            }
        };
        outcome.timings.push(clock.lap("diff"));
        let functions = functions(git, reader, new, &mut change, notices)?;
        outcome.timings.push(clock.lap("extract"));
        let functions = roles_of(git, reader, old, &change, functions, notices)?;
        let checked = &functions.all[functions.first_checked..];
        outcome.existing_functions = functions.first_checked;
        outcome.checked_functions = checked.iter().filter(|f| !f.suppressed).count();
        outcome.timings.push(clock.lap("moves"));
        let index = CandidateIndex::build(&functions.all);
        outcome.timings.push(clock.lap("index"));
        let ranked = candidates(git, reader, new, &functions, &index, notices)?;
        outcome.timings.push(clock.lap("rank"));
        let decision = judge::judge(
            self.config,
            load_judge,
            &functions,
            &index,
            &ranked,
            notices,
        )?;
        if decision.engine == Engine::Reranker {
            outcome.timings.push(clock.lap("rerank"));
        }
        outcome.engine = Some(decision.engine);
        outcome.threshold = Some(decision.threshold);
        let sites =
            ignores::ignore_sites(git, new, &change.files, checked, self.config.max_file_bytes)?;
        notices.extend(ignores::unused_ignores(
            sites,
            &decision.used_ignores(&functions.all),
        ));
        let (built, sides) =
            findings::findings(&functions, decision, self.config.introduced_margin);
        let before = evidence::Before {
            snapshot: old.map(Snapshot::Commit),
            functions: &functions.old,
        };
        let (built, bulk) = evidence::judge(git, new, &functions.all, &before, built, &sides)?;
        notices.extend(bulk);
        outcome.timings.push(clock.lap("verdict"));
        outcome.changed_files = change.files;
        self.report(built, outcome);
        Ok(())
    }

    /// The revisions stage: the two snapshots the mode compares (None in the old one
    /// before the first commit); None when there is nothing to compare, said in the
    /// outcome.
    fn revisions(
        &self,
        git: &Git,
        outcome: &mut Outcome,
    ) -> Result<Option<(Option<git2::Oid>, Snapshot)>, GitError> {
        match &self.mode {
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
                    return Ok(None);
                }
                Ok(Some((Some(merge_base), Snapshot::Commit(head_id))))
            }
            Mode::Staged | Mode::Worktree => {
                if git.is_merging() {
                    outcome.nothing_to_check = Some(
                        "nothing to check: a merge (or rebase, cherry-pick) is in progress; its changes come from \
                         another branch, check that branch with `dedupe-check pr` instead"
                            .into(),
                    );
                    return Ok(None);
                }
                let head = git.head_if_born()?;
                outcome.base = head.map(|h| h.to_string());
                let snapshot = if matches!(self.mode, Mode::Staged) {
                    Snapshot::Index
                } else {
                    Snapshot::WorkTree
                };
                Ok(Some((head, snapshot)))
            }
        }
    }

    /// The changes stage: the wanted files the change adds lines to, the vendored and
    /// test files it changes told apart (and said); `Err` with the reason when there is
    /// nothing to check.
    fn changes<'g>(
        &self,
        git: &'g Git,
        reader: &Reader,
        old: Option<git2::Oid>,
        new: Snapshot,
        notices: &mut Vec<String>,
    ) -> Result<Result<Change<'g>, String>, GitError> {
        let Changes {
            files: all_changes,
            touched,
            removed,
            unreadable,
            links,
        } = git.changes(old, new, &|p| reader.is_source(p))?;
        let mut skipped = SkippedFiles::default();
        for (path, why) in links {
            skipped.add(Why::Read(why), path);
        }
        // Files that are test code by a declaration in another file, each told at its own
        // snapshot.
        let max_bytes = self.config.max_file_bytes;
        let mut new_modules = TestModules::new(git, new, max_bytes);
        let new_paths = all_changes.iter().map(|c| &c.path).chain(&touched.new);
        let new_tests = reader.declared_tests(&mut new_modules, new_paths)?;
        let old_paths = touched.old.iter().chain(removed.keys());
        let old_tests = match old {
            Some(o) => {
                let mut modules = TestModules::new(git, Snapshot::Commit(o), max_bytes);
                reader.declared_tests(&mut modules, old_paths)?
            }
            None => FxHashSet::default(),
        };
        let wanted_new = |p: &str| reader.is_wanted(p) && !new_tests.contains(p);
        let wanted_old = |p: &str| reader.is_wanted(p) && !old_tests.contains(p);
        notices.extend(
            unreadable
                .into_iter()
                .map(|(path, why)| format!("{path}: skipped, unreadable ({why})")),
        );
        let (files, not_wanted): (Vec<ChangedFile>, Vec<ChangedFile>) =
            all_changes.into_iter().partition(|c| wanted_new(&c.path));
        let (vendored, tests): (Vec<ChangedFile>, Vec<ChangedFile>) = not_wanted
            .into_iter()
            .partition(|c| reader.is_vendored(&c.path));
        for c in vendored {
            skipped.add(Why::Vendored, c.path);
        }
        let touched = TouchedPaths {
            old: touched.old.into_iter().filter(|p| wanted_old(p)).collect(),
            new: touched.new.into_iter().filter(|p| wanted_new(p)).collect(),
        };
        notices.extend(tests_notice(&tests));
        if files.is_empty() {
            notices.extend(skipped.notices());
            return Ok(Err(if tests.is_empty() {
                self.nothing_added(git, reader, old, &removed, &wanted_old)?
            } else {
                "nothing to check: only test code changed, and test code is off by default \
                 (`tests: check` turns it on)"
                    .into()
            }));
        }
        Ok(Ok(Change {
            files,
            touched,
            new_modules,
            skipped,
        }))
    }

    /// The findings as the reporters get them: duplication the change did not make
    /// counted (and kept only when asked for), in file order.
    fn report(&self, built: Vec<Finding>, outcome: &mut Outcome) {
        for finding in built {
            if !finding.introduced {
                outcome.existing_duplicates += 1;
                if !self.config.report_existing {
                    continue;
                }
            }
            outcome.findings.push(finding);
        }
        outcome
            .findings
            .sort_by(|a, b| (&a.new.path, a.new.start_line).cmp(&(&b.new.path, b.new.start_line)));
    }

    /// Why a change that adds no line to a checked file has nothing to check: it only
    /// deletes (and from how many functions), or it touches no function source at all.
    fn nothing_added(
        &self,
        git: &Git,
        reader: &Reader,
        old: Option<git2::Oid>,
        removed: &BTreeMap<String, Vec<(u32, u32)>>,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<String, GitError> {
        let paths: Vec<String> = removed.keys().filter(|p| wanted(p)).cloned().collect();
        if paths.is_empty() {
            return Ok(format!(
                "nothing to check: no {} function source changed",
                reader.language_names()
            ));
        }
        let shortened = reader
            .old_functions(git, old, &paths)?
            .iter()
            .filter(|f| {
                removed[&f.path]
                    .iter()
                    .any(|&(a, b)| a <= f.end_line && f.start_line <= b)
            })
            .count();
        Ok(if shortened > 0 {
            format!(
                "nothing to check: only deletions: lines removed from {shortened} function(s), \
                 nothing added to check"
            )
        } else {
            format!(
                "nothing to check: only deletions: lines removed from {} file(s) outside any \
                 function, nothing added to check",
                paths.len()
            )
        })
    }
}

/// "2 changed test file(s) not checked: …", when the change touches test files.
fn tests_notice(tests: &[ChangedFile]) -> Option<String> {
    if tests.is_empty() {
        return None;
    }
    let paths: Vec<String> = tests.iter().map(|c| c.path.clone()).collect();
    Some(format!(
        "{} changed test file(s) not checked: test code is off by default \
         (`tests: check` in {} or --tests check turns it on): {}",
        tests.len(),
        crate::config::FILE_NAME,
        crate::skipped::name_some(&paths)
    ))
}

/// The functions stage: every function of the new snapshot's wanted files; the files
/// of the change that were skipped are said.
fn functions(
    git: &Git,
    reader: &Reader,
    new: Snapshot,
    change: &mut Change,
    notices: &mut Vec<String>,
) -> Result<Vec<Function>, GitError> {
    let paths = reader.files(git, new, &mut change.new_modules)?;
    let changed = ChangedPaths::of(&change.files, &change.touched);
    let functions = reader.functions(git, new, &paths, &changed, notices, &mut change.skipped)?;
    notices.extend(std::mem::take(&mut change.skipped).notices());
    Ok(functions)
}

/// The roles stage: what the change did to each function (added, changed, moved,
/// reformatted), the checked ones last, those under the size floor left out.
fn roles_of(
    git: &Git,
    reader: &Reader,
    old: Option<git2::Oid>,
    change: &Change,
    functions: Vec<Function>,
    notices: &mut Vec<String>,
) -> Result<Functions, GitError> {
    let old_functions = reader.old_functions(git, old, &change.touched.old)?;
    let moved = roles::moved_bodies(&old_functions, &change.touched, &functions);
    let touched = roles::roles(&functions, &old_functions, &change.files, &moved);
    let reformatted = touched
        .iter()
        .filter(|r| matches!(r, roles::Touched::Reformatted))
        .count();
    if reformatted > 0 {
        notices.push(format!(
            "{reformatted} changed function(s) not re-checked: only their layout, comments, docstrings or type annotations changed"
        ));
    }
    // Checked functions go last so that `first_checked` splits the slice.
    let min_tokens = reader.config.min_tokens;
    let mut pairs: Vec<(Function, Role)> = functions
        .into_iter()
        .zip(touched)
        .map(|(f, t)| (f, t.role()))
        .filter(|(f, r)| *r == Role::Existing || f.tokens() >= min_tokens)
        .collect();
    pairs.sort_by_key(|(_, r)| *r != Role::Existing);
    let (all, roles): (Vec<Function>, Vec<Role>) = pairs.into_iter().unzip();
    let first_checked = roles
        .iter()
        .position(|r| *r != Role::Existing)
        .unwrap_or(all.len());
    let suppressed = all[first_checked..].iter().filter(|f| f.suppressed).count();
    if suppressed > 0 {
        notices.push(format!(
            "{suppressed} changed function(s) skipped by a `dedupe-check: ignore` comment"
        ));
    }
    Ok(Functions {
        all,
        roles,
        first_checked,
        old: old_functions,
    })
}

/// The candidates stage: the best existing functions of each checked one by the
/// structural score (of its language, not one it calls), their texts loaded.
fn candidates(
    git: &Git,
    reader: &Reader,
    new: Snapshot,
    functions: &Functions,
    index: &CandidateIndex,
    notices: &mut Vec<String>,
) -> Result<Ranked, GitError> {
    use rayon::prelude::*;
    let config = reader.config;
    let all = &functions.all;
    // Candidates are compared within one language (TSX with TypeScript).
    let families: Vec<Option<Language>> = all
        .iter()
        .map(|f| Language::from_path(&f.path).map(Language::family))
        .collect();
    // Without a model only candidates at the threshold can make a finding: the others
    // need no diff. A model judges candidates of any structural score.
    let floor = if !config.model.configured() {
        config.threshold
    } else {
        0.0
    };
    // Suppressed functions are ranked too, to tell a suppression that suppresses
    // nothing; their matches are dropped before the findings.
    let queries: Vec<usize> = (functions.first_checked..all.len()).collect();
    let bar = reader
        .progress
        .bar(queries.len() as u64, "ranking candidates");
    let keys: Vec<CallKey> = all.iter().map(Function::call_key).collect();
    let ranked: Ranked = queries
        .par_iter()
        .map(|&q| {
            // A function that calls a candidate reuses it: no duplicate of that one.
            let c = index.top_k_above(q, config.top_k, floor, &|d| {
                families[d] != families[q] || all[q].calls_key(keys[q], keys[d])
            });
            bar.inc(1);
            (q, c)
        })
        .collect();
    bar.finish_and_clear();
    reader.load_texts(git, new, all, ranked, notices)
}
