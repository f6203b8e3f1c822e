//! `model check DIR`: files, hashes, tokenizer, ONNX signature, and one smoke pair.

use crate::ExitStatus;
use crate::config::ModelConfig;
use crate::rerank::manifest::ModelDir;
use crate::rerank::{Reranker, hub, runtime, score_of};

const SMOKE_QUERY: &str = "def add(a, b):\n    return a + b\n";
const SMOKE_SAME: &str = "def plus(x, y):\n    return x + y\n";
const SMOKE_OTHER: &str =
    "def read_lines(path):\n    with open(path) as f:\n        return f.read().splitlines()\n";

pub fn check(
    dir: &std::path::Path,
    ort_lib: Option<&std::path::Path>,
) -> anyhow::Result<ExitStatus> {
    let model = ModelDir::open(dir)?;
    let m = &model.manifest;
    println!(
        "manifest: {} ({:?}, {}, max_length {})",
        m.model, m.signature, m.precision, m.max_length
    );
    let bad = model.verify_hashes()?;
    if !bad.is_empty() {
        anyhow::bail!(
            "model directory {}: sha256 mismatch for {} (the files changed or are corrupt; re-export or re-download them)",
            dir.display(),
            bad.join(", ")
        );
    }
    println!("files: {} present, sha256 verified", m.files.len());
    let lib = runtime::locate(ort_lib)?;
    println!("onnx runtime: {}", lib.display());
    let config = ModelConfig {
        cache: false,
        ..ModelConfig::default()
    };
    let mut reranker = Reranker::load(dir, &config, Some(&lib))?;
    let source = if m.hub.is_some() {
        "read from the graph"
    } else {
        "matches the manifest"
    };
    println!("signature: {:?} ({source})", reranker.signature());
    let logits = reranker.logits(&[(SMOKE_QUERY, SMOKE_SAME), (SMOKE_QUERY, SMOKE_OTHER)])?;
    if logits.iter().any(|l| !l.is_finite()) {
        anyhow::bail!(
            "model {}: the smoke pair gave non-finite logits {logits:?}",
            dir.display()
        );
    }
    println!(
        "smoke pair: same behaviour {:.4}, unrelated {:.4}",
        score_of(logits[0]),
        score_of(logits[1])
    );
    println!("ok");
    Ok(ExitStatus::Success)
}

/// `model pull SPEC`: the model hub repository's files into the cache (or found there),
/// verified; prints the directory, the commit and each file's size.
pub fn pull(spec: &str, device: crate::config::Device) -> anyhow::Result<ExitStatus> {
    let pulled = hub::pull_spec(spec, device, &crate::progress::Progress::new(false))?;
    let model = ModelDir::open(&pulled.dir)?;
    model.verify(crate::cache_dir::default_dir().as_deref())?;
    if let Some(revision) = &pulled.resolved {
        eprintln!("{}", hub::pin_notice(&pulled, revision));
    }
    println!("directory: {}", pulled.dir.display());
    println!("commit: {}", pulled.commit);
    for (name, size) in &pulled.files {
        let fresh = if pulled.downloaded.contains(name) {
            "downloaded"
        } else {
            "cached"
        };
        println!("{size:>14}  {name}  ({fresh})");
    }
    let total: u64 = pulled.files.iter().map(|(_, s)| s).sum();
    println!(
        "{total:>14}  total, sha256 pinned in {}",
        crate::rerank::manifest::FILE_NAME
    );
    Ok(ExitStatus::Success)
}
