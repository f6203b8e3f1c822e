//! Scores on disk, keyed by (model, instruction, query text, document text), so a re-run
//! of the same pull request scores nothing twice. One small sealed file per score (see
//! `disk_cache`): parallel runs and killed runs cannot damage each other's entries, and
//! each entry's time says when it was last used, for pruning.

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

use crate::disk_cache;

pub struct ScoreCache {
    dir: Option<PathBuf>,
    /// Scores of this run, so a pair asked for twice is read once.
    scores: std::sync::Mutex<FxHashMap<[u8; 16], f32>>,
}

pub fn key(model: &str, instruction: &str, query: &str, document: &str) -> [u8; 16] {
    let mut h = Sha256::new();
    for part in [model, instruction, query, document] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let mut k = [0u8; 16];
    k.copy_from_slice(&h.finalize()[..16]);
    k
}

impl ScoreCache {
    pub fn disabled() -> ScoreCache {
        ScoreCache {
            dir: None,
            scores: Default::default(),
        }
    }

    /// The score cache under the cache root `dir`; nothing is read until asked for.
    pub fn open(dir: &Path) -> ScoreCache {
        ScoreCache {
            dir: Some(dir.join(disk_cache::SCORES_DIR)),
            scores: Default::default(),
        }
    }

    fn file(&self, k: &[u8; 16]) -> Option<PathBuf> {
        let hex = super::manifest::hex(k);
        Some(self.dir.as_ref()?.join(&hex[..2]).join(&hex[2..]))
    }

    /// The stored logit of `k`; a missing or damaged entry is `None` (scored again, then
    /// rewritten by [`Self::put_all`]).
    pub fn get(&self, k: &[u8; 16]) -> Option<f32> {
        let mut scores = self.scores.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = scores.get(k) {
            return Some(*v);
        }
        let payload = disk_cache::read_entry(&self.file(k)?)?;
        let v = f32::from_le_bytes(payload.as_slice().try_into().ok()?);
        if !v.is_finite() {
            return None;
        }
        scores.insert(*k, v);
        Some(v)
    }

    /// Adds logits and writes them to disk; returns an error message if it could not.
    pub fn put_all(&mut self, entries: &[([u8; 16], f32)]) -> Result<(), String> {
        let scores = self.scores.get_mut().unwrap_or_else(|e| e.into_inner());
        for (k, v) in entries {
            scores.insert(*k, *v);
        }
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        for (k, v) in entries {
            let file = self.file(k).expect("an enabled cache has a dir");
            disk_cache::write_entry(&file, &v.to_le_bytes())
                .map_err(|e| format!("cannot write the score cache {}: {e}", dir.display()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let k = key("m", "i", "q", "d");
        let mut c = ScoreCache::open(dir.path());
        assert_eq!(c.get(&k), None);
        c.put_all(&[(k, -1.25)]).unwrap();
        let c = ScoreCache::open(dir.path());
        assert_eq!(c.get(&k), Some(-1.25));
        assert_ne!(key("m", "i", "q", "d"), key("m", "i", "qd", ""));
    }

    #[test]
    fn a_damaged_score_is_scored_again_and_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let k = key("m", "i", "q", "d");
        ScoreCache::open(dir.path()).put_all(&[(k, 0.5)]).unwrap();
        let file = ScoreCache::open(dir.path()).file(&k).unwrap();
        let whole = std::fs::read(&file).unwrap();
        std::fs::write(&file, &whole[..whole.len() - 1]).unwrap();
        let mut c = ScoreCache::open(dir.path());
        assert_eq!(c.get(&k), None, "a truncated entry is no score");
        c.put_all(&[(k, 0.5)]).unwrap();
        assert_eq!(ScoreCache::open(dir.path()).get(&k), Some(0.5));
    }
}
