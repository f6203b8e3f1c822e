//! SARIF output of real `pr` runs: Microsoft's SARIF multitool (SARIF and GitHub
//! ingestion rules) accepts it, and its fingerprints survive line shifts.

mod common;
mod report_support;

use report_support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The multitool from scripts/fetch-test-deps.sh: DEDUPE_TEST_SARIF_MULTITOOL, else the
/// place that script installs it. Missing is a failure, not a skip.
fn multitool() -> PathBuf {
    let path = std::env::var_os("DEDUPE_TEST_SARIF_MULTITOOL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(".cache/test-deps/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
        });
    assert!(
        path.is_file(),
        "the SARIF multitool is missing ({}): run scripts/fetch-test-deps.sh and source \
         .cache/test-deps/env.sh (it sets DEDUPE_TEST_SARIF_MULTITOOL)",
        path.display()
    );
    path
}

/// Validates with the SARIF and GitHub ("Gh") rule sets; returns the error and warning
/// results as readable lines.
fn validate(sarif: &Path) -> Vec<String> {
    let (_dir, out) = temp_file("validation.sarif");
    let run = Command::new(multitool())
        .args(["validate"])
        .arg(sarif)
        .args(["--rule-kind", "Sarif;Gh", "--level", "Error;Warning"])
        .arg("--output")
        .arg(&out)
        .args(["--log", "ForceOverwrite"])
        .env(
            "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT",
            std::env::var("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT").unwrap_or("1".into()),
        )
        .output()
        .expect("run the SARIF multitool");
    assert!(
        out.is_file(),
        "the multitool wrote no validation log: {}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let log: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
    let mut problems = Vec::new();
    for run in log["runs"].as_array().unwrap() {
        for r in run["results"].as_array().into_iter().flatten() {
            let level = r["level"].as_str().unwrap_or("warning");
            if level == "error" || level == "warning" {
                problems.push(format!(
                    "{level} {}: {}",
                    r["ruleId"], r["message"]["arguments"]
                ));
            }
        }
    }
    problems
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn sarif_of_a_pr_run_passes_the_multitool_with_github_rules() {
    let (repo, head) = repo_with_duplicate();
    // A changed file that does not parse: its notice must reach the SARIF log.
    repo.write("pkg/broken.py", "def broken(:\n    return 1\n");
    let head2 = repo.commit("add a broken file").to_string();
    assert_ne!(head, head2);

    let (_dir, file) = temp_file("out.sarif");
    let mut cmd = pr(
        repo.path(),
        &["--format", "text", "--sarif", file.to_str().unwrap()],
    );
    // Inside GitHub Actions the log also says which repository and commit it describes.
    cmd.env("GITHUB_REPOSITORY", "octo/widgets")
        .env("GITHUB_SERVER_URL", "https://github.com");
    let out = run(cmd);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("clean_labels"),
        "text output still printed"
    );

    let problems = validate(&file);
    assert!(problems.is_empty(), "multitool: {problems:#?}");

    let log = read_json(&file);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "dedupe-check");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rule = &driver["rules"][0];
    assert_eq!(rule["id"], "duplicate-function");
    assert!(rule["shortDescription"]["text"].is_string());
    assert!(rule["fullDescription"]["text"].is_string());
    assert!(
        rule["help"]["text"]
            .as_str()
            .unwrap()
            .contains("# dedupe-check: ignore")
    );
    assert_eq!(run["automationDetails"]["id"], "dedupe-check/pr/");
    assert_eq!(run["properties"]["head"], head2.as_str());
    let vcs = &run["versionControlProvenance"][0];
    assert_eq!(vcs["repositoryUri"], "https://github.com/octo/widgets");
    assert_eq!(vcs["revisionId"], head2.as_str());

    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notices are in the SARIF log");
    assert!(
        notes.iter().any(|n| n["message"]["text"]
            .as_str()
            .unwrap()
            .contains("pkg/broken.py")),
        "{notes:#?}"
    );

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:#?}");
    let r = &results[0];
    assert_eq!(r["ruleId"], "duplicate-function");
    assert_eq!(r["ruleIndex"], 0);
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "pkg/new.py");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "SRCROOT");
    assert_eq!(loc["region"]["startLine"], 4);
    assert_eq!(loc["region"]["endLine"], 13);
    let related = &r["relatedLocations"][0];
    let id = related["id"].as_u64().unwrap();
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "pkg/util.py"
    );
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 1);
    assert_eq!(related["physicalLocation"]["region"]["endLine"], 10);
    let message = r["message"]["text"].as_str().unwrap();
    assert!(
        message.contains(&format!("]({id})")),
        "the message links the other copy: {message}"
    );
    assert!(message.contains("`clean_labels`") && message.contains("`normalize_names`"));
    let score = r["properties"]["score"].as_f64().unwrap();
    assert!(score > 0.8 && score <= 1.0);
    assert_eq!(r["properties"]["engine"], "structural");
    assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    let fp = r["partialFingerprints"]["duplicateFunction/v1"]
        .as_str()
        .unwrap();
    assert_eq!(fp.len(), 32);
    assert!(
        run["originalUriBaseIds"]["SRCROOT"]["uri"]
            .as_str()
            .unwrap()
            .ends_with('/')
    );
}

#[test]
fn sarif_format_on_stdout_and_an_empty_run_are_valid_too() {
    let (repo, _) = repo_with_duplicate();
    let out = run(pr(repo.path(), &["--format", "sarif"]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let (_dir, file) = temp_file("stdout.sarif");
    std::fs::write(&file, &out.stdout).unwrap();
    assert!(validate(&file).is_empty());
    assert_eq!(
        read_json(&file)["runs"][0]["results"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Nothing to check: no results, and the reason as a notification.
    let mut cmd = command(repo.path());
    cmd.args(["pr", "--base", "feature", "--no-model", "--format", "sarif"]);
    let out = run(cmd);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(&file, &out.stdout).unwrap();
    assert!(validate(&file).is_empty());
    let log = read_json(&file);
    assert!(log["runs"][0]["results"].as_array().unwrap().is_empty());
    let note = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .contains("nothing to check")
    );
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let (repo, _) = repo_with_duplicate();
    let first = run(pr(repo.path(), &["--format", "sarif"]));
    repo.write(
        "pkg/new.py",
        format!(
            "import os\nimport sys\n\n# Labels come from the form.\nLIMIT = 10\n\n\n{CLEAN_LABELS}"
        ),
    );
    repo.commit("unrelated lines above");
    let second = run(pr(repo.path(), &["--format", "sarif"]));
    let result = |out: &std::process::Output| -> Value {
        let log: Value = serde_json::from_slice(&out.stdout).unwrap();
        log["runs"][0]["results"][0].clone()
    };
    let (a, b) = (result(&first), result(&second));
    let line = |r: &Value| r["locations"][0]["physicalLocation"]["region"]["startLine"].clone();
    assert_eq!(line(&a), 4);
    assert_eq!(line(&b), 8);
    assert!(a["partialFingerprints"].is_object());
    assert_eq!(a["partialFingerprints"], b["partialFingerprints"]);
}

#[test]
fn hostile_names_and_paths_still_validate_and_stay_exact_where_tools_read_them() {
    let (repo, _) = report_support::hostile::repo();
    let (_dir, file) = temp_file("hostile.sarif");
    let out = run(pr(
        repo.path(),
        &["--format", "json", "--sarif", file.to_str().unwrap()],
    ));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let problems = validate(&file);
    assert!(problems.is_empty(), "multitool: {problems:#?}");

    let log = read_json(&file);
    let result = &log["runs"][0]["results"][0];
    // Machines read the exact name; the artifact URI is the exact path, percent-encoded.
    assert_eq!(
        result["properties"]["newFunction"],
        report_support::hostile::name().as_str()
    );
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("src/x%0A::error%20file=a.js::"), "{uri}");
    // People read the message: no raw control character, the link still the only one.
    let message = result["message"]["text"].as_str().unwrap();
    assert!(!message.chars().any(|c| c.is_control()), "{message:?}");
    assert!(message.contains("\\\\u{1b}\\[31mred"), "{message}");
    assert_eq!(message.matches("](1)").count(), 1, "{message}");
    assert!(
        message.contains("\\[link\\](https://evil.example)"),
        "{message}"
    );
}

#[test]
fn sarif_of_a_scan_passes_the_multitool_with_one_result_per_class() {
    let r = common::TestRepo::with_base(&[
        ("app/util/config.py", common::JSON_CONFIG_PY),
        (
            "app/settings.py",
            &common::JSON_CONFIG_PY.replace("read_json_config", "load_settings"),
        ),
        (
            "web/conf.py",
            &common::JSON_CONFIG_PY.replace("read_json_config", "web_conf"),
        ),
    ]);
    let (_dir, path) = temp_file("scan.sarif");
    let run = r.run(&[
        "scan",
        "--format",
        "sarif",
        "-o",
        &path.display().to_string(),
    ]);
    run.code(0);
    let problems = validate(&path);
    assert!(problems.is_empty(), "{problems:#?}");
    let log = read_json(&path);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{log:#}");
    assert_eq!(
        results[0]["relatedLocations"].as_array().unwrap().len(),
        2,
        "{log:#}"
    );
}
