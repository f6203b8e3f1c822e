//! The function cache: a second check reads functions instead of parsing, and gives the
//! same findings; a damaged cache is ignored; --no-cache leaves no trace.

mod common;

use common::{TestRepo, run_in_env};

const UTIL: &str = "\
def load_config(path):
    with open(path) as fh:
        data = json.load(fh)
    if 'name' not in data:
        raise ValueError('missing name')
    return data
";

const COPY: &str = "\
def read_settings(filename):
    with open(filename) as f:
        cfg = json.load(f)
    if 'title' not in cfg:
        raise ValueError('no title')
    return cfg
";

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
    let repo = TestRepo::with_base(&[("pkg/util.py", UTIL)]);
    repo.branch("feature").checkout("feature");
    repo.write("pkg/new.py", COPY).stage_all().commit("copy");
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
