//! What the function and score caches share on disk: one file per entry, written whole
//! (temp file + rename in the same folder) and sealed with a length and checksum, so that
//! parallel runs, a run killed mid-write and a damaged disk leave nothing half-read; entry
//! times that say when each was last used; and pruning by age and total size, at most once a
//! day.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// The folders (one per cache and format version) that the current version reads.
pub const FUNCTIONS_DIR: &str = "functions-v14";
pub const SCORES_DIR: &str = "scores-v2";
/// Model files whose sha256 was verified (by path, size and mtime).
pub const MODELS_DIR: &str = "verified-models-v1";
/// When the last prune ran (its mtime).
const STAMP: &str = "last-prune";
/// Names in the cache root that are this tool's, current or from older versions; `clear`
/// removes only these, so a cache dir set by mistake to a folder with other files loses
/// nothing else.
fn is_ours(name: &str) -> bool {
    name.starts_with("functions-v")
        || name.starts_with("scores-v")
        || name.starts_with("verified-models-v")
        || name == STAMP
}

/// How long between two prunes of one cache dir.
pub const PRUNE_INTERVAL: Duration = Duration::from_secs(24 * 3600);
/// Entries are touched on use only when their time is older than this, so a warm run does
/// not rewrite thousands of inode times.
const TOUCH_AFTER: Duration = Duration::from_secs(3600);
/// A temp file older than this is what a killed run left behind.
const STALE_TEMP: Duration = Duration::from_secs(3600);

const MAGIC: &[u8; 4] = b"DCE1";
const HEADER: usize = 4 + 8 + 8;

fn checksum(payload: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(payload);
    h.write_usize(payload.len());
    h.finish()
}

/// `payload` with a header that lets [`unseal`] tell a whole entry from a damaged one.
pub fn seal(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of a sealed entry; `None` when it is truncated, garbled or not an entry.
pub fn unseal(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.len() < HEADER || &bytes[..4] != MAGIC {
        return None;
    }
    let len = u64::from_le_bytes(bytes[4..12].try_into().ok()?);
    let sum = u64::from_le_bytes(bytes[12..20].try_into().ok()?);
    let payload = &bytes[HEADER..];
    (payload.len() as u64 == len && checksum(payload) == sum).then_some(payload)
}

/// Reads a sealed entry and marks it used; `None` when absent or damaged (the caller
/// computes it again and [`write_entry`] replaces it).
pub fn read_entry(path: &Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    let payload = unseal(&bytes)?.to_vec();
    touch(path);
    Some(payload)
}

/// Writes a sealed entry atomically: readers see the old file or the new one, never part.
pub fn write_entry(path: &Path, payload: &[u8]) -> std::io::Result<()> {
    write_atomic(path, &seal(payload))
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temp file in `path`'s folder (rename is atomic only within one file system), named
/// apart for each process and each write within it.
fn temp_path(path: &Path) -> PathBuf {
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp.{}.{n}", std::process::id()))
}

fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp.")
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = match std::fs::File::create(&tmp) {
            // A parallel run's prune removed the folder while it was empty: once more.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::File::create(&tmp)?
            }
            other => other?,
        };
        f.write_all(bytes)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Sets the entry's mtime to now, when it is older than [`TOUCH_AFTER`]: pruning removes
/// what was not used for a while. A read-only cache is only never pruned by use.
fn touch(path: &Path) {
    let now = SystemTime::now();
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    let old = meta
        .modified()
        .ok()
        .and_then(|m| now.duration_since(m).ok())
        .is_none_or(|age| age > TOUCH_AFTER);
    if old && let Ok(f) = std::fs::File::options().write(true).open(path) {
        let _ = f.set_modified(now);
    }
}

/// When entries go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries not used for this many days.
    pub max_age_days: u32,
    /// The oldest-used entries beyond this many bytes in all.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_age_days: 30,
            max_bytes: 1024 * 1024 * 1024,
        }
    }
}

/// What one prune did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pruned {
    pub removed_files: u64,
    pub removed_bytes: u64,
    pub kept_files: u64,
    pub kept_bytes: u64,
}

struct Entry {
    path: PathBuf,
    bytes: u64,
    used: SystemTime,
}

/// Every file under `dir` (or `dir` itself when it is a file), with its size and mtime.
fn entries(dir: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    if let Ok(meta) = std::fs::metadata(dir)
        && meta.is_file()
    {
        out.push(Entry {
            path: dir.to_path_buf(),
            bytes: meta.len(),
            used: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        });
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in read.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                stack.push(e.path());
            } else if meta.is_file() {
                out.push(Entry {
                    path: e.path(),
                    bytes: meta.len(),
                    used: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                });
            }
        }
    }
    out
}

/// The caches (ours) in `root`: one folder each, or a file for older versions
/// (`scores-v1.tsv`).
fn cache_dirs(root: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = read
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| is_ours(n) && n != STAMP)
        })
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() || t.is_file()))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    dirs
}

/// Prunes `root` when the last prune is more than [`PRUNE_INTERVAL`] ago (or never was);
/// `None` when it was not due. Cheap when not due: one stat.
pub fn prune_if_due(root: &Path, limits: Limits) -> Option<Pruned> {
    let stamp = root.join(STAMP);
    let due = std::fs::metadata(&stamp)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_none_or(|since| since >= PRUNE_INTERVAL);
    if !due || !root.is_dir() {
        return None;
    }
    Some(prune(root, limits))
}

/// Removes temp files that killed runs left, entries not used for `max_age_days`, then
/// the least recently used entries until the rest fit in `max_bytes`; then stamps the time.
/// Older versions' folders are entries like any other: unused, they age out.
pub fn prune(root: &Path, limits: Limits) -> Pruned {
    let now = SystemTime::now();
    let max_age = Duration::from_secs(u64::from(limits.max_age_days) * 24 * 3600);
    let age = |e: &Entry| now.duration_since(e.used).unwrap_or_default();
    let mut done = Pruned::default();
    let remove = |e: &Entry, done: &mut Pruned| {
        // Another run may have removed it first: gone is gone.
        let _ = std::fs::remove_file(&e.path);
        done.removed_files += 1;
        done.removed_bytes += e.bytes;
    };
    let mut kept = Vec::new();
    for dir in cache_dirs(root) {
        for e in entries(&dir) {
            let name = e.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let stale = if is_temp(name) {
                age(&e) > STALE_TEMP
            } else {
                age(&e) > max_age
            };
            if stale {
                remove(&e, &mut done);
            } else if !is_temp(name) {
                kept.push(e);
            }
        }
    }
    let mut total: u64 = kept.iter().map(|e| e.bytes).sum();
    if total > limits.max_bytes {
        // Least recently used first.
        kept.sort_by_key(|e| e.used);
        let mut rest = Vec::new();
        for e in kept {
            if total > limits.max_bytes {
                total -= e.bytes;
                remove(&e, &mut done);
            } else {
                rest.push(e);
            }
        }
        kept = rest;
    }
    done.kept_files = kept.len() as u64;
    done.kept_bytes = kept.iter().map(|e| e.bytes).sum();
    for dir in cache_dirs(root) {
        remove_empty_dirs(&dir);
    }
    let _ = write_atomic(&root.join(STAMP), b"");
    done
}

/// Removes empty folders under `dir` (and `dir` itself when it ends up empty).
fn remove_empty_dirs(dir: &Path) -> bool {
    let Ok(read) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut empty = true;
    for e in read.flatten() {
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if !(is_dir && remove_empty_dirs(&e.path())) {
            empty = false;
        }
    }
    // Fails harmlessly when a parallel run has just written into it.
    empty && std::fs::remove_dir(dir).is_ok()
}

/// What one cache holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheInfo {
    /// The folder's name in the cache root, e.g. `functions-v14`.
    pub name: String,
    /// What it holds: "functions", "scores", "verified models", or "older version".
    pub kind: &'static str,
    pub entries: u64,
    pub bytes: u64,
}

/// Every cache folder in `root`: the current ones always (maybe empty), older versions when
/// present.
pub fn info(root: &Path) -> Vec<CacheInfo> {
    let mut out: Vec<CacheInfo> = [
        (FUNCTIONS_DIR, "functions"),
        (SCORES_DIR, "scores"),
        (MODELS_DIR, "verified models"),
    ]
    .into_iter()
    .map(|(name, kind)| CacheInfo {
        name: name.into(),
        kind,
        entries: 0,
        bytes: 0,
    })
    .collect();
    for dir in cache_dirs(root) {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let files: Vec<Entry> = entries(&dir)
            .into_iter()
            .filter(|e| !is_temp(e.path.file_name().and_then(|n| n.to_str()).unwrap_or("")))
            .collect();
        let (entries, bytes) = (files.len() as u64, files.iter().map(|e| e.bytes).sum());
        match out.iter_mut().find(|c| c.name == name) {
            Some(c) => {
                c.entries = entries;
                c.bytes = bytes;
            }
            None => out.push(CacheInfo {
                name,
                kind: "older version",
                entries,
                bytes,
            }),
        }
    }
    out
}

/// When the last prune ran, if ever.
pub fn last_prune(root: &Path) -> Option<SystemTime> {
    std::fs::metadata(root.join(STAMP))
        .and_then(|m| m.modified())
        .ok()
}

/// Removes every cache folder of this tool in `root` (and the prune stamp); other files
/// stay. Returns the files and bytes removed.
pub fn clear(root: &Path) -> std::io::Result<(u64, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    for dir in cache_dirs(root) {
        for e in entries(&dir) {
            files += 1;
            bytes += e.bytes;
        }
        let removed = if dir.is_dir() {
            std::fs::remove_dir_all(&dir)
        } else {
            std::fs::remove_file(&dir)
        };
        match removed {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    match std::fs::remove_file(root.join(STAMP)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    Ok((files, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(path: &Path, days: u64) {
        let t = SystemTime::now() - Duration::from_secs(days * 24 * 3600);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    #[test]
    fn sealed_entries_reject_truncation_and_garbage() {
        let sealed = seal(b"payload bytes");
        assert_eq!(unseal(&sealed), Some(&b"payload bytes"[..]));
        for cut in 0..sealed.len() {
            assert_eq!(unseal(&sealed[..cut]), None, "cut at {cut}");
        }
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(unseal(&flipped), None);
        assert_eq!(unseal(b"not an entry at all, just bytes"), None);
    }

    #[test]
    fn prune_removes_old_entries_then_the_least_recently_used_beyond_the_cap() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(FUNCTIONS_DIR).join("python").join("ab");
        let path = |n: &str| dir.join(n);
        for (name, days) in [("old", 40), ("mid", 10), ("new", 1), ("newest", 0)] {
            write_entry(&path(name), &[0u8; 100]).unwrap();
            age(&path(name), days);
        }
        // What a killed run left, and a file that is not ours.
        std::fs::write(path(".x.tmp.1.0"), b"half").unwrap();
        age(&path(".x.tmp.1.0"), 1);
        std::fs::write(root.path().join("notes.txt"), b"keep me").unwrap();

        let limits = Limits {
            max_age_days: 30,
            max_bytes: 2 * (HEADER as u64 + 100),
        };
        let done = prune(root.path(), limits);
        assert!(!path("old").exists(), "unused for 40 days");
        assert!(!path("mid").exists(), "least recently used beyond the cap");
        assert!(path("new").exists() && path("newest").exists());
        assert!(!path(".x.tmp.1.0").exists());
        assert!(root.path().join("notes.txt").exists());
        assert_eq!(done.removed_files, 3);
        assert_eq!(done.kept_files, 2);
        // Not due again today.
        assert_eq!(prune_if_due(root.path(), limits), None);
    }

    #[test]
    fn reading_an_entry_marks_it_used() {
        let root = tempfile::tempdir().unwrap();
        let p = root.path().join(SCORES_DIR).join("e");
        write_entry(&p, b"1").unwrap();
        age(&p, 40);
        assert_eq!(read_entry(&p).as_deref(), Some(&b"1"[..]));
        prune(root.path(), Limits::default());
        assert!(p.exists(), "used just now");
    }

    #[test]
    fn clear_removes_only_our_folders() {
        let root = tempfile::tempdir().unwrap();
        write_entry(&root.path().join(SCORES_DIR).join("a"), b"1").unwrap();
        write_entry(&root.path().join("functions-v7").join("b"), b"2").unwrap();
        std::fs::write(root.path().join("other"), b"x").unwrap();
        let (files, _) = clear(root.path()).unwrap();
        assert_eq!(files, 2);
        assert!(root.path().join("other").exists());
        assert_eq!(info(root.path()).iter().map(|c| c.entries).sum::<u64>(), 0);
    }
}
