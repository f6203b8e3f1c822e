//! `--format github`: workflow-command escaping, and the job summary file.

mod common;
mod report_support;

use dedupe_check::report::github::{annotation, escape_data, escape_property};
use report_support::*;

#[test]
fn data_escapes_percent_cr_and_lf_only() {
    assert_eq!(
        escape_data("50% done\r\nnext: a,b"),
        "50%25 done%0D%0Anext: a,b"
    );
}

#[test]
fn properties_escape_colon_and_comma_too() {
    assert_eq!(
        escape_property("C:\\a,b 50%\r\n"),
        "C%3A\\a%2Cb 50%25%0D%0A"
    );
}

#[test]
fn an_annotation_escapes_properties_and_message_differently() {
    assert_eq!(
        annotation(
            "warning",
            &[
                ("file", "src/a,b:c%.py".into()),
                ("line", "3".into()),
                ("title", "Dup: x,y".into()),
            ],
            "a: b, 100%\nsecond line\r",
        ),
        "::warning file=src/a%2Cb%3Ac%25.py,line=3,title=Dup%3A x%2Cy::a: b, 100%25%0Asecond line%0D"
    );
    assert_eq!(annotation("notice", &[], "x"), "::notice::x");
}

#[test]
fn github_format_writes_escaped_annotations_and_a_job_summary() {
    let repo = TestRepo::new();
    repo.write("lib/util.py", format!("{NORMALIZE}\n\n{SPREAD}"));
    repo.commit("base");
    repo.branch("feature");
    let odd = "lib/we,ird:100%.py";
    repo.write(odd, format!("import os\n\n\n{CLEAN_LABELS}"));
    repo.commit("odd file name");

    let (_dir, summary) = temp_file("summary.md");
    std::fs::write(&summary, "# earlier step\n").unwrap();
    // Inside GitHub Actions, github is the default format.
    let mut cmd = pr(repo.path(), &[]);
    cmd.env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary);
    let out = run(cmd);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let stdout = stdout(&out);
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=lib/we%2Cird%3A100%25.py,line=4,endLine=13,title=Duplicate function%3A clean_labels::\
             `clean_labels` duplicates existing function `normalize_names` at lib/util.py:1-10 (copy, score "
        ),
        "{first}"
    );
    // The kind's evidence, then what to do.
    assert!(
        first.contains(", structural engine): a copy, renaming `items → labels`, `item → label`"),
        "{first}"
    );
    assert!(
        first.ends_with(
            ".%0AHelp: call `normalize_names` instead (make it public or move it where both can reach it); \
             or add `# dedupe-check: ignore` on the def line if the copy is intended."
        ),
        "{first}"
    );
    assert!(stdout.lines().last().unwrap().starts_with(
        "dedupe-check: 1 duplicate (1 error(s), 0 warning(s)) among 1 changed function(s)"
    ));

    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with(
            "# earlier step\n### dedupe-check\n\n1 duplicate (1 error(s), 0 warning(s)) among 1 changed function(s)"
        ),
        "{md}"
    );
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 3, "{md}");
    assert_eq!(
        table[0],
        "| Level | New function | Duplicates | Kind | Score | Engine |"
    );
    assert!(
        table[2].starts_with(
            "| error | `clean_labels` in `lib/we,ird:100%.py`:4-13 | `normalize_names` in `lib/util.py`:1-10 | copy | 0."
        ),
        "{md}"
    );
    assert!(table[2].ends_with(" | structural |"));

    // An explicit --format wins over the Actions default, and no summary is written then.
    std::fs::write(&summary, "").unwrap();
    let mut cmd = pr(repo.path(), &["--format", "json"]);
    cmd.env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary);
    let out = run(cmd);
    assert!(stdout_is_json(&out));
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), "");
}

#[test]
fn notices_become_notice_annotations_and_reach_the_summary() {
    let (repo, _) = repo_with_duplicate();
    repo.write("pkg/broken.py", "def broken(:\n    return 1\n");
    repo.commit("broken");
    let (_dir, summary) = temp_file("summary.md");
    let mut cmd = pr(repo.path(), &["--format", "github"]);
    cmd.env("GITHUB_STEP_SUMMARY", &summary);
    let out = run(cmd);
    let stdout = stdout(&out);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::notice title=dedupe-check::pkg/broken.py: could not parse")),
        "{stdout}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("> **Note:** pkg/broken.py: could not parse"),
        "{md}"
    );
}

fn stdout_is_json(out: &std::process::Output) -> bool {
    serde_json::from_slice::<serde_json::Value>(&out.stdout).is_ok()
}
