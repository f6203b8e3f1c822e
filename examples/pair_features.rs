//! Dumps the candidate pool, pair features and structural score of every function under
//! `dedupe_eval/` in an evaluation repository made by eval/build.py (working tree at
//! branch `pr`), for eval/fit_weights.py and eval/run.py. Indexes the tracked Python files
//! as `dedupe-check pr` does (same size floor: 30 tokens and 2 statements, existing functions 15 tokens; test, vendored and
//! generated files left out), eval case files
//! last; candidates are existing functions only (never another case file).
//!
//!     cargo run --release --example pair_features -- REPO > features.jsonl

use dedupe_check::candidates::{CandidateIndex, FEATURE_NAMES};
use dedupe_check::extract::{Function, extract};
use dedupe_check::lang::Language;
use std::process::Command;

fn main() {
    let repo = std::env::args().nth(1).expect("usage: pair_features REPO");
    let out = Command::new("git")
        .args(["-C", &repo, "ls-files", "*.py"])
        .output()
        .expect("git ls-files");
    let paths = String::from_utf8_lossy(&out.stdout).to_string();
    let mut existing: Vec<Function> = Vec::new();
    let mut new: Vec<Function> = Vec::new();
    for path in paths.lines() {
        // What `dedupe-check pr` leaves out by default: test, vendored and generated code.
        let python = Language::Python;
        if python.is_test_path(path) || python.is_vendored_path(path) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(format!("{repo}/{path}")) else {
            continue;
        };
        let got = extract(python, path, &text);
        for f in got.functions {
            // The size floor of `pr`: checked functions 30 tokens, candidates half that.
            let case = path.starts_with("dedupe_eval/");
            if f.tokens() < if case { 30 } else { 15 } || f.statements < 2 {
                continue;
            }
            if case {
                new.push(f);
            } else {
                existing.push(f);
            }
        }
    }
    let first_new = existing.len();
    existing.extend(new);
    let functions = existing;
    let index = CandidateIndex::build(&functions);
    println!(
        "{{\"features\": {:?}, \"existing\": {first_new}}}",
        FEATURE_NAMES
    );
    for q in first_new..functions.len() {
        let f = &functions[q];
        let cands: Vec<String> = index
            .pool(q, 20, &|d| d >= first_new || f.calls(&functions[d]))
            .into_iter()
            .map(|d| {
                let g = &functions[d];
                let x = index.features(f, g);
                format!(
                    "[{:?},{},{},{:?},{}]",
                    g.path,
                    g.start_line,
                    g.end_line,
                    x.iter()
                        .map(|v| (v * 10000.0).round() / 10000.0)
                        .collect::<Vec<_>>(),
                    index.score(q, d).score
                )
            })
            .collect();
        println!(
            "{{\"path\":{:?},\"start_line\":{},\"end_line\":{},\"pool\":[{}]}}",
            f.path,
            f.start_line,
            f.end_line,
            cands.join(",")
        );
    }
}
