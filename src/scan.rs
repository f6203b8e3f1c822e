//! `scan`: the duplication a revision already holds, as clone classes. The stages are
//! those of a check (functions → index → candidates → verdict) over every function of
//! the revision instead of the functions a change touches.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::candidates::CandidateIndex;
use crate::detect::{ChangedPaths, JudgeUnavailable, PairJudge, Reader};
use crate::evidence;
use crate::extract::{CallKey, Function, hash64};
use crate::finding::Engine;
use crate::git::{Git, Snapshot};
use crate::kind::{Difference, Kind, Renaming, compare};
use crate::lang::Language;
use crate::skipped::SkippedFiles;
use crate::test_modules::TestModules;
use crate::verdict::{Level, level};

/// What to scan.
pub struct Scan<'a> {
    pub repo: PathBuf,
    /// The revision; HEAD when None.
    pub rev: Option<String>,
    /// Only files under these paths (files or directories, relative to the current
    /// directory); the whole repository when empty.
    pub paths: Vec<PathBuf>,
    pub min_members: usize,
    pub reader: Reader<'a>,
    /// The model, when one is configured: it confirms or drops the links the structural
    /// score is not sure of.
    pub judge: Option<Box<dyn PairJudge>>,
}

/// Why a scan could not run: the user's input, named.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{path}: outside the repository at {root}; pass paths inside it")]
    OutsideRepository { path: PathBuf, root: PathBuf },
    #[error("{path}: no source file of a checked language at {rev} is at or under this path")]
    NoSuchPath { path: String, rev: String },
}

/// The clone classes of a revision, for the reporters.
#[derive(Debug, Clone, Serialize)]
pub struct ScanOutcome {
    /// The repository root.
    pub repo: PathBuf,
    pub rev: String,
    pub commit: String,
    pub threshold: f32,
    /// The engine that decided the links: `reranker` when a model confirmed them.
    pub engine: Engine,
    /// Links the model was asked about.
    pub judged: usize,
    /// Files read and functions compared (those at the size floor).
    pub files: usize,
    pub functions: usize,
    pub classes: Vec<CloneClass>,
    pub summary: Summary,
    pub notices: Vec<String>,
    /// A one-line reason when there was nothing to scan.
    pub nothing_to_scan: Option<String>,
}

/// Functions linked, pair by pair, at or above the threshold: one connected group.
#[derive(Debug, Clone, Serialize)]
pub struct CloneClass {
    /// Stable across runs: from the representative's path and name.
    pub id: String,
    pub language: &'static str,
    /// The loosest kind of a member against the representative.
    pub kind: Kind,
    /// `error` when a member is a sure copy of the representative.
    pub level: Level,
    /// Lines of every member.
    pub lines: u32,
    /// Lines of the members other than the representative: what calling it would save.
    pub duplicated_lines: u32,
    /// The representative (the one the others should call) first.
    pub members: Vec<Member>,
}

/// One function of a clone class, compared with the representative.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub path: String,
    pub name: String,
    pub start_line: u32,
    pub end_line: u32,
    /// Score against the representative (None for the representative).
    pub score: Option<f32>,
    pub kind: Option<Kind>,
    pub level: Option<Level>,
    pub renamings: Vec<Renaming>,
    pub differences: Vec<Difference>,
    /// Functions of the revision that call it.
    pub callers: usize,
    /// Its source, for the side-by-side view of the HTML report.
    #[serde(skip)]
    pub text: String,
}

impl Member {
    pub fn lines(&self) -> u32 {
        self.end_line + 1 - self.start_line
    }
}

/// Duplicated functions and lines (members other than the representatives), in all and
/// by directory and language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub duplicated_functions: usize,
    pub duplicated_lines: u32,
    pub by_directory: Vec<Tally>,
    pub by_language: Vec<Tally>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Tally {
    pub name: String,
    pub functions: usize,
    pub lines: u32,
}

impl ScanOutcome {
    fn nothing(root: &Path, rev: &str, reason: &str) -> ScanOutcome {
        ScanOutcome {
            repo: root.to_path_buf(),
            rev: rev.to_string(),
            commit: String::new(),
            threshold: 0.0,
            engine: Engine::Structural,
            judged: 0,
            files: 0,
            functions: 0,
            classes: Vec::new(),
            summary: Summary::default(),
            notices: Vec::new(),
            nothing_to_scan: Some(reason.to_string()),
        }
    }
}

impl Scan<'_> {
    pub fn run(mut self) -> anyhow::Result<ScanOutcome> {
        let git = Git::open(&self.repo)?;
        let rev = self.rev.clone().unwrap_or_else(|| "HEAD".into());
        if rev == "HEAD" && git.head_if_born()?.is_none() {
            return Ok(ScanOutcome::nothing(
                git.root(),
                &rev,
                "nothing to scan: the repository has no commits yet",
            ));
        }
        let commit = git.resolve(&rev)?;
        let snapshot = Snapshot::Commit(commit);
        let mut outcome = ScanOutcome {
            repo: git.root().to_path_buf(),
            rev: rev.clone(),
            commit: commit.to_string(),
            threshold: self.reader.config.threshold,
            engine: Engine::Structural,
            judged: 0,
            files: 0,
            functions: 0,
            classes: Vec::new(),
            summary: Summary::default(),
            notices: Vec::new(),
            nothing_to_scan: None,
        };
        let prefixes = self.prefixes(git.root())?;
        // The wanted files, without those another file declares test code.
        let max_bytes = self.reader.config.max_file_bytes;
        let mut modules = TestModules::new(&git, snapshot, max_bytes);
        let all = self.reader.files(&git, snapshot, &mut modules)?;
        let paths = files_under(all, &prefixes, &rev)?;
        let mut skipped = SkippedFiles::default();
        let functions = self.reader.functions(
            &git,
            snapshot,
            &paths,
            &ChangedPaths::default(),
            &mut outcome.notices,
            &mut skipped,
        )?;
        let min_tokens = self.reader.config.min_tokens;
        let functions: Vec<Function> = functions
            .into_iter()
            .filter(|f| f.tokens() >= min_tokens && !f.suppressed)
            .collect();
        outcome.files = paths.len();
        outcome.functions = functions.len();
        if functions.is_empty() {
            outcome.nothing_to_scan = Some(format!(
                "nothing to scan: no {} function at {rev} meets the size floor",
                self.reader.language_names()
            ));
            return Ok(outcome);
        }
        let index = CandidateIndex::build(&functions);
        let mut links = self.links(&functions, &index);
        if let Some(mut judge) = self.judge.take() {
            let judged = self.judged(&git, snapshot, &functions, &mut links, &mut *judge);
            outcome.notices.extend(judge.notices());
            match judged {
                Ok(n) => {
                    outcome.engine = Engine::Reranker;
                    outcome.judged = n;
                }
                Err(e) if e.is::<JudgeUnavailable>() && !self.reader.config.model.required => {
                    outcome.notices.push(format!(
                        "reranker unavailable, the structural engine decides: {e}"
                    ));
                }
                Err(e) => return Err(e),
            }
        }
        let groups = groups(functions.len(), &links, self.min_members);
        let wanted: FxHashSet<usize> = groups.iter().flatten().copied().collect();
        let lexed = evidence::lex_functions(&git, snapshot, &functions, &wanted)?;
        let callers = callers(&functions, &wanted);
        let ctx = Classes {
            functions: &functions,
            index: &index,
            links: &links,
            lexed: &lexed,
            callers: &callers,
        };
        let mut classes: Vec<CloneClass> = groups
            .into_iter()
            .map(|members| ctx.class_of(members))
            .collect();
        classes.sort_by(|a, b| {
            (b.lines * b.members.len() as u32)
                .cmp(&(a.lines * a.members.len() as u32))
                .then_with(|| a.members[0].path.cmp(&b.members[0].path))
                .then_with(|| a.members[0].start_line.cmp(&b.members[0].start_line))
        });
        outcome.summary = summary(&classes);
        outcome.classes = classes;
        Ok(outcome)
    }

    /// The given paths as repository paths; a path outside the repository is an error.
    fn prefixes(&self, root: &Path) -> Result<Vec<String>, ScanError> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        self.paths
            .iter()
            .map(|p| {
                let full = cwd.join(p);
                // A path that does not exist here may still be one at the revision.
                let full = full.canonicalize().unwrap_or_else(|_| normalise(&full));
                let rel = full
                    .strip_prefix(&root)
                    .map_err(|_| ScanError::OutsideRepository {
                        path: p.clone(),
                        root: root.clone(),
                    })?;
                Ok(rel.to_string_lossy().replace('\\', "/"))
            })
            .collect()
    }

    /// Every pair of functions of one language scoring at or above the threshold, each
    /// once (lower index first), with its score; a function that calls the other reuses
    /// it and makes no pair.
    fn links(
        &self,
        functions: &[Function],
        index: &CandidateIndex,
    ) -> BTreeMap<(usize, usize), f32> {
        let config = self.reader.config;
        let families: Vec<Option<Language>> = functions
            .iter()
            .map(|f| Language::from_path(&f.path).map(Language::family))
            .collect();
        let bar = self
            .reader
            .progress
            .bar(functions.len() as u64, "comparing functions");
        let keys: Vec<CallKey> = functions.iter().map(Function::call_key).collect();
        // The names each function calls: most pairs call neither way, told by a lookup.
        let callees: Vec<FxHashSet<u64>> = functions
            .iter()
            .map(|f| f.calls.iter().map(|&(_, callee)| callee).collect())
            .collect();
        let calls = |a: usize, b: usize| {
            callees[a].contains(&keys[b].name) && functions[a].calls_key(keys[a], keys[b])
        };
        // Each pair is scored once, from its first function; a function that calls the
        // other reuses it.
        let found: Vec<Vec<(usize, usize, f32)>> = (0..functions.len())
            .into_par_iter()
            .map(|q| {
                let cands = index.top_k_above(q, config.top_k, config.threshold, &|d| {
                    d <= q || families[d] != families[q] || calls(q, d) || calls(d, q)
                });
                bar.inc(1);
                cands
                    .into_iter()
                    .filter(|c| c.score >= config.threshold)
                    .map(|c| (q.min(c.index), q.max(c.index), c.score))
                    .collect()
            })
            .collect();
        bar.finish_and_clear();
        let mut links = BTreeMap::new();
        for (a, b, s) in found.into_iter().flatten() {
            let best = links.entry((a, b)).or_insert(s);
            *best = best.max(s);
        }
        links
    }
}

impl Scan<'_> {
    /// The model's verdict on the links the structural score is not sure of (under
    /// `model.accept`; all of them without the cascade): a link it rejects is dropped,
    /// one it confirms takes its score. Returns how many links it was asked about. The
    /// model confirms links; it adds none.
    fn judged(
        &self,
        git: &Git,
        snapshot: Snapshot,
        functions: &[Function],
        links: &mut BTreeMap<(usize, usize), f32>,
        judge: &mut dyn PairJudge,
    ) -> anyhow::Result<usize> {
        let model = &self.reader.config.model;
        let unsure: Vec<(usize, usize)> = links
            .iter()
            .filter(|&(_, &s)| !model.cascade || s < model.accept)
            .map(|(&pair, _)| pair)
            .collect();
        if unsure.is_empty() {
            return Ok(0);
        }
        let wanted: FxHashSet<usize> = unsure.iter().flat_map(|&(a, b)| [a, b]).collect();
        let lexed = evidence::lex_functions(git, snapshot, functions, &wanted)?;
        let asked: Vec<(usize, usize)> = unsure
            .into_iter()
            .filter(|(a, b)| lexed.contains_key(a) && lexed.contains_key(b))
            .collect();
        // (query = the later function, document = the earlier), as a check asks.
        let texts: Vec<(&str, &str)> = asked
            .iter()
            .map(|(a, b)| (lexed[b].text(), lexed[a].text()))
            .collect();
        let scores = judge.judge(&texts)?;
        let threshold = judge.threshold();
        for (pair, s) in asked.iter().zip(scores) {
            if s.score >= threshold {
                links.insert(*pair, s.score);
            } else {
                links.remove(pair);
            }
        }
        Ok(asked.len())
    }
}

/// The repository files of the snapshot that `wanted` accepts, under one of `prefixes`
/// (all when there are none); a prefix with no file under it is an error.
fn files_under(all: Vec<String>, prefixes: &[String], rev: &str) -> anyhow::Result<Vec<String>> {
    if prefixes.is_empty() || prefixes.iter().any(String::is_empty) {
        return Ok(all);
    }
    let under = |p: &str, prefix: &str| {
        p == prefix || p.strip_prefix(prefix).is_some_and(|r| r.starts_with('/'))
    };
    for prefix in prefixes {
        if !all.iter().any(|p| under(p, prefix)) {
            return Err(ScanError::NoSuchPath {
                path: prefix.clone(),
                rev: rev.to_string(),
            }
            .into());
        }
    }
    Ok(all
        .into_iter()
        .filter(|p| prefixes.iter().any(|prefix| under(p, prefix)))
        .collect())
}

/// `path` with `.` and `..` taken out, for a path that does not exist on disk.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The connected groups of `links` with at least `min_members` functions, each sorted,
/// in order of their first function.
fn groups(n: usize, links: &BTreeMap<(usize, usize), f32>, min_members: usize) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(a, b) in links.keys() {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &(a, b) in links.keys() {
        for i in [a, b] {
            let r = root(&mut parent, i);
            by_root.entry(r).or_default().push(i);
        }
    }
    by_root
        .into_values()
        .map(|mut g| {
            g.sort_unstable();
            g.dedup();
            g
        })
        .filter(|g| g.len() >= min_members.max(2))
        .collect()
}

/// How many functions of the revision call each of `members`.
fn callers(functions: &[Function], members: &FxHashSet<usize>) -> FxHashMap<usize, usize> {
    let mut by_callee: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (i, f) in functions.iter().enumerate() {
        let mut names: Vec<u64> = f.calls.iter().map(|&(_, callee)| callee).collect();
        names.sort_unstable();
        names.dedup();
        for n in names {
            by_callee.entry(n).or_default().push(i);
        }
    }
    members
        .iter()
        .map(|&m| {
            let target = &functions[m];
            let n = by_callee.get(&hash64(&target.name)).map_or(0, |c| {
                c.iter().filter(|&&i| functions[i].calls(target)).count()
            });
            (m, n)
        })
        .collect()
}

/// What turns a group of functions into a clone class.
struct Classes<'a> {
    functions: &'a [Function],
    index: &'a CandidateIndex<'a>,
    links: &'a BTreeMap<(usize, usize), f32>,
    lexed: &'a FxHashMap<usize, Function>,
    callers: &'a FxHashMap<usize, usize>,
}

impl Classes<'_> {
    /// The member the others should call: the one linked most strongly to the rest, then
    /// the one called most, then the first by path and line.
    fn representative(&self, members: &[usize]) -> usize {
        let strength = |i: usize| -> f32 {
            members
                .iter()
                .filter_map(|&j| self.links.get(&(i.min(j), i.max(j))))
                .sum()
        };
        let at = |i: usize| (&self.functions[i].path, self.functions[i].start_line);
        *members
            .iter()
            .max_by(|&&a, &&b| {
                strength(a)
                    .total_cmp(&strength(b))
                    .then_with(|| self.callers[&a].cmp(&self.callers[&b]))
                    .then_with(|| at(b).cmp(&at(a)))
            })
            .expect("a class has members")
    }

    fn member(&self, i: usize) -> Member {
        let f = &self.functions[i];
        Member {
            path: f.path.clone(),
            name: f.qualified_name.clone(),
            start_line: f.start_line,
            end_line: f.end_line,
            score: None,
            kind: None,
            level: None,
            renamings: Vec::new(),
            differences: Vec::new(),
            callers: self.callers[&i],
            text: self
                .lexed
                .get(&i)
                .map(|f| f.text().to_string())
                .unwrap_or_default(),
        }
    }

    /// Member `i` compared with the representative `rep`: its kind, level and evidence.
    fn compared(&self, rep: usize, i: usize) -> Member {
        let mut m = self.member(i);
        let comparison = self
            .lexed
            .get(&rep)
            .zip(self.lexed.get(&i))
            .and_then(|(r, f)| compare(r, f));
        let kind = comparison.as_ref().map_or(Kind::Similar, |c| c.kind);
        let statements = comparison
            .as_ref()
            .map_or((0, 0), |c| (c.statements.existing, c.statements.new));
        let names_differ = comparison
            .as_ref()
            .is_some_and(|c| !c.differences.is_empty());
        let (f, r) = (&self.functions[i], &self.functions[rep]);
        m.score = Some(self.index.score_functions(f, r).score);
        m.kind = Some(kind);
        m.level = Some(level(kind, statements, names_differ, None));
        if let Some(c) = comparison {
            m.renamings = c.renamings;
            m.differences = c.differences;
        }
        m
    }

    /// One clone class: the representative first, every other member compared with it,
    /// sure copies first, then by path.
    fn class_of(&self, members: Vec<usize>) -> CloneClass {
        let rep = self.representative(&members);
        let mut others: Vec<Member> = members
            .iter()
            .filter(|&&i| i != rep)
            .map(|&i| self.compared(rep, i))
            .collect();
        others.sort_by(|a, b| {
            let key = |m: &Member| (m.level != Some(Level::Error), m.path.clone(), m.start_line);
            key(a).cmp(&key(b))
        });
        let kind = others
            .iter()
            .filter_map(|m| m.kind)
            .max_by_key(|k| kind_rank(*k))
            .unwrap_or(Kind::Similar);
        let level = if others.iter().any(|m| m.level == Some(Level::Error)) {
            Level::Error
        } else {
            Level::Warning
        };
        let head = self.member(rep);
        let language = Language::from_path(&head.path).map_or("", |l| l.family().display());
        let mut all = vec![head];
        all.extend(others);
        CloneClass {
            id: class_id(&self.functions[rep]),
            language,
            kind,
            level,
            lines: all.iter().map(Member::lines).sum(),
            duplicated_lines: all[1..].iter().map(Member::lines).sum(),
            members: all,
        }
    }
}

/// How far a kind is from a plain copy: the class takes its loosest member's.
fn kind_rank(k: Kind) -> u8 {
    match k {
        Kind::Copy => 0,
        Kind::EditedCopy => 1,
        Kind::ParameterisedCopy => 2,
        Kind::Generalisation => 3,
        Kind::Similar => 4,
    }
}

/// A class id that stays the same across runs, machines and thread counts: a hash of the
/// representative's path, qualified name and parameters.
fn class_id(rep: &Function) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(rep.path.as_bytes());
    h.update([0]);
    h.update(rep.qualified_name.as_bytes());
    h.update([0]);
    h.update(rep.params.to_le_bytes());
    let digest = h.finalize();
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("DC{hex}")
}

/// Duplicated functions and lines, in all and by directory and language, most first.
fn summary(classes: &[CloneClass]) -> Summary {
    let mut dirs: BTreeMap<String, Tally> = BTreeMap::new();
    let mut langs: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Summary::default();
    for class in classes {
        for m in &class.members[1..] {
            let dir = match m.path.rfind('/') {
                Some(at) => m.path[..at].to_string(),
                None => ".".to_string(),
            };
            for (map, key) in [(&mut dirs, dir), (&mut langs, class.language.to_string())] {
                let t = map.entry(key.clone()).or_insert_with(|| Tally {
                    name: key,
                    ..Tally::default()
                });
                t.functions += 1;
                t.lines += m.lines();
            }
            total.duplicated_functions += 1;
            total.duplicated_lines += m.lines();
        }
    }
    let sorted = |map: BTreeMap<String, Tally>| {
        let mut v: Vec<Tally> = map.into_values().collect();
        v.sort_by(|a, b| b.lines.cmp(&a.lines).then_with(|| a.name.cmp(&b.name)));
        v
    };
    total.by_directory = sorted(dirs);
    total.by_language = sorted(langs);
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_join_linked_functions_and_keep_those_of_the_minimum_size() {
        let links: BTreeMap<(usize, usize), f32> =
            [((0, 3), 0.9), ((3, 5), 0.8), ((1, 2), 0.95)].into();
        assert_eq!(groups(6, &links, 2), vec![vec![0, 3, 5], vec![1, 2]]);
        assert_eq!(groups(6, &links, 3), vec![vec![0, 3, 5]]);
    }

    #[test]
    fn normalise_takes_out_dots() {
        assert_eq!(
            normalise(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }
}
