//! Everything git: revisions, the diff that says which lines are added, and the files of a
//! snapshot (a commit's tree, the index, or the working tree). Read-only: nothing here
//! writes to the repository, its index or its working tree.

use git2::{
    Delta, DiffFindOptions, DiffOptions, ObjectType, Oid, Repository, RepositoryState, Tree,
};
use rustc_hash::FxHashSet;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("{path} is not inside a git repository (run this from a clone, or pass --repo)")]
    NotARepository { path: PathBuf },
    #[error(
        "detected dubious ownership in repository at '{root}': it belongs to another user, \
         so git does not trust it (its config could run commands); if you trust it, add an \
         exception for this directory and run again: \
         git config --global --add safe.directory {quoted}",
        root = root.display(),
        quoted = shell_quote(&root.display().to_string())
    )]
    DubiousOwnership { root: PathBuf },
    #[error("{path} is a bare repository; dedupe-check needs a working tree")]
    Bare { path: PathBuf },
    #[error("unknown revision '{rev}' in {repo}{hint}")]
    UnknownRevision {
        rev: String,
        repo: PathBuf,
        hint: String,
    },
    #[error(
        "no merge base between '{base}' and '{head}': the clone is shallow, so their common ancestor \
         was not fetched. In GitHub Actions use `actions/checkout` with `fetch-depth: 0`, or run \
         `git fetch --unshallow` (or `git fetch --deepen=N origin {base}`)"
    )]
    ShallowNoMergeBase { base: String, head: String },
    #[error(
        "'{base}' and '{head}' have no common ancestor (unrelated histories); pass a --base that shares history with the branch"
    )]
    NoMergeBase { base: String, head: String },
    #[error(
        "cannot find a default branch to compare with: pass --base (e.g. --base origin/main); tried {tried}"
    )]
    NoDefaultBase { tried: String },
    #[error("the repository has no commits yet; there is nothing to compare with")]
    UnbornHead,
    #[error(
        "{root} is a partial clone (blobs come on demand from the remote '{remote}') and \
         {count} file(s) this check reads were never downloaded; fetching them failed: \
         {reason}. Give the check access to '{remote}', or fetch every file once: \
         `git -C {quoted} fetch --refetch --no-filter {remote}` (in GitHub Actions, leave \
         `filter` unset in actions/checkout)",
        root = root.display(),
        quoted = shell_quote(&root.display().to_string())
    )]
    PartialClone {
        root: PathBuf,
        remote: String,
        count: usize,
        reason: String,
    },
    #[error("git error in {repo}: {source}")]
    Git { repo: PathBuf, source: git2::Error },
}

/// A commit of a first-parent line, with its parent and subject.
#[derive(Debug, Clone)]
pub struct LineCommit {
    pub id: Oid,
    pub parent: Oid,
    pub subject: String,
}

/// Where file contents are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snapshot {
    Commit(Oid),
    Index,
    WorkTree,
}

/// A file of a snapshot, and why it may be unreadable.
#[derive(Debug, Clone)]
pub enum FileContent {
    Text(String),
    Skipped(SkipReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    TooLarge,
    Binary,
    NotUtf8,
    Unreadable,
    /// A symbolic link: its target is checked where it lives.
    Symlink,
    /// A submodule: another repository.
    Submodule,
    /// A blob a partial clone never downloaded and could not fetch.
    NotDownloaded,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::TooLarge => "larger than max_file_bytes",
            SkipReason::Binary => "binary",
            SkipReason::NotUtf8 => {
                "not valid UTF-8 (a Python file can declare another encoding in a \
                 `# -*- coding: latin-1 -*-` line)"
            }
            SkipReason::Unreadable => "unreadable",
            SkipReason::Symlink => "a symbolic link (its target is checked where it lives)",
            SkipReason::Submodule => "a submodule (check it in its own repository)",
            SkipReason::NotDownloaded => {
                "never downloaded in this partial clone, and fetching it failed"
            }
        }
    }
}

/// Added lines of one changed file, as sorted inclusive ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangedFile {
    pub path: String,
    /// The file's path in the old snapshot (it differs after a rename); None when the
    /// change adds the file.
    pub old_path: Option<String>,
    pub added: Vec<(u32, u32)>,
}

impl ChangedFile {
    pub fn touches(&self, start: u32, end: u32) -> bool {
        self.added.iter().any(|&(a, b)| a <= end && start <= b)
    }
}

/// One diff's worth: the files with added lines, and every path touched.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub files: Vec<ChangedFile>,
    pub touched: TouchedPaths,
    /// The lines the change removes, by path in the old snapshot, as sorted inclusive
    /// ranges: what a change that adds nothing did.
    pub removed: BTreeMap<String, Vec<(u32, u32)>>,
    /// Untracked files that could not be read, and why: skipped, the rest is checked.
    pub unreadable: Vec<(String, String)>,
    /// Symbolic links (named like a checked file) and submodules that the change adds
    /// or modifies: not read, said so.
    pub links: Vec<(String, SkipReason)>,
}

/// Paths a change touches: `old` in the old snapshot, `new` in the new one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TouchedPaths {
    pub old: Vec<String>,
    pub new: Vec<String>,
}

pub struct Git {
    repo: Repository,
    root: PathBuf,
    /// The remote a partial clone fetches missing objects from; None for a full clone.
    promisor: Option<String>,
    /// Whether a blob that cannot be fetched skips its file (local checks) rather than
    /// failing the check (a PR check, whose answer would be wrong without it).
    skip_unfetched: bool,
    /// Why the blobs a local check skipped could not be fetched, once per failed fetch.
    unfetched: std::cell::RefCell<Vec<String>>,
}

fn is_text_file_mode(mode: u32) -> bool {
    // Regular or executable blobs; not symlinks (0o120000) or submodules (0o160000).
    mode & 0o170000 == 0o100000
}

impl Git {
    pub fn open(path: &Path) -> Result<Git, GitError> {
        let repo = Repository::discover(path).map_err(|e| {
            if e.code() == git2::ErrorCode::Owner {
                GitError::DubiousOwnership {
                    root: worktree_root(path),
                }
            } else {
                GitError::NotARepository {
                    path: path.to_path_buf(),
                }
            }
        })?;
        let root = match repo.workdir() {
            Some(w) => w.to_path_buf(),
            None => {
                return Err(GitError::Bare {
                    path: path.to_path_buf(),
                });
            }
        };
        let promisor = promisor_remote(&repo);
        Ok(Git {
            repo,
            root,
            promisor,
            skip_unfetched: false,
            unfetched: Default::default(),
        })
    }

    /// Local checks (`staged`, `worktree`) skip the files whose blobs a partial clone
    /// cannot fetch, instead of failing: what the user is editing is all here.
    pub fn skip_unfetched_blobs(&mut self) {
        self.skip_unfetched = true;
    }

    /// One notice per failed fetch whose files were skipped, with the fix.
    pub fn unfetched_notices(&self) -> Vec<String> {
        let mut said = std::mem::take(&mut *self.unfetched.borrow_mut());
        said.dedup();
        said
    }

    /// Downloads, in one batch, the blobs among `ids` that a partial clone has not fetched
    /// yet (what git does on demand, which libgit2 cannot); nothing for a full clone or
    /// when every blob is here.
    pub fn fetch_missing(&self, ids: impl IntoIterator<Item = Oid>) -> Result<(), GitError> {
        let Some(remote) = &self.promisor else {
            return Ok(());
        };
        let odb = self.repo.odb().map_err(|e| self.err(e))?;
        let mut missing: Vec<Oid> = ids
            .into_iter()
            .filter(|id| !id.is_zero() && !odb.exists(*id))
            .collect();
        missing.sort();
        missing.dedup();
        if missing.is_empty() {
            return Ok(());
        }
        if let Err(reason) = fetch_blobs(&self.root, remote, &missing) {
            if !self.skip_unfetched {
                return Err(GitError::PartialClone {
                    // Without the trailing slash of libgit2's working directory.
                    root: self.root.components().collect(),
                    remote: remote.clone(),
                    count: missing.len(),
                    reason,
                });
            }
            self.unfetched.borrow_mut().push(format!(
                "{} file(s) of this partial clone were never downloaded and fetching them \
                 from '{remote}' failed ({reason}): they are not read, so they cannot be \
                 matched. `git fetch --refetch --no-filter {remote}` downloads every file once",
                missing.len()
            ));
            return Ok(());
        }
        odb.refresh().map_err(|e| self.err(e))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn err(&self, source: git2::Error) -> GitError {
        GitError::Git {
            repo: self.root.clone(),
            source,
        }
    }

    pub fn is_merging(&self) -> bool {
        !matches!(self.repo.state(), RepositoryState::Clean)
    }

    /// The commit a revision names (branch, tag, SHA, `HEAD~3`, `origin/main`).
    pub fn resolve(&self, rev: &str) -> Result<Oid, GitError> {
        let unknown = |extra: &str| GitError::UnknownRevision {
            rev: rev.to_string(),
            repo: self.root.clone(),
            hint: if self.repo.is_shallow() {
                format!(
                    " (the clone is shallow: fetch it, e.g. `git fetch origin {rev}`, or check out with `fetch-depth: 0`){extra}"
                )
            } else {
                extra.to_string()
            },
        };
        let obj = self.repo.revparse_single(rev).map_err(|_| unknown(""))?;
        obj.peel_to_commit()
            .map(|c| c.id())
            .map_err(|_| unknown(": it does not name a commit"))
    }

    pub fn head(&self) -> Result<Oid, GitError> {
        match self.repo.head() {
            Ok(h) => h.peel_to_commit().map(|c| c.id()).map_err(|e| self.err(e)),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Err(GitError::UnbornHead),
            Err(e) => Err(self.err(e)),
        }
    }

    /// HEAD, or None before the first commit.
    pub fn head_if_born(&self) -> Result<Option<Oid>, GitError> {
        match self.head() {
            Ok(h) => Ok(Some(h)),
            Err(GitError::UnbornHead) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn merge_base(
        &self,
        base: Oid,
        head: Oid,
        base_rev: &str,
        head_rev: &str,
    ) -> Result<Oid, GitError> {
        self.repo.merge_base(base, head).map_err(|e| {
            if e.code() != git2::ErrorCode::NotFound {
                self.err(e)
            } else if self.repo.is_shallow() {
                GitError::ShallowNoMergeBase {
                    base: base_rev.into(),
                    head: head_rev.into(),
                }
            } else {
                GitError::NoMergeBase {
                    base: base_rev.into(),
                    head: head_rev.into(),
                }
            }
        })
    }

    /// Up to `n` commits of `rev`'s first-parent line that have exactly one parent
    /// (merges are left out), newest first; a notice when the line ends at a shallow
    /// clone's boundary.
    pub fn first_parent_commits(
        &self,
        rev: &str,
        n: usize,
    ) -> Result<(Vec<LineCommit>, Vec<String>), GitError> {
        let mut at = self.resolve(rev)?;
        let mut out = Vec::new();
        let mut notices = Vec::new();
        while out.len() < n {
            let commit = self.repo.find_commit(at).map_err(|e| self.err(e))?;
            let Some(parent) = commit.parent_ids().next() else {
                break;
            };
            if self.repo.find_commit(parent).is_err() {
                notices.push(format!(
                    "the history stops at {} (a shallow clone): fetch more of it, e.g. \
                     `git fetch --deepen={n}`, to replay more commits",
                    &at.to_string()[..12]
                ));
                break;
            }
            if commit.parent_count() == 1 {
                out.push(LineCommit {
                    id: at,
                    parent,
                    subject: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default())
                        .into_owned(),
                });
            }
            at = parent;
        }
        Ok((out, notices))
    }

    /// The branch a feature branch most likely forks from: `origin/HEAD`, else main/master.
    pub fn default_base(&self) -> Result<String, GitError> {
        let tried = [
            "origin/HEAD",
            "origin/main",
            "origin/master",
            "main",
            "master",
        ];
        for rev in tried {
            if self.repo.revparse_single(rev).is_ok() {
                return Ok(rev.to_string());
            }
        }
        Err(GitError::NoDefaultBase {
            tried: tried.join(", "),
        })
    }

    fn tree(&self, commit: Oid) -> Result<Tree<'_>, GitError> {
        self.repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .map_err(|e| self.err(e))
    }

    /// The diff of `new` against `old` (None = empty tree), without context lines.
    fn diff(
        &self,
        old: Option<Oid>,
        new: Snapshot,
        only: Option<&[String]>,
    ) -> Result<git2::Diff<'_>, GitError> {
        let old_tree = old.map(|o| self.tree(o)).transpose()?;
        let mut opts = diff_options();
        if let Some(paths) = only {
            opts.disable_pathspec_match(true);
            for p in paths {
                opts.pathspec(p);
            }
        }
        match new {
            Snapshot::Commit(c) => {
                let t = self.tree(c)?;
                self.repo
                    .diff_tree_to_tree(old_tree.as_ref(), Some(&t), Some(&mut opts))
            }
            Snapshot::Index => {
                let index = self.repo.index().map_err(|e| self.err(e))?;
                self.repo
                    .diff_tree_to_index(old_tree.as_ref(), Some(&index), Some(&mut opts))
            }
            Snapshot::WorkTree => {
                // Untracked files' lines are read here, not by libgit2, whose diff fails
                // as a whole on one unreadable file (see `untracked_changes`).
                opts.include_untracked(true).recurse_untracked_dirs(true);
                self.repo
                    .diff_tree_to_workdir_with_index(old_tree.as_ref(), Some(&mut opts))
            }
        }
        .map_err(|e| self.err(e))
    }

    /// What changed from `old` (None = empty tree) to `new`, from one diff: the files of
    /// `new` with their added lines, and every path touched on either side. Only paths
    /// that `wanted` accepts.
    pub fn changes(
        &self,
        old: Option<Oid>,
        new: Snapshot,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Changes, GitError> {
        let mut diff = self.diff(old, new, None)?;
        self.fetch_diff_blobs(&diff, new)?;
        // Files whose lines cannot be read are left out before renames are looked for,
        // which reads both sides.
        let skipped = self.deltas_not_read(&diff, new)?;
        if !skipped.is_empty() {
            let kept = kept_paths(&diff, &skipped);
            if kept.is_empty() {
                return Ok(Changes::default());
            }
            diff = self.diff(old, new, Some(&kept))?;
        }
        let mut find = DiffFindOptions::new();
        find.renames(true).copies(false);
        diff.find_similar(Some(&mut find))
            .map_err(|e| self.err(e))?;
        let touched = touched_paths(&diff, wanted);

        let mut files: BTreeMap<String, ChangedFile> = BTreeMap::new();
        let mut removed: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
        let path_of = |d: &git2::DiffDelta| -> Option<String> {
            let new = d.new_file();
            if matches!(d.status(), Delta::Deleted) || !is_text_file_mode(u32::from(new.mode())) {
                return None;
            }
            Some(new.path()?.to_str()?.replace('\\', "/"))
        };
        for (i, delta) in diff.deltas().enumerate() {
            let Some(patch) = git2::Patch::from_diff(&diff, i).map_err(|e| self.err(e))? else {
                continue;
            };
            for h in 0..patch.num_hunks() {
                let lines = patch.num_lines_in_hunk(h).map_err(|e| self.err(e))?;
                for l in 0..lines {
                    let line = patch.line_in_hunk(h, l).map_err(|e| self.err(e))?;
                    if line.origin() == '-' {
                        let old = wanted_path(delta.old_file(), wanted);
                        if let (Some(path), Some(n)) = (old, line.old_lineno()) {
                            push_line(removed.entry(path).or_default(), n);
                        }
                        continue;
                    }
                    if line.origin() != '+' {
                        continue;
                    }
                    let (Some(path), Some(n)) = (path_of(&delta), line.new_lineno()) else {
                        continue;
                    };
                    if !wanted(&path) {
                        continue;
                    }
                    let f = files.entry(path.clone()).or_insert_with(|| ChangedFile {
                        path,
                        old_path: old_path_of(&delta),
                        added: Vec::new(),
                    });
                    push_line(&mut f.added, n);
                }
            }
        }
        let unreadable = self.untracked_changes(&diff, wanted, &mut files);
        let links = changed_links(&diff, wanted);
        Ok(Changes {
            files: files
                .into_values()
                .filter(|f| !f.added.is_empty())
                .collect(),
            touched,
            removed,
            unreadable,
            links,
        })
    }

    /// The deltas of a diff whose lines are not read: in the working tree, files that a
    /// sparse checkout leaves out (skip-worktree: absent, not deleted); in a local check
    /// of a partial clone, files whose blobs could not be fetched.
    fn deltas_not_read(
        &self,
        diff: &git2::Diff<'_>,
        new: Snapshot,
    ) -> Result<FxHashSet<usize>, GitError> {
        let mut out = FxHashSet::default();
        let sparse = if new == Snapshot::WorkTree {
            let index = self.repo.index().map_err(|e| self.err(e))?;
            let skip = git2::IndexEntryExtendedFlag::SKIP_WORKTREE.bits();
            index
                .iter()
                .filter(|e| e.flags_extended & skip != 0)
                .map(|e| e.path)
                .collect()
        } else {
            FxHashSet::default()
        };
        let odb = self.repo.odb().map_err(|e| self.err(e))?;
        let unfetched = |id: Oid| self.skip_unfetched && !id.is_zero() && !odb.exists(id);
        for (i, d) in diff.deltas().enumerate() {
            let old_path = d.old_file().path_bytes().unwrap_or_default();
            let absent = matches!(d.status(), Delta::Deleted) && sparse.contains(old_path);
            let new_in_odb = matches!(new, Snapshot::Commit(_));
            if absent
                || unfetched(d.old_file().id())
                || (new_in_odb && unfetched(d.new_file().id()))
            {
                out.insert(i);
            }
        }
        Ok(out)
    }

    /// The blobs both sides of `diff` compare, fetched first in a partial clone; the new
    /// side is in the object database only for a commit (index and working-tree
    /// contents are local).
    fn fetch_diff_blobs(&self, diff: &git2::Diff<'_>, new: Snapshot) -> Result<(), GitError> {
        if self.promisor.is_none() {
            return Ok(());
        }
        let sides = diff.deltas().flat_map(|d| {
            let new_id = matches!(new, Snapshot::Commit(_)).then(|| d.new_file().id());
            [Some(d.old_file().id()), new_id]
        });
        self.fetch_missing(sides.flatten())
    }

    /// The untracked files of a working-tree diff, every line added, into `files`; those
    /// that cannot be read are returned with the reason.
    fn untracked_changes(
        &self,
        diff: &git2::Diff<'_>,
        wanted: &dyn Fn(&str) -> bool,
        files: &mut BTreeMap<String, ChangedFile>,
    ) -> Vec<(String, String)> {
        let mut unreadable = Vec::new();
        for d in diff.deltas().filter(|d| d.status() == Delta::Untracked) {
            let new = d.new_file();
            if !is_text_file_mode(u32::from(new.mode())) {
                continue;
            }
            let Some(path) = new.path().and_then(|p| p.to_str()) else {
                continue;
            };
            let path = path.replace('\\', "/");
            if !wanted(&path) {
                continue;
            }
            match std::fs::read(self.root.join(&path)) {
                Ok(bytes) => {
                    let added = all_lines(&bytes);
                    let old_path = None;
                    files.insert(
                        path.clone(),
                        ChangedFile {
                            path,
                            old_path,
                            added,
                        },
                    );
                }
                Err(e) => unreadable.push((path, e.to_string())),
            }
        }
        unreadable
    }

    /// Paths of the regular files of a snapshot (no symlinks, no submodules). For the
    /// working tree: tracked files still present plus untracked, non-ignored ones.
    pub fn files(
        &self,
        snapshot: Snapshot,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, GitError> {
        let mut out = Vec::new();
        match snapshot {
            Snapshot::Commit(c) => {
                let tree = self.tree(c)?;
                tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
                    if entry.kind() == Some(ObjectType::Blob)
                        && is_text_file_mode(entry.filemode() as u32)
                        && let Ok(name) = entry.name()
                    {
                        let path = format!("{dir}{name}");
                        if wanted(&path) {
                            out.push(path);
                        }
                    }
                    git2::TreeWalkResult::Ok
                })
                .map_err(|e| self.err(e))?;
            }
            Snapshot::Index | Snapshot::WorkTree => {
                let index = self.repo.index().map_err(|e| self.err(e))?;
                for entry in index.iter() {
                    let Ok(path) = std::str::from_utf8(&entry.path) else {
                        continue;
                    };
                    if is_text_file_mode(entry.mode) && wanted(path) {
                        if snapshot == Snapshot::WorkTree && !self.root.join(path).is_file() {
                            continue;
                        }
                        out.push(path.to_string());
                    }
                }
                if snapshot == Snapshot::WorkTree {
                    let mut opts = git2::StatusOptions::new();
                    opts.include_untracked(true)
                        .recurse_untracked_dirs(true)
                        .include_ignored(false);
                    let statuses = self
                        .repo
                        .statuses(Some(&mut opts))
                        .map_err(|e| self.err(e))?;
                    for s in statuses.iter() {
                        if s.status().contains(git2::Status::WT_NEW)
                            && let Ok(path) = s.path()
                        {
                            let full = self.root.join(path);
                            let is_link = full
                                .symlink_metadata()
                                .map(|m| m.file_type().is_symlink())
                                .unwrap_or(true);
                            if wanted(path) && !is_link && full.is_file() {
                                out.push(path.to_string());
                            }
                        }
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The git blob id of each path's content: from the tree or the index, or hashed from
    /// the working tree's file (None where it cannot be read).
    pub fn blob_ids(
        &self,
        snapshot: Snapshot,
        paths: &[String],
    ) -> Result<Vec<Option<Oid>>, GitError> {
        match snapshot {
            Snapshot::Commit(c) => {
                let tree = self.tree(c)?;
                Ok(paths
                    .iter()
                    .map(|p| tree.get_path(Path::new(p)).ok().map(|e| e.id()))
                    .collect())
            }
            Snapshot::Index => {
                let index = self.repo.index().map_err(|e| self.err(e))?;
                Ok(paths
                    .iter()
                    .map(|p| index.get_path(Path::new(p), 0).map(|e| e.id))
                    .collect())
            }
            Snapshot::WorkTree => Ok(paths
                .iter()
                .map(|p| {
                    let bytes = std::fs::read(self.root.join(p)).ok()?;
                    Oid::hash_object(ObjectType::Blob, &bytes).ok()
                })
                .collect()),
        }
    }

    /// The contents of `paths` in a snapshot, each either text or why it is skipped.
    pub fn read_files(
        &self,
        snapshot: Snapshot,
        paths: &[String],
        max_bytes: u64,
    ) -> Result<Vec<FileContent>, GitError> {
        if self.promisor.is_some() && snapshot != Snapshot::WorkTree {
            self.fetch_missing(self.blob_ids(snapshot, paths)?.into_iter().flatten())?;
        }
        let odb = self.repo.odb().map_err(|e| self.err(e))?;
        let blob = |path: &str, id: Oid| -> FileContent {
            if self.promisor.is_some() && !odb.exists(id) {
                return FileContent::Skipped(SkipReason::NotDownloaded);
            }
            // The size from the object's header: a huge blob is skipped unread.
            match odb.read_header(id) {
                Ok((size, _)) if size as u64 > max_bytes => {
                    return FileContent::Skipped(SkipReason::TooLarge);
                }
                Ok(_) => {}
                Err(_) => return FileContent::Skipped(SkipReason::Unreadable),
            }
            match self.repo.find_blob(id) {
                Ok(b) => decode(path, b.content().to_vec()),
                Err(_) => FileContent::Skipped(SkipReason::Unreadable),
            }
        };
        match snapshot {
            Snapshot::Commit(c) => {
                let tree = self.tree(c)?;
                Ok(paths
                    .iter()
                    .map(|p| match tree.get_path(Path::new(p)) {
                        Ok(e) => blob(p, e.id()),
                        Err(_) => FileContent::Skipped(SkipReason::Unreadable),
                    })
                    .collect())
            }
            Snapshot::Index => {
                let index = self.repo.index().map_err(|e| self.err(e))?;
                Ok(paths
                    .iter()
                    .map(|p| match index.get_path(Path::new(p), 0) {
                        Some(e) => blob(p, e.id),
                        None => FileContent::Skipped(SkipReason::Unreadable),
                    })
                    .collect())
            }
            Snapshot::WorkTree => Ok(paths
                .iter()
                .map(|p| {
                    let full = self.root.join(p);
                    match full.metadata() {
                        Ok(m) if m.len() > max_bytes => FileContent::Skipped(SkipReason::TooLarge),
                        Ok(_) => std::fs::read(&full)
                            .map(|bytes| decode(p, bytes))
                            .unwrap_or(FileContent::Skipped(SkipReason::Unreadable)),
                        Err(_) => FileContent::Skipped(SkipReason::Unreadable),
                    }
                })
                .collect()),
        }
    }
}

/// The symbolic links that `wanted` accepts and the submodules that `diff` adds or
/// modifies, each with its kind.
fn changed_links(
    diff: &git2::Diff<'_>,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<(String, SkipReason)> {
    diff.deltas()
        .filter(|d| !matches!(d.status(), Delta::Deleted))
        .filter_map(|d| {
            let f = d.new_file();
            let path = f.path()?.to_str()?.replace('\\', "/");
            match u32::from(f.mode()) & 0o170000 {
                0o120000 if wanted(&path) => Some((path, SkipReason::Symlink)),
                0o160000 => Some((path, SkipReason::Submodule)),
                _ => None,
            }
        })
        .collect()
}

/// A side of a delta's path, with `/`, when it is a text file that `wanted` accepts.
fn wanted_path(f: git2::DiffFile, wanted: &dyn Fn(&str) -> bool) -> Option<String> {
    if !is_text_file_mode(u32::from(f.mode())) {
        return None;
    }
    let p = f.path()?.to_str()?.replace('\\', "/");
    wanted(&p).then_some(p)
}

/// Files modified, added, deleted or renamed in `diff` that `wanted` accepts, on each
/// side, whether or not they gain lines: a file that only loses a function is where a
/// moved function comes from.
/// The path a changed file had before the change; None for a new file.
fn old_path_of(delta: &git2::DiffDelta) -> Option<String> {
    if matches!(delta.status(), Delta::Added | Delta::Untracked) {
        return None;
    }
    let path = delta.old_file().path()?.to_str()?;
    Some(path.replace('\\', "/"))
}

/// The paths, on both sides, of the deltas not in `skipped`.
fn kept_paths(diff: &git2::Diff<'_>, skipped: &FxHashSet<usize>) -> Vec<String> {
    let mut paths: Vec<String> = diff
        .deltas()
        .enumerate()
        .filter(|(i, _)| !skipped.contains(i))
        .flat_map(|(_, d)| [d.old_file().path(), d.new_file().path()])
        .flatten()
        .filter_map(|p| p.to_str().map(str::to_string))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

fn touched_paths(diff: &git2::Diff<'_>, wanted: &dyn Fn(&str) -> bool) -> TouchedPaths {
    let mut touched = TouchedPaths::default();
    for d in diff.deltas() {
        if !matches!(d.status(), Delta::Added | Delta::Untracked) {
            touched.old.extend(wanted_path(d.old_file(), wanted));
        }
        if !matches!(d.status(), Delta::Deleted) {
            touched.new.extend(wanted_path(d.new_file(), wanted));
        }
    }
    for v in [&mut touched.old, &mut touched.new] {
        v.sort();
        v.dedup();
    }
    touched
}

/// The nearest directory at or above `path` that holds `.git`, as git names it in its
/// advice (symlinks resolved); `path` itself when there is none.
fn worktree_root(path: &Path) -> PathBuf {
    let start = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&start)
        .to_path_buf()
}

/// `text` as one shell word: as is when it has only safe characters, else single-quoted.
fn shell_quote(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The promisor remote of a partial clone: `extensions.partialclone`, else the first
/// remote with `remote.<name>.promisor` set; None for a full clone.
fn promisor_remote(repo: &Repository) -> Option<String> {
    let config = repo.config().ok()?.snapshot().ok()?;
    let usable = |name: &str| !name.is_empty() && !name.starts_with('-');
    if let Ok(name) = config.get_string("extensions.partialclone")
        && usable(&name)
    {
        return Some(name);
    }
    let remotes = repo.remotes().ok()?;
    remotes
        .iter()
        .filter_map(|name| name.ok().flatten())
        .find(|name| {
            usable(name)
                && config
                    .get_bool(&format!("remote.{name}.promisor"))
                    .unwrap_or(false)
        })
        .map(str::to_string)
}

/// Fetches `ids` from `remote` with the git CLI in one request, as git's own on-demand
/// fetch does; the error is git's last words or why git could not run.
fn fetch_blobs(root: &Path, remote: &str, ids: &[Oid]) -> Result<(), String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "fetch.negotiationAlgorithm=noop", "fetch", remote])
        .args([
            "--no-tags",
            "--no-write-fetch-head",
            "--recurse-submodules=no",
        ])
        .args(["--filter=blob:none", "--stdin"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let list: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("git fetch did not finish: {e}"))?;
    let _ = writer.join();
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    // git's first error line says what went wrong; advice follows it.
    let said = stderr
        .lines()
        .find_map(|l| {
            l.strip_prefix("fatal: ")
                .or_else(|| l.strip_prefix("error: "))
        })
        .or_else(|| stderr.lines().rfind(|l| !l.trim().is_empty()));
    Err(match said {
        Some(line) => line.trim().trim_end_matches('.').to_string(),
        None => format!("git fetch exited with {}", out.status),
    })
}

/// The options of every diff here: no context lines, submodules left out.
fn diff_options() -> DiffOptions {
    let mut opts = DiffOptions::new();
    opts.context_lines(0).ignore_submodules(true);
    opts
}

/// Adds line `n` (ascending) to sorted inclusive ranges, extending the last one when
/// `n` follows it.
fn push_line(ranges: &mut Vec<(u32, u32)>, n: u32) {
    match ranges.last_mut() {
        Some(last) if last.1.checked_add(1) == Some(n) => last.1 = n,
        _ => ranges.push((n, n)),
    }
}

/// The lines of `new` that the change from `old` adds, as sorted inclusive ranges (1-based),
/// by the same diff as [`Git::changes`] computes for a file; None when git takes either
/// text for binary (such a file has no added lines).
pub fn added_lines(old: &[u8], new: &[u8]) -> Result<Option<Vec<(u32, u32)>>, git2::Error> {
    let mut opts = diff_options();
    let patch = git2::Patch::from_buffers(old, None, new, None, Some(&mut opts))?;
    if patch.delta().flags().is_binary() {
        return Ok(None);
    }
    let mut added = Vec::new();
    for h in 0..patch.num_hunks() {
        for l in 0..patch.num_lines_in_hunk(h)? {
            let line = patch.line_in_hunk(h, l)?;
            if line.origin() == '+'
                && let Some(n) = line.new_lineno()
            {
                push_line(&mut added, n);
            }
        }
    }
    Ok(Some(added))
}

/// Every line of a new file as added lines; none for a binary file, as git's diff has.
fn all_lines(bytes: &[u8]) -> Vec<(u32, u32)> {
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return Vec::new();
    }
    let breaks = bytes.iter().filter(|&&b| b == b'\n').count();
    let lines = breaks + usize::from(!bytes.is_empty() && !bytes.ends_with(b"\n"));
    match u32::try_from(lines).unwrap_or(u32::MAX) {
        0 => Vec::new(),
        n => vec![(1, n)],
    }
}

fn decode(path: &str, bytes: Vec<u8>) -> FileContent {
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return FileContent::Skipped(SkipReason::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(s) => FileContent::Text(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)),
        Err(e) => {
            let bytes = e.into_bytes();
            let python =
                crate::lang::Language::from_path(path) == Some(crate::lang::Language::Python);
            match python.then(|| coding_cookie(&bytes)).flatten() {
                Some(name) if is_latin1(&name) => {
                    FileContent::Text(bytes.iter().map(|&b| char::from(b)).collect())
                }
                _ => FileContent::Skipped(SkipReason::NotUtf8),
            }
        }
    }
}

/// The encoding a PEP 263 coding cookie names in the first two lines
/// (`# -*- coding: latin-1 -*-`, `# vim: set fileencoding=latin-1 :`), lowercased.
fn coding_cookie(bytes: &[u8]) -> Option<String> {
    bytes.split(|&b| b == b'\n').take(2).find_map(|line| {
        let line = String::from_utf8_lossy(line);
        let comment = line
            .trim_start_matches([' ', '\t', '\x0c'])
            .strip_prefix('#')?;
        let at = comment.find("coding")?;
        let rest = comment[at + "coding".len()..].strip_prefix([':', '='])?;
        let name: String = rest
            .trim_start_matches([' ', '\t'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        (!name.is_empty()).then(|| name.to_ascii_lowercase().replace('_', "-"))
    })
}

/// Whether a coding cookie names ISO-8859-1 by one of Python's names for it.
fn is_latin1(name: &str) -> bool {
    matches!(
        name,
        "latin-1"
            | "latin1"
            | "latin"
            | "l1"
            | "iso-8859-1"
            | "iso8859-1"
            | "iso-latin-1"
            | "8859"
            | "cp819"
    ) || name.starts_with("iso-8859-1-")
        || name.starts_with("latin-1-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_are_the_new_lines_as_merged_ranges() {
        let old = b"a\nb\nc\n";
        assert_eq!(added_lines(old, old).unwrap(), Some(vec![]));
        assert_eq!(
            added_lines(old, b"x\na\nb\ny\nz\nc\nw").unwrap(),
            Some(vec![(1, 1), (4, 5), (7, 7)])
        );
        assert_eq!(added_lines(b"", b"a\nb\n").unwrap(), Some(vec![(1, 2)]));
        assert_eq!(added_lines(old, b"").unwrap(), Some(vec![]));
    }

    #[test]
    fn a_python_coding_cookie_for_latin_1_is_honoured() {
        let src = b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nCAFE = '\xe9'\n".to_vec();
        match decode("a.py", src.clone()) {
            FileContent::Text(t) => assert!(t.contains("CAFE = '\u{e9}'"), "{t}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode("a.go", src),
            FileContent::Skipped(SkipReason::NotUtf8)
        ));
        let late = b"\n\n# coding: latin-1\nx = '\xe9'\n".to_vec();
        assert!(matches!(
            decode("a.py", late),
            FileContent::Skipped(SkipReason::NotUtf8)
        ));
        assert_eq!(
            coding_cookie(b"# vim: set fileencoding=ISO_8859_1 :\n").as_deref(),
            Some("iso-8859-1")
        );
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_quote("/srv/repo-1"), "/srv/repo-1");
        assert_eq!(shell_quote("/srv/my repo"), "'/srv/my repo'");
        assert_eq!(shell_quote("/srv/it's"), r"'/srv/it'\''s'");
    }

    #[test]
    fn a_new_file_adds_all_its_lines() {
        assert_eq!(all_lines(b""), []);
        assert_eq!(all_lines(b"\n"), [(1, 1)]);
        assert_eq!(all_lines(b"a\nb\n"), [(1, 2)]);
        assert_eq!(all_lines(b"a\nb"), [(1, 2)]);
        assert_eq!(all_lines(b"a\0b\n"), []);
        // As git's diff of an added file counts them.
        let text = b"x = 1\n\ny = 2";
        assert_eq!(added_lines(b"", text).unwrap(), Some(all_lines(text)));
    }

    #[test]
    fn a_binary_text_has_no_added_lines() {
        assert_eq!(added_lines(b"a\n", b"a\0b\n").unwrap(), None);
    }
}
