//! `dedupe-model.json`: what a model directory holds and how to read it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::RerankError;

pub const FILE_NAME: &str = "dedupe-model.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signature {
    /// `logits` [batch, seq, vocab], as community exports give.
    FullLogits,
    /// `yes_minus_no` [batch]: only the number the score needs.
    LogitDiff,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub model: String,
    pub signature: Signature,
    #[serde(default = "default_precision")]
    pub precision: String,
    pub max_length: usize,
    #[serde(default = "default_yes")]
    pub yes_token: String,
    #[serde(default = "default_no")]
    pub no_token: String,
    /// File name → sha256 hex, for every file of the model (model.onnx, its external data,
    /// tokenizer.json).
    pub files: BTreeMap<String, String>,
    /// model.onnx takes a past (the keys and values of a shared prompt head) and returns
    /// them: the prefix-cache graph of models/export.py. Absent in older directories.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prefix_cache: bool,
    /// The ONNX graph, a path inside the directory (absent: `model.onnx`). Its external
    /// data files sit beside it, where ONNX Runtime looks for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph: Option<String>,
    /// Where a directory pulled from a model hub came from; its graph's own inputs and
    /// outputs then decide the signature (the hub says nothing of it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hub: Option<HubSource>,
}

/// The model hub repository and commit a directory was pulled from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubSource {
    pub repo: String,
    pub commit: String,
}

impl Manifest {
    /// The ONNX graph's path inside the model directory.
    pub fn graph(&self) -> &str {
        self.graph.as_deref().unwrap_or(DEFAULT_GRAPH)
    }
}

/// The graph of an exported model directory.
pub const DEFAULT_GRAPH: &str = "model.onnx";

fn default_precision() -> String {
    "fp32".into()
}
fn default_yes() -> String {
    "yes".into()
}
fn default_no() -> String {
    "no".into()
}

/// A model directory whose manifest parsed and whose files are present.
#[derive(Debug, Clone)]
pub struct ModelDir {
    pub dir: PathBuf,
    pub manifest: Manifest,
}

impl ModelDir {
    pub fn open(dir: &Path) -> Result<ModelDir, RerankError> {
        if !dir.is_dir() {
            return Err(RerankError::ModelDir {
                dir: dir.to_path_buf(),
                message: "not a directory (see models/README.md for how to export the model)"
                    .into(),
            });
        }
        let path = dir.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|e| RerankError::ModelDir {
            dir: dir.to_path_buf(),
            message: format!("cannot read {FILE_NAME}: {e} (write it with `python models/export.py --manifest-only {}`)", dir.display()),
        })?;
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|e| RerankError::ModelDir {
                dir: dir.to_path_buf(),
                message: format!("{FILE_NAME}:{}:{}: {e}", e.line(), e.column()),
            })?;
        if manifest.format != 1 {
            return Err(RerankError::ModelDir {
                dir: dir.to_path_buf(),
                message: format!(
                    "{FILE_NAME}: format {} is not supported (this build reads format 1)",
                    manifest.format
                ),
            });
        }
        for required in [manifest.graph(), "tokenizer.json"] {
            if !manifest.files.contains_key(required) {
                return Err(RerankError::ModelDir {
                    dir: dir.to_path_buf(),
                    message: format!("{FILE_NAME}: `files` does not list {required}"),
                });
            }
        }
        for name in manifest.files.keys() {
            let path = dir.join(name);
            let message = match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => continue,
                Ok(_) => format!("{name} is not a file (listed in {FILE_NAME})"),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    format!("{name} is missing (listed in {FILE_NAME})")
                }
                Err(e) => format!("cannot read {name}: {e}"),
            };
            return Err(RerankError::ModelDir {
                dir: dir.to_path_buf(),
                message,
            });
        }
        Ok(ModelDir {
            dir: dir.to_path_buf(),
            manifest,
        })
    }

    pub fn model_path(&self) -> PathBuf {
        self.dir.join(self.manifest.graph())
    }

    pub fn tokenizer_path(&self) -> PathBuf {
        self.dir.join("tokenizer.json")
    }

    /// A key that changes whenever the weights or tokenizer change (from the manifest's hashes).
    pub fn identity(&self) -> String {
        let mut h = Sha256::new();
        for (name, sha) in &self.manifest.files {
            h.update(name.as_bytes());
            h.update(sha.as_bytes());
        }
        hex(&h.finalize()[..16])
    }

    /// Re-hashes every listed file; returns the names whose sha256 differs.
    pub fn verify_hashes(&self) -> Result<Vec<String>, RerankError> {
        let mut bad = Vec::new();
        for (name, expected) in &self.manifest.files {
            let path = self.dir.join(name);
            let got = sha256_file(&path).map_err(|e| RerankError::ModelDir {
                dir: self.dir.clone(),
                message: format!("cannot read {name}: {e}"),
            })?;
            if !got.eq_ignore_ascii_case(expected) {
                bad.push(name.clone());
            }
        }
        Ok(bad)
    }
}

impl ModelDir {
    /// Fails, naming the files, when a file's sha256 is not the manifest's: a truncated
    /// download or a replaced file must not be scored with (its scores would be cached under
    /// the manifest's identity). Hashing a 1 GB model takes a while, so a file verified once
    /// is remembered in `memo` (the cache dir) by path, size, mtime and hash, and hashed again
    /// only when one of those changes.
    pub fn verify(&self, memo: Option<&Path>) -> Result<(), RerankError> {
        let mut bad = Vec::new();
        for (name, expected) in &self.manifest.files {
            let path = self.dir.join(name);
            let read_error = |e: std::io::Error| RerankError::ModelDir {
                dir: self.dir.clone(),
                message: format!("cannot read {name}: {e}"),
            };
            let meta = std::fs::metadata(&path).map_err(read_error)?;
            let record = memo.map(|m| memo_path(m, &path, &meta, expected));
            if record
                .as_deref()
                .is_some_and(|r| crate::disk_cache::read_entry(r).is_some())
            {
                continue;
            }
            let got = sha256_file(&path).map_err(read_error)?;
            if got.eq_ignore_ascii_case(expected) {
                if let Some(r) = record {
                    let _ = crate::disk_cache::write_entry(&r, b"ok");
                }
            } else {
                bad.push(name.clone());
            }
        }
        if bad.is_empty() {
            return Ok(());
        }
        Err(RerankError::ModelDir {
            dir: self.dir.clone(),
            message: format!(
                "sha256 of {} does not match {FILE_NAME} (a truncated or replaced file: \
                 download or export it again, see models/README.md)",
                bad.join(", ")
            ),
        })
    }
}

/// The memo of one verified file: keyed by everything that changes when the file does.
fn memo_path(memo: &Path, path: &Path, meta: &std::fs::Metadata, expected: &str) -> PathBuf {
    let mut h = Sha256::new();
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    h.update(path.to_string_lossy().as_bytes());
    h.update(meta.len().to_le_bytes());
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default();
    h.update(mtime.as_nanos().to_le_bytes());
    h.update(expected.to_ascii_lowercase().as_bytes());
    memo.join(crate::disk_cache::MODELS_DIR)
        .join(hex(&h.finalize()[..16]))
}

pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
