//! The one flow: revisions → changed lines → functions → candidates → (reranker) → findings.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::candidates::{Candidate, CandidateIndex, shape_ratio};
use crate::config::{Config, TestCode};
use crate::evidence::{self, Sides};
use crate::extract::{FileFunctions, Function, extract, extract_without_text};
use crate::finding::{Engine, Finding, Match};
use crate::function_cache::FunctionCache;
use crate::git::{
    ChangedFile, Changes, FileContent, Git, GitError, SkipReason, Snapshot, TouchedPaths,
};
use crate::lang::Language;
use crate::progress::Progress;
use crate::skipped::{SkippedFiles, Why};
use crate::sources;
use crate::test_modules::TestModules;
use crate::verdict::{self, Role, Scored, Side};

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
        let source = |p: &str| {
            Language::from_path(p).is_some_and(|l| self.config.checks_language(l))
                && filter.accepts(p)
        };
        let skip_tests = self.config.tests == TestCode::Skip;
        let vendored = |p: &str| Language::from_path(p).is_some_and(|l| l.is_vendored_path(p));
        let wanted = |p: &str| {
            source(p)
                && !vendored(p)
                && !(skip_tests && Language::from_path(p).is_some_and(|l| l.is_test_path(p)))
        };
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
            files: all_changes,
            touched,
            removed,
            unreadable,
            links,
        } = git.changes(old, new, &source)?;
        let mut skipped = SkippedFiles::default();
        for (path, why) in links {
            skipped.add(Why::Read(why), path);
        }
        // Files that are test code by a declaration in another file, each told at its own
        // snapshot.
        let max_bytes = self.config.max_file_bytes;
        let mut new_modules = TestModules::new(&git, new, max_bytes);
        let new_paths = all_changes.iter().map(|c| &c.path).chain(&touched.new);
        let new_tests = self.declared_tests(&mut new_modules, new_paths)?;
        let old_paths = touched.old.iter().chain(removed.keys());
        let old_tests = match old {
            Some(o) => {
                let mut modules = TestModules::new(&git, Snapshot::Commit(o), max_bytes);
                self.declared_tests(&mut modules, old_paths)?
            }
            None => FxHashSet::default(),
        };
        let wanted_new = |p: &str| wanted(p) && !new_tests.contains(p);
        let wanted_old = |p: &str| wanted(p) && !old_tests.contains(p);
        notices.extend(
            unreadable
                .into_iter()
                .map(|(path, why)| format!("{path}: skipped, unreadable ({why})")),
        );
        let (changes, not_wanted): (Vec<ChangedFile>, Vec<ChangedFile>) =
            all_changes.into_iter().partition(|c| wanted_new(&c.path));
        let (vendored_changes, test_changes): (Vec<ChangedFile>, Vec<ChangedFile>) =
            not_wanted.into_iter().partition(|c| vendored(&c.path));
        for c in vendored_changes {
            skipped.add(Why::Vendored, c.path);
        }
        let touched = TouchedPaths {
            old: touched.old.into_iter().filter(|p| wanted_old(p)).collect(),
            new: touched.new.into_iter().filter(|p| wanted_new(p)).collect(),
        };
        if !test_changes.is_empty() {
            let paths: Vec<String> = test_changes.iter().map(|c| c.path.clone()).collect();
            notices.push(format!(
                "{} changed test file(s) not checked: test code is off by default \
                 (`tests: check` in {} or --tests check turns it on): {}",
                test_changes.len(),
                crate::config::FILE_NAME,
                crate::skipped::name_some(&paths)
            ));
        }
        if changes.is_empty() {
            notices.extend(skipped.notices());
            outcome.nothing_to_check = Some(if test_changes.is_empty() {
                self.nothing_added(&git, old, &removed, &wanted_old)?
            } else {
                "nothing to check: only test code changed, and test code is off by default \
                 (`tests: check` turns it on)"
                    .into()
            });
            outcome.notices = notices;
            return Ok(outcome);
        }

        let paths = git.files(new, &wanted)?;
        let paths = if self.config.tests == TestCode::Skip {
            new_modules.without_tests(paths)?
        } else {
            paths
        };
        outcome.timings.push(clock.lap("diff"));
        let functions = self.extract_all(
            &git,
            new,
            &paths,
            &ChangedPaths::of(&changes, &touched),
            &mut notices,
            &mut skipped,
        )?;
        notices.extend(skipped.notices());
        outcome.timings.push(clock.lap("extract"));
        let old_functions = self.old_functions(&git, old, &touched.old)?;
        let moved = moved_bodies(&old_functions, &touched, &functions);
        let roles = roles(&functions, &old_functions, &changes, &moved);
        let reformatted = roles
            .iter()
            .filter(|r| matches!(r, Touched::Reformatted))
            .count();
        if reformatted > 0 {
            notices.push(format!(
                "{reformatted} changed function(s) not re-checked: only their layout, comments, docstrings or type annotations changed"
            ));
        }

        // Checked functions go last so that `first_checked` splits the slice.
        let mut pairs: Vec<(Function, Role)> = functions
            .into_iter()
            .zip(roles)
            .map(|(f, t)| (f, t.role()))
            .filter(|(f, r)| *r == Role::Existing || f.tokens() >= self.config.min_tokens)
            .collect();
        pairs.sort_by_key(|(_, r)| *r != Role::Existing);
        let (functions, roles): (Vec<Function>, Vec<Role>) = pairs.into_iter().unzip();
        let first_checked = roles
            .iter()
            .position(|r| *r != Role::Existing)
            .unwrap_or(functions.len());
        let suppressed = functions[first_checked..]
            .iter()
            .filter(|f| f.suppressed)
            .count();
        if suppressed > 0 {
            notices.push(format!(
                "{suppressed} changed function(s) skipped by a `dedupe-check: ignore` comment"
            ));
        }
        outcome.changed_files = changes;
        outcome.existing_functions = first_checked;
        outcome.checked_functions = functions.len() - first_checked - suppressed;

        outcome.timings.push(clock.lap("moves"));
        let index = CandidateIndex::build(&functions);
        // Candidates are compared within one language (TSX with TypeScript).
        let families: Vec<Option<Language>> = functions
            .iter()
            .map(|f| Language::from_path(&f.path).map(Language::family))
            .collect();
        outcome.timings.push(clock.lap("index"));
        let top_k = self.config.top_k;
        // Without a model only candidates at the threshold can make a finding: the others
        // need no diff. A model judges candidates of any structural score.
        let floor = if !self.config.model.configured() {
            self.config.threshold
        } else {
            0.0
        };
        // Suppressed functions are ranked too, to tell a suppression that suppresses
        // nothing; their matches are dropped before the findings.
        let queries: Vec<usize> = (first_checked..functions.len()).collect();
        let bar = self
            .progress
            .bar(queries.len() as u64, "ranking candidates");
        let ranked: Vec<(usize, Vec<Candidate>)> = queries
            .par_iter()
            .map(|&q| {
                // A function that calls a candidate reuses it: no duplicate of that one.
                let c = index.top_k_above(q, top_k, floor, &|d| {
                    families[d] != families[q] || functions[q].calls(&functions[d])
                });
                bar.inc(1);
                (q, c)
            })
            .collect();
        bar.finish_and_clear();

        let ranked = self.load_texts(&git, new, &functions, ranked, &mut notices)?;
        outcome.timings.push(clock.lap("rank"));
        let has_pairs = ranked.iter().any(|(_, c)| !c.is_empty());
        let mut judge = if has_pairs {
            load_judge(&mut notices)?
        } else {
            None
        };
        // The model judges when there is one. A judge that fails on the way (a model server
        // that went away) hands everything to the structural engine, so that new and old
        // scores come from one engine, unless the model is required.
        let decide = |mut judge: Option<&mut (dyn PairJudge + 'static)>| -> anyhow::Result<_> {
            let engine = if judge.is_some() {
                Engine::Reranker
            } else {
                Engine::Structural
            };
            let (judged, threshold) = match judge.as_mut() {
                Some(judge) => (
                    rerank(&functions, &ranked, &mut **judge, &self.config.model)?,
                    judge.threshold(),
                ),
                None => (
                    ranked
                        .iter()
                        .map(|(q, cands)| {
                            let scored = cands
                                .iter()
                                .map(|c| Scored {
                                    index: c.index,
                                    score: c.score,
                                    logit: None,
                                })
                                .collect();
                            (*q, scored)
                        })
                        .collect(),
                    self.config.threshold,
                ),
            };
            let (silenced, judged): (Vec<_>, Vec<_>) = judged
                .into_iter()
                .partition(|(q, _)| functions[*q].suppressed);
            let used: FxHashSet<usize> = verdict::drafts(&roles, &silenced, threshold)
                .iter()
                .map(|d| d.query)
                .collect();
            let drafts = verdict::drafts(&roles, &judged, threshold);

            // Was it already a duplicate? Judge the old versions by the same engine.
            let old_pairs: Vec<(&Function, &Function)> = verdict::old_pairs(&drafts, &roles)
                .into_iter()
                .map(|(q, side)| {
                    let side = match side {
                        Side::Old(e) => &old_functions[e],
                        Side::Current(e) => &functions[e],
                    };
                    (&old_functions[q], side)
                })
                .collect();
            let structural: Vec<f32> = old_pairs
                .iter()
                .map(|(q, d)| index.score_functions(q, d).score)
                .collect();
            let old_scores: Vec<f32> = match judge {
                Some(judge) if !old_pairs.is_empty() => {
                    // The same cascade as the new pairs: a sure structural score stands.
                    let model = &self.config.model;
                    let ask: Vec<usize> = (0..old_pairs.len())
                        .filter(|&i| {
                            !model.cascade || (model.reject..model.accept).contains(&structural[i])
                        })
                        .collect();
                    let texts: Vec<(&str, &str)> = ask
                        .iter()
                        .map(|&i| (old_pairs[i].0.text(), old_pairs[i].1.text()))
                        .collect();
                    let mut scores = structural;
                    if !texts.is_empty() {
                        for (&i, s) in ask.iter().zip(judge.judge(&texts)?) {
                            scores[i] = s.score;
                        }
                    }
                    scores
                }
                _ => structural,
            };
            Ok((engine, threshold, drafts, old_scores, used))
        };
        let decided = decide(judge.as_deref_mut());
        if let Some(judge) = judge.as_mut() {
            notices.extend(judge.notices());
        }
        let (engine, threshold, drafts, old_scores, used) = match decided {
            Err(e) if e.is::<JudgeUnavailable>() => {
                if self.config.model.required {
                    return Err(
                        e.context("the model is required (model.required / --require-model)")
                    );
                }
                notices.push(format!(
                    "reranker unavailable, the structural engine decides: {e}"
                ));
                decide(None)?
            }
            decided => decided?,
        };
        outcome.engine = Some(engine);
        outcome.threshold = Some(threshold);
        let used: FxHashSet<(&str, u32)> = used
            .iter()
            .filter_map(|&i| Some((functions[i].path.as_str(), functions[i].ignore_line?)))
            .collect();
        let sites = ignore_sites(
            &git,
            new,
            &outcome.changed_files,
            &functions[first_checked..],
            self.config.max_file_bytes,
        )?;
        notices.extend(unused_ignores(sites, &used));

        let margin = self.config.introduced_margin;
        let mut old_scores = old_scores.into_iter();
        // Two changed functions that now match each other are one finding, not two.
        let mut named_pairs: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        let mut built: Vec<Finding> = Vec::new();
        let mut sides: Vec<Sides> = Vec::new();
        for d in drafts {
            let q = &functions[d.query];
            let changed = matches!(roles[d.query], Role::Changed(_));
            let (pick, introduced, before_score) = if changed && !d.existing.is_empty() {
                let olds: Vec<f32> = old_scores.by_ref().take(d.existing.len()).collect();
                let new_ones: Vec<bool> = d
                    .existing
                    .iter()
                    .zip(&olds)
                    .map(|(m, &o)| verdict::is_introduced(m.score, o, margin))
                    .collect();
                // Name the match the change made, when there is one.
                let pick = new_ones.iter().position(|&n| n).unwrap_or(0);
                (pick, new_ones[pick], Some(olds[pick]))
            } else {
                (0, true, None)
            };
            let (named, existing_is_new, also, copies) = if d.existing.is_empty() {
                (d.copies[0], true, Vec::new(), &d.copies[1..])
            } else {
                let mut also = d.existing.clone();
                let named = also.remove(pick);
                (named, false, also, &d.copies[..])
            };
            let pair = (d.query.min(named.index), d.query.max(named.index));
            let to_match = |m: &Scored| Match {
                function: (&functions[m.index]).into(),
                score: m.score,
            };
            let mut finding = Finding::new(
                q,
                &functions[named.index],
                existing_is_new,
                named.score,
                named.logit,
                engine,
            );
            finding.introduced = introduced;
            finding.before_score = before_score;
            finding.also_existing = also.iter().map(to_match).collect();
            finding.new_copies = copies.iter().map(to_match).collect();
            let these = Sides {
                new: d.query,
                existing: named.index,
                also: also.iter().map(|m| m.index).collect(),
                before: match (roles[d.query], roles[named.index]) {
                    (Role::Changed(q), Role::Changed(e)) => Some((q, Side::Old(e))),
                    (Role::Changed(q), _) => Some((q, Side::Current(named.index))),
                    _ => None,
                },
            };
            match named_pairs.get(&pair) {
                // The other direction made it a duplicate: that one tells.
                Some(&i) => {
                    if finding.introduced && !built[i].introduced {
                        built[i] = finding;
                        sides[i] = these;
                    }
                }
                None => {
                    named_pairs.insert(pair, built.len());
                    built.push(finding);
                    sides.push(these);
                }
            }
        }
        if engine == Engine::Reranker {
            outcome.timings.push(clock.lap("rerank"));
        }
        let before = evidence::Before {
            snapshot: old.map(Snapshot::Commit),
            functions: &old_functions,
        };
        let (built, bulk) = evidence::judge(&git, new, &functions, &before, built, &sides)?;
        notices.extend(bulk);
        outcome.timings.push(clock.lap("verdict"));
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
        outcome.notices = notices;
        Ok(outcome)
    }

    /// Why a change that adds no line to a checked file has nothing to check: it only
    /// deletes (and from how many functions), or it touches no function source at all.
    fn nothing_added(
        &self,
        git: &Git,
        old: Option<git2::Oid>,
        removed: &BTreeMap<String, Vec<(u32, u32)>>,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<String, GitError> {
        let paths: Vec<String> = removed.keys().filter(|p| wanted(p)).cloned().collect();
        if paths.is_empty() {
            return Ok(format!(
                "nothing to check: no {} function source changed",
                self.language_names()
            ));
        }
        let shortened = self
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

    /// Of `paths`, the files of modules that their declaration in another file marks as
    /// test code (Rust's `#[cfg(test)] mod tests;`); none when test code is checked.
    fn declared_tests<'p>(
        &self,
        modules: &mut TestModules,
        paths: impl Iterator<Item = &'p String>,
    ) -> Result<FxHashSet<String>, GitError> {
        let mut tests = FxHashSet::default();
        if self.config.tests == TestCode::Skip {
            for p in paths {
                if modules.is_test(p)? {
                    tests.insert(p.clone());
                }
            }
        }
        Ok(tests)
    }

    /// The checked languages, for messages: "Python, Go or Java". A language checked
    /// with its family is named by the family (TSX by TypeScript, C by C++).
    fn language_names(&self) -> String {
        let config = &self.config;
        let names: Vec<&str> = Language::ALL
            .iter()
            .filter(|&&l| {
                config.checks_language(l)
                    && (l.family() == l || !config.checks_language(l.family()))
            })
            .map(|l| l.display())
            .collect();
        match names.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => "supported".into(),
        }
    }

    /// Reads and parses every wanted file of the snapshot, in parallel, applying the size floor.
    fn extract_all(
        &self,
        git: &Git,
        snapshot: Snapshot,
        paths: &[String],
        changed: &ChangedPaths,
        notices: &mut Vec<String>,
        skipped: &mut SkippedFiles,
    ) -> Result<Vec<Function>, GitError> {
        let bar = self.progress.bar(paths.len() as u64, "indexing functions");
        let lang_of =
            |path: &str| Language::from_path(path).expect("only language files are listed");
        // Files seen before come from the function cache, keyed by blob id; only the
        // others are read and parsed (and then stored).
        let ids = git.blob_ids(snapshot, paths)?;
        // A partial clone fetches what it lacks in one batch here, not a file at a time.
        if snapshot != Snapshot::WorkTree {
            git.fetch_missing(ids.iter().flatten().copied())?;
        }
        let skip_tests = self.config.tests == TestCode::Skip;
        // The candidates' floor: checked functions meet the whole floor later, once their
        // roles are known.
        let floor = |f: &Function| {
            f.tokens() >= candidate_min_tokens(self.config.min_tokens)
                && f.statements >= self.config.min_statements
                && !(skip_tests && f.test)
        };
        let mut out = Vec::new();
        // Files are read a slice at a time, so that only one slice's source and its
        // functions under the floor are held while the index grows.
        for (paths, ids) in paths
            .chunks(READ_CHUNK_FILES)
            .zip(ids.chunks(READ_CHUNK_FILES))
        {
            let cached: Vec<Option<FileFunctions>> = paths
                .par_iter()
                .zip(ids)
                .map(|(path, id)| {
                    id.and_then(|id| self.function_cache.get(lang_of(path), id, path))
                })
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
                .zip(ids.iter().copied())
                .zip(cached)
                .map(|((path, id), hit)| {
                    let got = match hit {
                        Some(f) => Ok(f),
                        None => Err(contents.next().expect("one content per missing file")),
                    };
                    (path, id, got)
                })
                .collect();
            let per_file: Vec<(&String, Indexed)> = work
                .into_par_iter()
                .map(|(path, id, got)| {
                    bar.inc(1);
                    (path, self.index_file(lang_of(path), path, id, got, changed))
                })
                .collect();
            for (path, indexed) in per_file {
                notices.extend(indexed.warn);
                if let Some(why) = indexed.skipped {
                    skipped.add(why, path.as_str());
                }
                out.extend(indexed.functions.into_iter().filter(floor));
            }
        }
        bar.finish_and_clear();
        Ok(out)
    }

    /// One file of the index: its functions (from the cache, or parsed from `got`'s
    /// text and then cached), the notice it calls for, and why a changed file was
    /// skipped. Notices are about the change: a file it does not touch that is skipped
    /// (too large, binary, not UTF-8) is only left out of the candidates, or a
    /// repository with one large file would hear of it on every run.
    fn index_file(
        &self,
        lang: Language,
        path: &str,
        id: Option<git2::Oid>,
        got: Result<FileFunctions, FileContent>,
        changed: &ChangedPaths,
    ) -> Indexed {
        let skipped = |reason: SkipReason| Indexed {
            skipped: changed.touched.contains(path).then_some(Why::Read(reason)),
            ..Indexed::default()
        };
        let got = match got {
            // The limit may have changed since the file was cached.
            Ok(hit) if hit.bytes > self.config.max_file_bytes => {
                return skipped(SkipReason::TooLarge);
            }
            Ok(hit) => hit,
            Err(FileContent::Text(text)) => {
                let got = extract_without_text(lang, path, &text);
                if let Some(id) = id {
                    self.function_cache.put(lang, id, &got);
                }
                got
            }
            Err(FileContent::Skipped(reason)) => return skipped(reason),
        };
        if let Some(why) = got.generated {
            return Indexed {
                skipped: changed.added.contains(path).then_some(Why::Generated(why)),
                ..Indexed::default()
            };
        }
        let warn = (got.has_syntax_errors && changed.added.contains(path)).then(|| {
            format!("{path}: could not parse parts of this file; its well-formed functions were still checked")
        });
        Indexed {
            functions: got.functions,
            warn,
            skipped: None,
        }
    }

    /// Loads the text of every function that has a candidate and of every candidate:
    /// the only ones reranked or reported. A file that no longer holds a function where
    /// it was (changed on disk during the check) takes its functions out of the pairs,
    /// with a notice.
    fn load_texts(
        &self,
        git: &Git,
        snapshot: Snapshot,
        functions: &[Function],
        ranked: Vec<(usize, Vec<Candidate>)>,
        notices: &mut Vec<String>,
    ) -> Result<Vec<(usize, Vec<Candidate>)>, GitError> {
        let without_text = ranked
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .flat_map(|(q, cands)| std::iter::once(*q).chain(cands.iter().map(|c| c.index)))
            .filter(|&i| !functions[i].has_text());
        let mut lost: FxHashSet<usize> = FxHashSet::default();
        for file in sources::read(git, snapshot, functions, without_text)? {
            let ok = |i: &usize| match &file.content {
                FileContent::Text(text) => functions[*i].load_text(text),
                FileContent::Skipped(_) => false,
            };
            let failed: Vec<usize> = file.functions.iter().copied().filter(|i| !ok(i)).collect();
            if !failed.is_empty() {
                notices.push(format!(
                    "{}: changed while it was being checked; its functions were left out, run the check again",
                    file.path
                ));
                lost.extend(failed);
            }
        }
        if lost.is_empty() {
            return Ok(ranked);
        }
        Ok(ranked
            .into_iter()
            .map(|(q, mut cands)| {
                if lost.contains(&q) {
                    cands.clear();
                }
                cands.retain(|c| !lost.contains(&c.index));
                (q, cands)
            })
            .collect())
    }

    /// Every function of the old snapshot's versions of the touched files, unfiltered
    /// by size: where changed functions and moved bodies come from.
    fn old_functions(
        &self,
        git: &Git,
        old: Option<git2::Oid>,
        paths: &[String],
    ) -> Result<Vec<Function>, GitError> {
        let Some(old) = old else {
            return Ok(Vec::new());
        };
        let contents = git.read_files(Snapshot::Commit(old), paths, self.config.max_file_bytes)?;
        Ok(paths
            .par_iter()
            .zip(contents.into_par_iter())
            .flat_map_iter(
                |(path, content)| match (Language::from_path(path), content) {
                    (Some(lang), FileContent::Text(text)) => extract(lang, path, &text).functions,
                    _ => Vec::new(),
                },
            )
            .collect())
    }
}

/// The files of a change as the index tells them: those it adds lines to, and all it
/// touches (a binary file has no lines).
struct ChangedPaths<'a> {
    added: FxHashSet<&'a str>,
    touched: FxHashSet<&'a str>,
}

impl<'a> ChangedPaths<'a> {
    fn of(changes: &'a [ChangedFile], touched: &'a TouchedPaths) -> ChangedPaths<'a> {
        let added: FxHashSet<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        let touched = touched
            .new
            .iter()
            .map(String::as_str)
            .chain(added.iter().copied());
        ChangedPaths {
            touched: touched.collect(),
            added,
        }
    }
}

/// The `dedupe-check: ignore` comments of a change: those on its added lines, and
/// those of the checked functions. Each is returned with the function whose comment it
/// is (by its qualified name), if any.
fn ignore_sites(
    git: &Git,
    snapshot: Snapshot,
    changes: &[ChangedFile],
    checked: &[Function],
    max_bytes: u64,
) -> Result<Vec<IgnoreSite>, GitError> {
    let mut lines: BTreeMap<&str, FxHashSet<u32>> = BTreeMap::new();
    for f in checked.iter().filter(|f| f.suppressed) {
        lines.entry(&f.path).or_default().extend(f.ignore_line);
    }
    let paths: Vec<String> = changes.iter().map(|c| c.path.clone()).collect();
    let texts = git.read_files(snapshot, &paths, max_bytes)?;
    let mut sites = Vec::new();
    for (change, content) in changes.iter().zip(texts) {
        let (Some(lang), FileContent::Text(text)) = (Language::from_path(&change.path), content)
        else {
            continue;
        };
        let marked = text
            .lines()
            .zip(1u32..)
            .filter(|(l, n)| change.touches(*n, *n) && lang.has_ignore_marker(l));
        let here = lines.entry(&change.path).or_default();
        here.extend(marked.map(|(_, n)| n));
        // Most changes have no suppression comment: their files are not parsed again.
        if here.is_empty() {
            continue;
        }
        let extracted = extract_without_text(lang, &change.path, &text);
        // A generated or minified file was not checked: its comments are not the author's.
        if extracted.generated.is_some() {
            continue;
        }
        let owners = extracted.functions;
        for &line in here.iter() {
            let owner = owners.iter().find(|f| f.ignore_line == Some(line));
            sites.push(IgnoreSite {
                path: change.path.clone(),
                line,
                function: owner.map(|f| f.qualified_name.clone()),
            });
        }
    }
    sites.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Ok(sites)
}

/// A `dedupe-check: ignore` comment, and the function it suppresses, if any.
struct IgnoreSite {
    path: String,
    line: u32,
    function: Option<String>,
}

/// A notice for each suppression comment that suppressed nothing: on no function, or
/// on a function with no finding (the comment can go).
fn unused_ignores<'a>(
    sites: Vec<IgnoreSite>,
    used: &'a FxHashSet<(&str, u32)>,
) -> impl Iterator<Item = String> + 'a {
    sites.into_iter().filter_map(move |s| {
        let (path, line) = (&s.path, s.line);
        match s.function {
            _ if used.contains(&(path.as_str(), line)) => None,
            Some(name) => Some(format!(
                "{path}:{line}: unused `dedupe-check: ignore`: `{name}` has no duplicate to \
                 suppress; remove the comment"
            )),
            None => Some(format!(
                "{path}:{line}: unused `dedupe-check: ignore`: it is on no function; put it on \
                 the line of the `def`/`fn`/`function` or the line above, or remove it"
            )),
        }
    })
}

/// One file of the index: its functions, a notice it calls for, and why a changed file
/// was skipped.
#[derive(Default)]
struct Indexed {
    functions: Vec<Function>,
    warn: Option<String>,
    skipped: Option<Why>,
}

/// Hashes of the function bodies that the change moves (or renames a file of) rather
/// than writes anew: bodies that the touched files hold no more copies of after the
/// change than before. Untouched files are equal on both sides, so they are left out;
/// a copy of a function whose original stays is a new copy and is checked.
fn moved_bodies(
    old_functions: &[Function],
    touched: &TouchedPaths,
    functions: &[Function],
) -> FxHashSet<u64> {
    let mut before: FxHashMap<u64, usize> = FxHashMap::default();
    for f in old_functions {
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
    before
        .into_iter()
        .filter(|(h, n)| after.get(h).copied().unwrap_or(0) <= *n)
        .map(|(h, _)| h)
        .collect()
}

/// The size floor of an existing function, as a candidate: half the checked functions'
/// floor. A checked function can duplicate a smaller one (a copy that grew a log line
/// and a guard), but not one under half its size: their diff ratio stays below 0.67.
fn candidate_min_tokens(min_tokens: usize) -> usize {
    min_tokens.div_ceil(2)
}

/// Files read and parsed per slice when indexing: enough to keep both cores busy, few
/// enough that a slice's source is a small part of the peak.
const READ_CHUNK_FILES: usize = 256;

/// How much of its token stream a moved-and-edited function keeps, at the least.
const MOVED_MIN_SHAPE: f32 = 0.5;

/// What the change did to one function of the new snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touched {
    /// Untouched, moved, or suppressed from checking.
    No,
    /// Touched, but its tokens are those of its old version (a formatter run, a comment).
    Reformatted,
    Changed(usize),
    Added,
}

impl Touched {
    fn role(self) -> Role {
        match self {
            Touched::No | Touched::Reformatted => Role::Existing,
            Touched::Changed(old) => Role::Changed(old),
            Touched::Added => Role::Added,
        }
    }
}

/// The role of each function: a checked function's old version is the function of the
/// same identity (qualified name and parameters) in the file it came from (across a
/// rename), else one of the same name there that the change removed or whose parameters
/// it edited, else the one function of that name that the change removed from another
/// touched file (a move with edits). An overload the change adds next to another is a
/// new function: the other overload is still there, so it is no old version of it.
fn roles(
    functions: &[Function],
    old_functions: &[Function],
    changes: &[ChangedFile],
    moved: &FxHashSet<u64>,
) -> Vec<Touched> {
    let changed: FxHashMap<&str, &ChangedFile> =
        changes.iter().map(|c| (c.path.as_str(), c)).collect();
    // Several functions of one name in a file (a property's getter and setter): the old
    // version is the one that looks most like the new.
    let mut by_name: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
    for (i, f) in old_functions.iter().enumerate() {
        by_name
            .entry((f.path.as_str(), f.qualified_name.as_str()))
            .or_default()
            .push(i);
    }
    let old_path_of: FxHashMap<&str, &str> = changes
        .iter()
        .filter_map(|c| Some((c.old_path.as_deref()?, c.path.as_str())))
        .collect();
    // Old functions whose (old path, identity) no longer holds a function of that
    // identity: removed, renamed, or their parameters edited.
    let identities: FxHashSet<(&str, (&str, u64))> = functions
        .iter()
        .map(|f| (f.path.as_str(), f.identity()))
        .collect();
    let gone = |o: &Function| !identities.contains(&(now_at(&old_path_of, o), o.identity()));
    // The old version in the file it came from: the same identity, else the closest of
    // its name that is gone (its parameters edited).
    let in_old_file = |f: &Function, olds: &[usize]| -> Option<usize> {
        let same = |&o: &usize| old_functions[o].params == f.params;
        let edited = |&o: &usize| gone(&old_functions[o]);
        closest(old_functions, f, olds.iter().copied().filter(same))
            .or_else(|| closest(old_functions, f, olds.iter().copied().filter(edited)))
    };
    // Old functions whose (old path, name) no longer holds a function of that name.
    let still_there: FxHashSet<(&str, &str)> = functions
        .iter()
        .map(|f| (f.path.as_str(), f.qualified_name.as_str()))
        .collect();
    let (vanished, vanished_shapes) = vanished(old_functions, &|f| {
        !still_there.contains(&(now_at(&old_path_of, f), f.qualified_name.as_str()))
    });
    // A function of the same name elsewhere is where this one moved from only when it
    // still looks like it (a new `main` is not the deleted `main` of another script). A
    // function of another name is where it came from when its token stream is the same:
    // renamed, its old duplication is not new (the old version is judged like any other).
    let moved_from = |f: &Function| {
        vanished
            .get(f.qualified_name.as_str())
            .copied()
            .flatten()
            .filter(|&o| shape_ratio(&old_functions[o].shape, &f.shape) >= MOVED_MIN_SHAPE)
            .or_else(|| vanished_shapes.get(f.shape.as_slice()).copied().flatten())
    };
    functions
        .iter()
        .map(|f| {
            let Some(c) = changed.get(f.path.as_str()) else {
                return Touched::No;
            };
            if !c.touches(f.start_line, f.end_line) || moved.contains(&f.text_hash) {
                return Touched::No;
            }
            let old = c
                .old_path
                .as_deref()
                .and_then(|p| by_name.get(&(p, f.qualified_name.as_str())))
                .and_then(|olds| in_old_file(f, olds))
                .or_else(|| moved_from(f));
            match old {
                Some(o)
                    if old_functions[o].shape == f.shape && old_functions[o].terms == f.terms =>
                {
                    Touched::Reformatted
                }
                Some(o) => Touched::Changed(o),
                None => Touched::Added,
            }
        })
        .collect()
}

/// Of `olds`, the old function that looks most like `f`.
fn closest(
    old_functions: &[Function],
    f: &Function,
    olds: impl Iterator<Item = usize>,
) -> Option<usize> {
    olds.max_by(|&a, &b| {
        shape_ratio(&old_functions[a].shape, &f.shape)
            .total_cmp(&shape_ratio(&old_functions[b].shape, &f.shape))
    })
}

/// Where an old function's file is now (after a rename).
fn now_at<'a>(old_path_of: &FxHashMap<&str, &'a str>, o: &'a Function) -> &'a str {
    old_path_of.get(o.path.as_str()).copied().unwrap_or(&o.path)
}

/// The old functions that `gone` says the change took away, by qualified name and by
/// normalized token stream (names abstracted: a renamed function), each the one of its
/// key (None where several share it).
#[allow(clippy::type_complexity)]
fn vanished<'f>(
    old_functions: &'f [Function],
    gone: &dyn Fn(&Function) -> bool,
) -> (
    FxHashMap<&'f str, Option<usize>>,
    FxHashMap<&'f [u32], Option<usize>>,
) {
    let mut by_name: FxHashMap<&str, Option<usize>> = FxHashMap::default();
    let mut by_shape: FxHashMap<&[u32], Option<usize>> = FxHashMap::default();
    for (i, f) in old_functions.iter().enumerate().filter(|(_, f)| gone(f)) {
        by_name
            .entry(f.qualified_name.as_str())
            .and_modify(|v| *v = None)
            .or_insert(Some(i));
        by_shape
            .entry(f.shape.as_slice())
            .and_modify(|v| *v = None)
            .or_insert(Some(i));
    }
    (by_name, by_shape)
}

/// The reranker scores each checked function's candidates, but for those the cascade
/// decides by their structural score (`model.accept`, `model.reject`): a near-identical
/// candidate makes its checked function a duplicate without the model (with the
/// structural score and no logit), and candidates far below any match are none. Of the
/// rest the model judges the best `model.top_k`.
fn rerank(
    functions: &[Function],
    ranked: &[(usize, Vec<Candidate>)],
    judge: &mut dyn PairJudge,
    model: &crate::config::ModelConfig,
) -> anyhow::Result<Vec<(usize, Vec<Scored>)>> {
    let k = model.judged_top_k();
    let mut judged: Vec<(usize, Vec<Scored>)> = Vec::with_capacity(ranked.len());
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (q, cands) in ranked {
        // Candidates come best first.
        if model.cascade && cands.first().is_some_and(|c| c.score >= model.accept) {
            let sure = cands.iter().filter(|c| c.score >= model.accept);
            let scored = sure.map(|c| Scored {
                index: c.index,
                score: c.score,
                logit: None,
            });
            judged.push((*q, scored.collect()));
            continue;
        }
        judged.push((*q, Vec::new()));
        let asked = cands
            .iter()
            .filter(|c| !model.cascade || c.score >= model.reject)
            .take(k);
        pairs.extend(asked.map(|c| (*q, c.index)));
    }
    let texts: Vec<(&str, &str)> = pairs
        .iter()
        .map(|&(q, d)| (functions[q].text(), functions[d].text()))
        .collect();
    let scores = if texts.is_empty() {
        Vec::new()
    } else {
        judge.judge(&texts)?
    };
    let slot: FxHashMap<usize, usize> = judged
        .iter()
        .enumerate()
        .map(|(i, (q, _))| (*q, i))
        .collect();
    for (&(q, d), s) in pairs.iter().zip(scores) {
        judged[slot[&q]].1.push(Scored {
            index: d,
            score: s.score,
            logit: Some(s.logit),
        });
    }
    Ok(judged)
}
