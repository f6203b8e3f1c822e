//! `scan` on real repositories: clone classes, their representative, determinism, bad
//! input, and the HTML report as a reader sees it in headless Chromium.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const MAIN_PY: &str = r#"from app.util.config import read_json_config


def main(argv):
    cfg = read_json_config(argv[1])
    for k in sorted(cfg):
        print(k, cfg[k])
    if not cfg:
        print("empty")
    return 0
"#;

const SLUG_JS: &str = r#"export function slugify(title, maxLength) {
  const lower = title.toLowerCase().trim();
  const dashed = lower.replace(/[^a-z0-9]+/g, "-");
  const trimmed = dashed.replace(/^-+|-+$/g, "");
  if (trimmed.length > maxLength) {
    return trimmed.slice(0, maxLength);
  }
  return trimmed;
}
"#;

/// A repository with a three-way Python class across `app/` and `web/` (the original in
/// `app/util/`, which `app/main.py` calls) and a JavaScript pair in `web/`.
fn classes_repo() -> TestRepo {
    let settings = JSON_CONFIG_PY
        .replace("read_json_config", "load_settings")
        .replace("result", "merged")
        .replace("handle", "fh");
    let conf = JSON_CONFIG_PY
        .replace("read_json_config", "web_conf")
        .replace("result", "out");
    TestRepo::with_base(&[
        ("app/util/config.py", JSON_CONFIG_PY),
        ("app/settings.py", &settings),
        ("web/conf.py", &conf),
        ("app/main.py", MAIN_PY),
        ("web/slug.js", SLUG_JS),
        (
            "web/titles.js",
            &SLUG_JS
                .replace("slugify", "titleSlug")
                .replace("trimmed", "clean"),
        ),
    ])
}

fn members(class: &Value) -> Vec<(String, String)> {
    class["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["path"].as_str().unwrap().to_string(),
                m["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn scan_json(r: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec!["scan", "--format", "json"];
    args.extend_from_slice(extra);
    let run = r.run(&args);
    run.code(0);
    run.json()
}

#[test]
fn a_three_way_class_across_two_directories_is_one_class_led_by_the_called_function() {
    let r = classes_repo();
    let doc = scan_json(&r, &[]);
    let classes = doc["classes"].as_array().unwrap();
    assert_eq!(classes.len(), 2, "{doc:#}");
    let python = classes
        .iter()
        .find(|c| c["language"] == "Python")
        .expect("a Python class");
    assert_eq!(
        members(python),
        [
            ("app/util/config.py".into(), "read_json_config".into()),
            ("app/settings.py".into(), "load_settings".into()),
            ("web/conf.py".into(), "web_conf".into()),
        ]
    );
    assert_eq!(python["members"][0]["callers"], 1);
    assert_eq!(python["kind"], "copy");
    assert_eq!(python["level"], "error");
    assert_eq!(python["members"][1]["kind"], "copy");
    let renamed = &python["members"][1]["renamings"];
    assert!(
        renamed
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["existing"] == "result" && r["new"] == "merged"),
        "{renamed}"
    );
    let js = classes
        .iter()
        .find(|c| c["language"] == "JavaScript")
        .unwrap();
    assert_eq!(js["members"].as_array().unwrap().len(), 2);
    // The costlier class first: 3 members × 8 lines before 2 × 9.
    assert_eq!(classes[0]["language"], "Python");
    // Two redundant Python functions and one JavaScript one.
    assert_eq!(doc["summary"]["duplicated_functions"], 3);
    let dirs: Vec<&str> = doc["summary"]["by_directory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(dirs, ["web", "app"]);
    // Ids are stable: the same on a second run.
    assert_eq!(scan_json(&r, &["--no-cache"])["classes"], doc["classes"]);
}

#[test]
fn scan_output_is_the_same_with_one_and_three_threads() {
    let r = classes_repo();
    for i in 0..6 {
        let copy = JSON_CONFIG_PY
            .replace("read_json_config", &format!("variant_{i}"))
            .replace("defaults", &format!("base_{i}"));
        r.write(&format!("pkg{i}/mod_{i}.py"), copy);
    }
    r.commit("more copies");
    let runs: Vec<String> = ["1", "3"]
        .iter()
        .map(|threads| {
            let run = run_in_env(
                r.path(),
                &["scan", "--format", "json", "--no-cache"],
                &[("RAYON_NUM_THREADS", threads)],
            );
            run.code(0);
            run.stdout.clone()
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    let doc: Value = serde_json::from_str(&runs[0]).unwrap();
    assert_eq!(doc["classes"][0]["members"].as_array().unwrap().len(), 9);
}

#[test]
fn scan_of_paths_keeps_to_them() {
    let r = classes_repo();
    let doc = scan_json(&r, &["app"]);
    let classes = doc["classes"].as_array().unwrap();
    assert_eq!(classes.len(), 1, "{doc:#}");
    assert_eq!(
        members(&classes[0]),
        [
            ("app/util/config.py".into(), "read_json_config".into()),
            ("app/settings.py".into(), "load_settings".into()),
        ]
    );
    // From a subdirectory, paths are relative to it.
    let run = run_in(&r.path().join("web"), &["scan", "--format", "json", "."]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["classes"].as_array().unwrap().len(), 1);
    assert_eq!(doc["classes"][0]["language"], "JavaScript");
}

#[test]
fn scan_at_an_older_revision_reads_that_revision() {
    let r = classes_repo();
    let first = r.head_id().to_string();
    r.remove("web/titles.js");
    r.commit("one slug");
    assert_eq!(scan_json(&r, &[])["classes"].as_array().unwrap().len(), 1);
    let doc = scan_json(&r, &["--rev", &first]);
    assert_eq!(doc["classes"].as_array().unwrap().len(), 2);
    assert_eq!(doc["commit"], first.as_str());
}

#[test]
fn bad_paths_revisions_and_report_paths_are_named_with_exit_2() {
    let r = classes_repo();
    let outside = tempfile::tempdir().unwrap();
    let run = r.run(&["scan", &outside.path().display().to_string()]);
    run.code(2);
    assert!(run.stderr.contains("outside the repository"), "{run}");

    let run = r.run(&["scan", "no/such/dir"]);
    run.code(2);
    assert!(run.stderr.contains("no/such/dir"), "{run}");

    let run = r.run(&["scan", "--rev", "v9.9"]);
    run.code(2);
    assert!(run.stderr.contains("v9.9"), "{run}");

    let report = r.path().join("missing/report.html");
    let run = r.run(&[
        "scan",
        "--format",
        "html",
        "-o",
        &report.display().to_string(),
    ]);
    run.code(2);
    assert!(run.stderr.contains("does not exist"), "{run}");
    assert!(!r.path().join("missing").exists());
    let before = r.state();
    // The scan wrote nothing into the repository either.
    r.run(&["scan", "-o", "classes.txt"]).code(0);
    assert!(r.path().join("classes.txt").is_file());
    std::fs::remove_file(r.path().join("classes.txt")).unwrap();
    assert_eq!(r.state(), before);
}

#[test]
fn an_empty_repository_or_one_without_source_has_nothing_to_scan() {
    let empty = TestRepo::new();
    let run = empty.run(&["scan"]);
    run.code(0);
    assert!(run.stdout.contains("nothing to scan"), "{run}");
    assert!(run.stdout.contains("no commits"), "{run}");

    let docs = TestRepo::with_base(&[("README.md", "# docs\n")]);
    let run = docs.run(&["scan", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert!(
        doc["nothing_to_scan"]
            .as_str()
            .unwrap()
            .starts_with("nothing to scan"),
        "{doc:#}"
    );
    assert_eq!(doc["classes"].as_array().unwrap().len(), 0);
}

#[test]
fn html_report_in_chromium_shows_classes_filters_and_hostile_text_as_text() {
    let r = classes_repo();
    // A file name and a string that would be markup if they were not escaped.
    let hostile_path = "lib/<img src=x onerror=alert(1)>.py";
    let hostile = r#"def render(page, title):
    head = "</pre><script>alert(2)</script>"
    parts = [head, title]
    for item in page.items:
        parts.append(str(item))
    body = "\n".join(parts)
    return body.strip()
"#;
    r.write(hostile_path, hostile);
    r.write(
        "lib/pages.py",
        hostile
            .replace("render", "render_page")
            .replace("parts", "chunks")
            .replace(
                "    return",
                "    body = body.replace(\"\\t\", \" \")\n    return",
            ),
    );
    r.commit("pages");
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.html");
    let run = r.run(&[
        "scan",
        "--format",
        "html",
        "-o",
        &report.display().to_string(),
    ]);
    run.code(0);
    assert!(run.stderr.contains("wrote"), "{run}");

    let artifacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scan-report");
    std::fs::create_dir_all(&artifacts).unwrap();
    let screenshot = artifacts.join("report.png");
    let browser = std::process::Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/report.mjs"))
        .arg(&report)
        .arg(&screenshot)
        .env("DEDUPE_TEST_CHROMIUM", dep("DEDUPE_TEST_CHROMIUM"))
        .env("DEDUPE_TEST_NODE_MODULES", dep("DEDUPE_TEST_NODE_MODULES"))
        .output()
        .expect("run node");
    assert!(
        browser.status.success(),
        "{}",
        String::from_utf8_lossy(&browser.stderr)
    );
    let facts: Value = serde_json::from_slice(&browser.stdout).unwrap();
    // Nothing hostile ran or became an element, and the page asked the network for nothing.
    assert_eq!(facts["scripts"], 1, "{facts:#}");
    assert_eq!(facts["images"], 0, "{facts:#}");
    assert_eq!(facts["dialogs"].as_array().unwrap().len(), 0, "{facts:#}");
    assert_eq!(facts["requests"].as_array().unwrap().len(), 0, "{facts:#}");
    assert_eq!(facts["errors"].as_array().unwrap().len(), 0, "{facts:#}");

    let classes = facts["classes"].as_array().unwrap();
    assert_eq!(classes.len(), 3, "{facts:#}");
    let python = &classes[0];
    assert_eq!(python["names"][0], "read_json_config");
    assert_eq!(python["sides"], 2);
    let pages = classes
        .iter()
        .find(|c| c["paths"].to_string().contains("lib/"))
        .unwrap();
    assert!(
        pages["paths"]
            .to_string()
            .contains("<img src=x onerror=alert(1)>.py"),
        "{pages}"
    );
    assert!(
        pages["code"][0]
            .as_str()
            .unwrap()
            .contains("</pre><script>alert(2)</script>"),
        "{pages}"
    );
    // Renamed names are marked in the member's column.
    let renamed: Vec<&str> = facts["renamed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(renamed.contains(&"merged"), "{renamed:?}");
    // Each filter leaves exactly the classes it names.
    let filters = &facts["filters"];
    let visible = |filter: &str, value: &str| -> usize {
        filters[filter][value]["visible"].as_array().unwrap().len()
    };
    assert_eq!(visible("f-language", "JavaScript"), 1, "{filters:#}");
    assert_eq!(visible("f-language", "Python"), 2, "{filters:#}");
    assert_eq!(filters["f-language"]["Python"]["shown"], "2");
    assert_eq!(visible("f-dir", "web"), 2, "{filters:#}");
    assert_eq!(visible("f-dir", "lib"), 1, "{filters:#}");
    assert_eq!(visible("f-kind", "copy"), 2, "{filters:#}");
    assert_eq!(visible("f-kind", "edited copy"), 1, "{filters:#}");
    let dirs = facts["directories"].as_array().unwrap();
    assert!(dirs.iter().any(|d| d == "web"), "{facts:#}");
    assert!(screenshot.metadata().unwrap().len() > 1000);
}

/// With a model, the links the structural score is not sure of (under `model.accept`,
/// 0.9) are the model's to confirm: the tiny random model scores every pair near 0.2, so
/// at a model threshold of 0 it confirms them all and at 0.99 it drops them all.
#[test]
fn with_a_model_the_unsure_links_are_the_models_to_confirm() {
    let r = classes_repo();
    let model = common::model_dir("tiny-qwen3/logit-diff");
    let ort = dep("DEDUPE_TEST_ORT_LIB");
    let (m, o) = (model.path().to_str().unwrap(), ort.to_str().unwrap());
    let structural = scan_json(&r, &["--no-model"]);
    assert_eq!(structural["engine"], "structural");
    let scores: Vec<f64> = structural["classes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["members"].as_array().unwrap().iter().skip(1))
        .map(|m| m["score"].as_f64().unwrap())
        .collect();
    assert!(scores.iter().any(|&s| s < 0.9), "{scores:?}");

    r.write(".dedupe-check.yml", "model:\n  threshold: 0\n");
    let all = scan_json(&r, &["--model", m, "--ort-lib", o]);
    assert_eq!(all["engine"], "reranker", "{all:#}");
    assert!(all["judged"].as_u64().unwrap() > 0, "{all:#}");
    let sizes = |doc: &Value| -> Vec<Value> {
        doc["classes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["members"].clone())
            .map(|m| Value::from(m.as_array().unwrap().len()))
            .collect()
    };
    assert_eq!(sizes(&all), sizes(&structural));

    r.write(".dedupe-check.yml", "model:\n  threshold: 0.99\n");
    let none = scan_json(&r, &["--model", m, "--ort-lib", o]);
    assert_eq!(none["engine"], "reranker");
    // Only links the structural score is sure of (at least 0.9) are left.
    let left: usize = none["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["members"].as_array().unwrap().len() - 1)
        .sum();
    let sure = scores.iter().filter(|&&s| s >= 0.9).count();
    assert!(left <= sure, "{none:#}");
    assert!(left < scores.len(), "{none:#}");
}

/// Test code is left out of a scan as it is out of a check, also where another file
/// declares it (Rust's `#[cfg(test)] mod tests;`); `--tests check` brings it in.
#[test]
fn test_code_is_left_out_unless_asked_for() {
    let parse = r#"pub fn parse_pairs(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    out
}
"#;
    let r = TestRepo::with_base(&[
        (
            "src/lib.rs",
            &format!("{parse}\n#[cfg(test)]\nmod tests;\n"),
        ),
        (
            "src/tests.rs",
            &parse.replace("parse_pairs", "pairs_for_tests"),
        ),
    ]);
    assert_eq!(scan_json(&r, &[])["classes"].as_array().unwrap().len(), 0);
    let doc = scan_json(&r, &["--tests", "check"]);
    assert_eq!(doc["classes"].as_array().unwrap().len(), 1, "{doc:#}");
}
