//! The function cache: a second check reads functions instead of parsing, and gives the
//! same findings; a damaged cache is ignored and rewritten; --no-cache leaves no trace;
//! parallel and killed runs share one cache safely; entries are pruned by age and size at
//! most once a day; `cache info` and `cache clear`.

mod common;

use common::{LOAD_CONFIG, READ_SETTINGS, TestRepo, run_in, run_in_env};

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

/// A branch `feature` off `main` adding a copy of `main`'s function, with `extra` files.
fn copy_pr(extra: &[(&str, &str)]) -> TestRepo {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.branch("feature").checkout("feature");
    repo.write("pkg/new.py", READ_SETTINGS);
    for (path, text) in extra {
        repo.write(path, text);
    }
    repo.stage_all().commit("copy");
    repo
}

#[test]
fn a_warm_cache_gives_the_same_findings_and_a_damaged_one_is_ignored() {
    let repo = copy_pr(&[]);
    let cache = tempfile::tempdir().unwrap();
    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())];
    let args = ["pr", "--base", "main", "--format", "json"];
    let findings = |out: &common::Run| out.json()["findings"].to_string();

    let cold = run_in_env(repo.path(), &args, &env);
    cold.code(1);
    let stored = files_under(cache.path());
    assert_eq!(
        stored.len(),
        3,
        "one record per blob, and the prune stamp: {stored:?}"
    );

    let warm = run_in_env(repo.path(), &args, &env);
    assert_eq!(findings(warm.code(1)), findings(&cold));

    for f in stored.iter().filter(|f| !f.ends_with("last-prune")) {
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
    let repo = copy_pr(&[]);
    let cache = tempfile::tempdir().unwrap();
    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())];
    run_in_env(repo.path(), &["pr", "--base", "main"], &env).code(1);
    repo.write(".dedupe-check.yml", "max_file_bytes: 100\n");
    let out = run_in_env(repo.path(), &["pr", "--base", "main"], &env);
    out.code(0);
    assert!(
        out.stderr
            .contains("not checked, larger than max_file_bytes: pkg/new.py"),
        "{}",
        out.stderr
    );
}

/// A repository whose feature branch adds a copy among `n` other new files, so that a cold
/// run writes many cache entries.
fn busy_repo(n: usize) -> TestRepo {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.branch("feature").checkout("feature");
    for i in 0..n {
        repo.write(
            &format!("pkg/gen/m{i}.py"),
            format!(
                "def handler_{i}(event, context):\n    total = {i}\n    for item in event['items']:\n        total += item * {i}\n    return total\n"
            ),
        );
    }
    repo.write("pkg/new.py", READ_SETTINGS)
        .stage_all()
        .commit("copy");
    repo
}

/// What must not differ between runs: everything but the timings.
fn stable(out: &common::Run) -> String {
    let mut json = out.json();
    json.as_object_mut().unwrap().remove("timings");
    json.to_string()
}

const PR_JSON: [&str; 5] = ["pr", "--base", "main", "--format", "json"];

#[test]
fn parallel_runs_on_one_cold_cache_give_the_same_output() {
    let repo = busy_repo(60);
    let cache = tempfile::tempdir().unwrap();
    let dir = cache.path().to_str().unwrap().to_string();
    let expected = stable(
        run_in(
            repo.path(),
            &["pr", "--base", "main", "--format", "json", "--no-cache"],
        )
        .code(1),
    );
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let (path, dir) = (repo.path().to_path_buf(), dir.clone());
            std::thread::spawn(move || {
                run_in_env(&path, &PR_JSON, &[("DEDUPE_CHECK_CACHE_DIR", &dir)])
            })
        })
        .collect();
    for r in runs {
        let out = r.join().unwrap();
        assert_eq!(stable(out.code(1)), expected);
    }
    // And the cache they wrote together reads back whole.
    let warm = run_in_env(repo.path(), &PR_JSON, &[("DEDUPE_CHECK_CACHE_DIR", &dir)]);
    assert_eq!(stable(warm.code(1)), expected);
    let stored = files_under(&cache.path().join("functions-v14"));
    assert_eq!(
        stored.len(),
        62,
        "one entry per blob, no temp file left: {stored:?}"
    );
}

#[test]
fn truncated_and_garbled_entries_are_ignored_and_rewritten() {
    let repo = busy_repo(4);
    let cache = tempfile::tempdir().unwrap();
    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())];
    let cold = stable(run_in_env(repo.path(), &PR_JSON, &env).code(1));
    let mut stored = files_under(&cache.path().join("functions-v14"));
    stored.sort();
    let originals: Vec<Vec<u8>> = stored.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert_eq!(stored.len(), 6);
    for (i, (f, bytes)) in stored.iter().zip(&originals).enumerate() {
        let damaged = match i % 3 {
            // Cut short, as by a full disk.
            0 => bytes[..bytes.len() / 2].to_vec(),
            // One flipped byte in the middle: still a well-formed record to a decoder.
            1 => {
                let mut b = bytes.clone();
                let mid = b.len() / 2;
                b[mid] ^= 0x5a;
                b
            }
            // Empty.
            _ => Vec::new(),
        };
        std::fs::write(f, damaged).unwrap();
    }
    let damaged = stable(run_in_env(repo.path(), &PR_JSON, &env).code(1));
    assert_eq!(damaged, cold);
    for (f, bytes) in stored.iter().zip(&originals) {
        assert_eq!(
            &std::fs::read(f).unwrap(),
            bytes,
            "{} rewritten",
            f.display()
        );
    }
}

#[test]
fn a_run_killed_while_writing_leaves_a_cache_the_next_run_reads() {
    let repo = busy_repo(1500);
    let cache = tempfile::tempdir().unwrap();
    let functions = cache.path().join("functions-v14");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dedupe-check"))
        .args(PR_JSON)
        .current_dir(repo.path())
        .env("DEDUPE_CHECK_CACHE_DIR", cache.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // SIGKILL as soon as entries are being written (no timing: the first entry is the cue).
    while files_under(&functions).is_empty() && child.try_wait().unwrap().is_none() {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())];
    let after = run_in_env(repo.path(), &PR_JSON, &env);
    let clean = run_in(
        repo.path(),
        &["pr", "--base", "main", "--format", "json", "--no-cache"],
    );
    assert_eq!(stable(after.code(1)), stable(clean.code(1)));
}

#[test]
fn entries_unused_for_the_configured_days_are_pruned_at_most_once_a_day() {
    let repo = copy_pr(&[(".dedupe-check.yml", "cache_max_age_days: 7\n")]);
    let cache = tempfile::tempdir().unwrap();
    let env = [("DEDUPE_CHECK_CACHE_DIR", cache.path().to_str().unwrap())];
    let aged = |name: &str, days: u64| {
        let p = cache.path().join("functions-v14/python/00").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"an entry").unwrap();
        let t = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 86_400);
        std::fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(t)
            .unwrap();
        p
    };
    let old = aged("old", 8);
    let recent = aged("recent", 6);
    run_in_env(repo.path(), &PR_JSON, &env).code(1);
    assert!(!old.exists(), "unused for 8 days, limit 7");
    assert!(recent.exists());
    // The next run the same day does not walk the cache again.
    let old_again = aged("old-again", 8);
    run_in_env(repo.path(), &PR_JSON, &env).code(1);
    assert!(old_again.exists(), "pruned once a day only");
    // `cache prune` does it now, with the config's limits.
    let out = run_in_env(repo.path(), &["cache", "prune"], &env);
    assert!(out.code(0).stdout.contains("removed 1 entries"), "{out}");
    assert!(!old_again.exists());
}

#[test]
fn cache_info_shows_and_cache_clear_empties_only_the_caches() {
    let repo = copy_pr(&[]);
    let cache = tempfile::tempdir().unwrap();
    let dir = cache.path().to_str().unwrap();
    let env = [("DEDUPE_CHECK_CACHE_DIR", dir)];
    run_in_env(repo.path(), &PR_JSON, &env).code(1);
    std::fs::write(cache.path().join("unrelated.txt"), b"not ours").unwrap();

    let info = run_in_env(repo.path(), &["cache", "info"], &env);
    let text = &info.code(0).stdout;
    assert!(
        text.starts_with(&format!("cache: {dir} (from DEDUPE_CHECK_CACHE_DIR)\n")),
        "{text}"
    );
    let line = |kind: &str| {
        text.lines()
            .find(|l| l.starts_with(kind))
            .unwrap_or_else(|| panic!("no {kind} line:\n{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(line("functions")[1], "2", "{text}");
    assert_eq!(line("scores")[1], "0", "{text}");

    let out = run_in_env(repo.path(), &["cache", "clear"], &env);
    assert!(out.code(0).stdout.starts_with("removed 2 entries"), "{out}");
    let info = run_in_env(repo.path(), &["cache", "info"], &env);
    assert_eq!(
        line_in(&info.stdout, "functions")[1],
        "0",
        "{}",
        info.stdout
    );
    assert!(cache.path().join("unrelated.txt").exists());
}

fn line_in<'a>(text: &'a str, kind: &str) -> Vec<&'a str> {
    text.lines()
        .find(|l| l.starts_with(kind))
        .unwrap_or_else(|| panic!("no {kind} line:\n{text}"))
        .split_whitespace()
        .collect()
}

#[test]
fn bad_cache_limits_name_the_file_and_key() {
    let repo = TestRepo::with_base(&[("pkg/util.py", LOAD_CONFIG)]);
    repo.write(".dedupe-check.yml", "cache_max_mb: -1\n");
    let out = run_in(repo.path(), &["worktree"]);
    assert!(
        out.code(2).stderr.contains(".dedupe-check.yml:1:") && out.stderr.contains("cache_max_mb"),
        "{out}"
    );
    repo.write(".dedupe-check.yml", "cache_max_age_days: 0\n");
    let out = run_in(repo.path(), &["cache", "prune"]);
    assert!(
        out.code(2)
            .stderr
            .contains(".dedupe-check.yml: cache_max_age_days must be between 1 and 36500, got 0"),
        "{out}"
    );
}

#[test]
fn a_home_that_does_not_exist_gets_no_cache_and_a_notice() {
    let repo = copy_pr(&[]);
    let gone = tempfile::tempdir().unwrap();
    let home = gone.path().join("no-such-home");
    let env = [
        ("DEDUPE_CHECK_CACHE_DIR", ""),
        ("XDG_CACHE_HOME", ""),
        ("HOME", home.to_str().unwrap()),
    ];
    let out = run_in_env(repo.path(), &["pr", "--base", "main"], &env);
    out.code(1);
    assert!(!home.exists(), "a cache was created under a missing HOME");
    assert!(
        out.stderr.contains(&format!(
            "no cache: HOME ({}) is not a directory",
            home.display()
        )),
        "{}",
        out.stderr
    );
    // --no-cache asks for none: no notice.
    let out = run_in_env(repo.path(), &["pr", "--base", "main", "--no-cache"], &env);
    out.code(1);
    assert!(!out.stderr.contains("no cache"), "{}", out.stderr);
}
