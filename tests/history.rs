//! `history` on real repositories: each commit replayed against its parent, the rates,
//! and settings whose predicted effect is what applying them does.

mod common;

use common::*;
use serde_json::Value;

const DURATIONS_PY: &str = r#"def parse_duration(text):
    units = {"s": 1, "m": 60, "h": 3600}
    total = 0
    for part in text.split():
        number, unit = part[:-1], part[-1]
        total += int(number) * units[unit]
    return total
"#;

fn history_json(r: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec!["history", "--format", "json"];
    args.extend_from_slice(extra);
    let run = r.run(&args);
    run.code(0);
    run.json()
}

/// (subject, number of findings) of each replayed commit, newest first.
fn per_commit(doc: &Value) -> Vec<(String, usize)> {
    doc["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["subject"].as_str().unwrap().to_string(),
                c["findings"].as_array().unwrap().len(),
            )
        })
        .collect()
}

#[test]
fn a_copy_is_reported_at_the_commit_that_added_it_and_nowhere_else() {
    let r = TestRepo::with_base(&[("app/util/config.py", JSON_CONFIG_PY)]);
    r.write("app/durations.py", DURATIONS_PY);
    r.commit("durations");
    r.write(
        "app/settings.py",
        JSON_CONFIG_PY
            .replace("read_json_config", "load_settings")
            .replace("result", "merged"),
    );
    r.commit("settings loader");
    r.write("README.md", "# app\n");
    r.commit("readme");
    r.write("app/durations.py", DURATIONS_PY.replace("3600", "60 * 60"));
    r.commit("durations: clearer");

    let doc = history_json(&r, &[]);
    assert_eq!(
        per_commit(&doc),
        [
            ("durations: clearer".to_string(), 0),
            ("readme".into(), 0),
            ("settings loader".into(), 1),
            ("durations".into(), 0),
        ]
    );
    let finding = &doc["commits"][2]["findings"][0];
    assert_eq!(finding["new"]["qualified_name"], "load_settings");
    assert_eq!(finding["existing"]["qualified_name"], "read_json_config");
    assert_eq!(finding["level"], "error");
    assert_eq!(doc["rates"]["commits"], 4);
    assert_eq!(doc["rates"]["failed"], 1);
    assert_eq!(doc["rates"]["by_kind"]["copy"], 1);

    // The text names the commit and the finding, then the rates.
    let run = r.run(&["history"]);
    run.code(0);
    assert!(run.stdout.contains("settings loader: 1 error(s)"), "{run}");
    assert!(
        run.stdout
            .contains("replayed 4 commit(s) of HEAD: 1 would have failed"),
        "{run}"
    );
    // Fewer commits: only the newest.
    let doc = history_json(&r, &["--commits", "2"]);
    assert_eq!(doc["rates"]["commits"], 2);
    assert_eq!(doc["rates"]["failed"], 0);
}

/// Findings in two directories, at three scores: every suggestion, applied in the
/// config, gives the counts it predicted.
#[test]
fn suggested_settings_applied_give_the_predicted_counts() {
    let r = TestRepo::with_base(&[("core/config.py", JSON_CONFIG_PY)]);
    r.write(
        "web/views/settings.py",
        JSON_CONFIG_PY.replace("read_json_config", "load_settings"),
    );
    r.commit("web settings");
    // An edited copy: a guard added.
    r.write(
        "jobs/tasks/conf.py",
        JSON_CONFIG_PY
            .replace("read_json_config", "task_conf")
            .replace(
                "    result = dict(defaults or {})\n",
                "    if not path:\n        return {}\n    result = dict(defaults or {})\n",
            ),
    );
    r.commit("jobs conf");
    r.write(
        "jobs/tasks/more.py",
        JSON_CONFIG_PY
            .replace("read_json_config", "more_conf")
            .replace("value is not None", "value")
            .replace("encoding=\"utf-8\"", "encoding=\"latin-1\""),
    );
    r.commit("jobs more");
    let base = history_json(&r, &["--fail-on", "warning"]);
    let total = |doc: &Value| -> usize {
        doc["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["findings"].as_array().unwrap().len())
            .sum()
    };
    let found = total(&base);
    let failed = base["rates"]["failed"].as_u64().unwrap() as usize;
    assert!(found >= 2, "{base:#}");
    let suggestions = base["suggestions"].as_array().unwrap();
    assert!(
        suggestions
            .iter()
            .any(|s| s["setting"].as_str().unwrap().starts_with("exclude")),
        "{base:#}"
    );
    assert!(
        suggestions
            .iter()
            .any(|s| s["removes_findings"].as_u64().unwrap() > 0),
        "{base:#}"
    );
    for s in suggestions {
        let setting = s["setting"].as_str().unwrap();
        let config = if setting.starts_with("fail_on") {
            format!("{setting}\n")
        } else {
            format!("fail_on: warning\n{setting}\n")
        };
        r.write(".dedupe-check.yml", config);
        let after = history_json(&r, &[]);
        assert_eq!(
            total(&after),
            found - s["removes_findings"].as_u64().unwrap() as usize,
            "{setting}: {after:#}"
        );
        assert_eq!(
            after["rates"]["failed"].as_u64().unwrap() as usize,
            failed - s["removes_failures"].as_u64().unwrap() as usize,
            "{setting}"
        );
    }
}

#[test]
fn a_history_shorter_than_asked_is_replayed_whole_and_said() {
    let r = TestRepo::with_base(&[("app/util/config.py", JSON_CONFIG_PY)]);
    r.write("app/durations.py", DURATIONS_PY);
    r.commit("durations");
    let run = r.run(&["history", "--commits", "50", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["rates"]["commits"], 1);
    assert!(
        doc["notices"][0]
            .as_str()
            .unwrap()
            .contains("fewer than the 50 asked for"),
        "{doc:#}"
    );
    // No commits at all, a bad revision, SARIF and a missing report directory: exit 2.
    let run = TestRepo::new().run(&["history"]);
    run.code(0);
    assert!(run.stdout.contains("replayed 0 commit(s)"), "{run}");
    assert!(run.stderr.contains("no commits yet"), "{run}");
    let run = r.run(&["history", "--rev", "nope"]);
    run.code(2);
    assert!(run.stderr.contains("nope"), "{run}");
    let run = r.run(&["history", "--format", "sarif"]);
    run.code(2);
    assert!(run.stderr.contains("no SARIF"), "{run}");
    let run = r.run(&["history", "-o", "no/dir/h.html", "--format", "html"]);
    run.code(2);
    assert!(run.stderr.contains("does not exist"), "{run}");
}

/// A blobless clone whose remote is gone: the commit whose old blobs were never
/// downloaded cannot be checked; it is reported, and the replay goes on.
#[test]
fn a_commit_that_cannot_be_checked_is_reported_and_the_replay_goes_on() {
    let origin = TestRepo::with_base(&[("app/util/config.py", JSON_CONFIG_PY)]);
    origin.write(
        "app/util/config.py",
        JSON_CONFIG_PY.replace("utf-8", "utf-8-sig"),
    );
    origin.commit("config: BOM");
    origin.write(
        "app/settings.py",
        JSON_CONFIG_PY
            .replace("read_json_config", "load_settings")
            .replace("utf-8", "utf-8-sig"),
    );
    origin.commit("settings loader");
    origin.git(&["config", "uploadpack.allowFilter", "true"]);
    let parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git_cli(
        parent.path(),
        &["clone", "--filter=blob:none", &url, "clone"],
    );
    std::fs::rename(origin.path(), parent.path().join("away")).unwrap();
    let clone = parent.path().join("clone");
    let run = run_in(&clone, &["history", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    let commits = doc["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 2, "{doc:#}");
    assert_eq!(
        commits[0]["findings"].as_array().unwrap().len(),
        1,
        "{doc:#}"
    );
    assert!(commits[0]["error"].is_null());
    assert!(
        commits[1]["error"]
            .as_str()
            .unwrap()
            .contains("partial clone"),
        "{doc:#}"
    );
    assert_eq!(doc["rates"]["unchecked"], 1);
}

#[test]
fn html_history_lists_the_commits_with_findings_escaped() {
    let r = TestRepo::with_base(&[("app/util/config.py", JSON_CONFIG_PY)]);
    r.write(
        "app/settings.py",
        JSON_CONFIG_PY.replace("read_json_config", "load_settings"),
    );
    r.commit("<script>alert(1)</script> settings");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("history.html");
    let run = r.run(&[
        "history",
        "--format",
        "html",
        "-o",
        &path.display().to_string(),
    ]);
    run.code(0);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; settings"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the page's own script"
    );
    assert_eq!(html.matches("class=\"commit\"").count(), 1);
    assert!(html.contains("load_settings duplicates"));
    // Nothing but the report is left in its directory.
    let names: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

/// Interrupted with Ctrl-C (SIGINT) at any moment, `history -o FILE` leaves either no
/// report or a whole one, and never a temporary file.
#[test]
fn an_interrupted_history_leaves_no_partial_report() {
    let r = TestRepo::with_base(&[("app/util/config.py", JSON_CONFIG_PY)]);
    for i in 0..40 {
        r.write(
            &format!("app/m{i}.py"),
            DURATIONS_PY.replace("parse_duration", &format!("parse_{i}")),
        );
        r.commit(&format!("commit {i}"));
    }
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("history.json");
    for delay_ms in [50, 300] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dedupe-check"))
            .args(["history", "--no-cache", "--format", "json", "-o"])
            .arg(&report)
            .current_dir(r.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        child.wait().unwrap();
        let names: Vec<String> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| n == "history.json"),
            "only the report, if anything: {names:?}"
        );
        if report.exists() {
            let doc: Value =
                serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
            assert_eq!(doc["rates"]["commits"], 40);
            std::fs::remove_file(&report).unwrap();
        }
    }
}
