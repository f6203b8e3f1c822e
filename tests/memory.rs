//! Peak memory of scoring through a full-logits graph, whose output holds a float for
//! every vocabulary entry at every position (0.6 MB per token for Qwen3's 151 669
//! entries): batches are capped so that 16 texts of 512 tokens stay under 1 GiB. A file
//! of its own, so that no other test's child process counts in the peak.

mod common;

use common::{dep, model_dir};
use serde_json::{Value, json};

/// The largest resident set of the children this process has waited for, in bytes.
fn children_peak_rss() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_CHILDREN is a valid who.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    assert_eq!(rc, 0, "getrusage failed");
    // SAFETY: initialised by the successful call above.
    let usage = unsafe { usage.assume_init() };
    u64::try_from(usage.ru_maxrss).unwrap() * 1024
}

#[test]
fn sixteen_texts_of_512_tokens_through_a_full_logits_graph_stay_under_1_gib() {
    let dir = model_dir("tiny-qwen3/full-logits");
    let body: String = (0..150)
        .map(|i| format!("    total_{i} = compute(values[{i}], offset + {i})\n"))
        .collect();
    let pairs: Vec<Value> = (0..16)
        .map(|i| {
            json!({
                "query": format!("def first_{i}(values, offset):\n{body}"),
                "document": format!("def second_{i}(values, offset):\n{body}"),
            })
        })
        .collect();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_string(&pairs).unwrap()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dedupe-check"))
        .args(["rerank", "--no-cache", "--max-length", "512", "--model"])
        .arg(dir.path())
        .arg("--pairs")
        .arg(file.path())
        .env("ORT_DYLIB_PATH", dep("DEDUPE_TEST_ORT_LIB"))
        .env_remove("DEDUPE_CHECK_RERANKER_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scores: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scores.len(), 16);
    let peak = children_peak_rss();
    eprintln!("peak resident memory: {} MiB", peak >> 20);
    assert!(peak < 1 << 30, "peak {} MiB", peak >> 20);
}
