//! Scores on disk, keyed by (model, instruction, query text, document text), so a re-run
//! of the same pull request scores nothing twice. One line per score, appended.

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

pub struct ScoreCache {
    path: Option<PathBuf>,
    scores: FxHashMap<[u8; 16], f32>,
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
            path: None,
            scores: FxHashMap::default(),
        }
    }

    /// Opens `dir/scores-v1.tsv`; a cache that cannot be read starts empty.
    pub fn open(dir: &Path) -> ScoreCache {
        let path = dir.join("scores-v1.tsv");
        let mut scores = FxHashMap::default();
        if let Ok(f) = std::fs::File::open(&path) {
            for line in std::io::BufReader::new(f).lines().map_while(Result::ok) {
                let Some((k, v)) = line.split_once('\t') else {
                    continue;
                };
                let (Some(k), Ok(v)) = (parse_key(k), v.parse::<f32>()) else {
                    continue;
                };
                scores.insert(k, v);
            }
        }
        ScoreCache {
            path: Some(path),
            scores,
        }
    }

    pub fn get(&self, k: &[u8; 16]) -> Option<f32> {
        self.scores.get(k).copied()
    }

    /// Adds logits and appends them to the file; returns an error message if it could not.
    pub fn put_all(&mut self, entries: &[([u8; 16], f32)]) -> Result<(), String> {
        for (k, v) in entries {
            self.scores.insert(*k, *v);
        }
        let Some(path) = &self.path else {
            return Ok(());
        };
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?;
            let mut buf = String::new();
            for (k, v) in entries {
                buf.push_str(&super::manifest::hex(k));
                buf.push('\t');
                buf.push_str(&v.to_string());
                buf.push('\n');
            }
            f.write_all(buf.as_bytes())
        };
        write().map_err(|e| format!("cannot write the score cache {}: {e}", path.display()))
    }
}

fn parse_key(s: &str) -> Option<[u8; 16]> {
    if s.len() != 32 {
        return None;
    }
    let mut k = [0u8; 16];
    for (i, b) in k.iter_mut().enumerate() {
        *b = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(k)
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
}
