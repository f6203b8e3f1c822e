//! The function cache: a second check reads functions instead of parsing, and gives the
//! same findings; a damaged cache is ignored; --no-cache leaves no trace.

mod common;

use common::{LOAD_CONFIG, READ_SETTINGS, TestRepo, run_in_env};

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p)
            } else {
                out.push(p)
            }
        }
    }
    out
}

#[test]
fn a_warm_cache_gives_the_same_findings_and_a_damaged_one_is_ignored() {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.branch("feature").checkout("feature");
    repo.write("pkg/new.py", READ_SETTINGS)
        .stage_all()
        .commit("copy");
    let cache = tempfile::tempdir().unwrap();
    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())];
    let args = ["pr", "--base", "main", "--format", "json"];
    let findings = |out: &common::Run| out.json()["findings"].to_string();

    let cold = run_in_env(repo.path(), &args, &env);
    cold.code(1);
    let stored = files_under(cache.path());
    assert_eq!(stored.len(), 2, "one record per blob: {stored:?}");

    let warm = run_in_env(repo.path(), &args, &env);
    assert_eq!(findings(warm.code(1)), findings(&cold));

    for f in &stored {
        std::fs::write(f, b"not a record").unwrap();
    }
    let damaged = run_in_env(repo.path(), &args, &env);
    assert_eq!(findings(damaged.code(1)), findings(&cold));

    let fresh = tempfile::tempdir().unwrap();
    let env = [("DEDUPE_CHECK_CACHE_DIR", fresh.path().to_str().unwrap())];
    let args = ["pr", "--base", "main", "--format", "json", "--no-cache"];
    assert_eq!(
        findings(run_in_env(repo.path(), &args, &env).code(1)),
        findings(&cold)
    );
    assert!(files_under(fresh.path()).is_empty());
}

#[test]
fn a_cached_file_still_meets_a_lowered_size_limit() {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.branch("feature").checkout("feature");
    repo.write("pkg/new.py", READ_SETTINGS)
        .stage_all()
        .commit("copy");
    let cache = tempfile::tempdir().unwrap();
    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())];
    run_in_env(repo.path(), &["pr", "--base", "main"], &env).code(1);
    repo.write(".dedupe-check.yml", "max_file_bytes: 100\n");
    let out = run_in_env(repo.path(), &["pr", "--base", "main"], &env);
    out.code(0);
    assert!(
        out.stderr
            .contains("pkg/new.py: skipped, larger than max_file_bytes"),
        "{}",
        out.stderr
    );
}
