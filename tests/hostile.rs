//! Hostile text (report_support::hostile) through every reporter on stdout and in files:
//! what a user would check — no raw escape sequence reaches a terminal, no line of the
//! workflow log is a command the change smuggled in, the job summary has no live HTML or
//! mention, and JSON stays exact. SARIF and the review have theirs in sarif.rs and review.rs.

mod common;
mod report_support;

use report_support::hostile;
use report_support::*;

/// Lines that GitHub's runner would take for a workflow command: after leading blanks,
/// `::`, or an old-style `##[`.
fn command_lines(log: &str) -> Vec<&str> {
    log.split(['\n', '\r'])
        .filter(|l| l.trim_start().starts_with("::") || l.contains("##["))
        .collect()
}

fn no_raw_controls(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        .collect();
    assert!(bad.is_empty(), "{what} holds raw {bad:?}:\n{text}");
}

#[test]
fn terminal_text_shows_escapes_as_text_and_injects_no_workflow_command() {
    let (repo, _) = hostile::repo();
    let out = run(pr(repo.path(), &["--format", "text"]));
    let (stdout, stderr) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    for (what, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        no_raw_controls(what, text);
        assert_eq!(command_lines(text), Vec::<&str>::new(), "{what}:\n{text}");
    }
    // The finding is there, recognisable: escapes spelled out, the name on its line.
    let line = stdout
        .lines()
        .find(|l| l.contains("duplicate-function:"))
        .unwrap_or_else(|| panic!("no finding:\n{stdout}"));
    assert!(
        line.starts_with("src/x\\u{a}::error file=a.js::path-injected\\u{d}\\u{1b}[2J"),
        "{line}"
    );
    assert!(
        line.contains("`api.@octocat <img src=x onerror=alert(1)>"),
        "{line}"
    );
    assert!(line.contains("\\u{1b}[31mred\\u{1b}[0m"), "{line}");
    assert!(
        line.contains("duplicates existing function `normalizeNames` at src/util.js:1-14"),
        "{line}"
    );
    // The diff's long comment line is cut, saying by how much.
    assert!(
        stdout.contains("… (") && stdout.contains("more characters)"),
        "{stdout}"
    );
    assert!(stdout.lines().all(|l| l.chars().count() < 1200), "{stdout}");
}

#[test]
fn json_keeps_the_exact_name_path_and_code() {
    let (repo, _) = hostile::repo();
    let out = run(pr(repo.path(), &["--format", "json"]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let f = &json["findings"][0];
    assert_eq!(f["new"]["path"], hostile::PATH);
    assert_eq!(f["new"]["qualified_name"], hostile::name().as_str());
    assert!(
        f["diff"]
            .as_str()
            .unwrap()
            .contains("\x1b]8;;https://evil.example\x07link"),
        "{}",
        f["diff"]
    );
}

/// What GitHub's runner makes of a workflow-command line: the command, its properties
/// and message, unescaped.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape_data = |s: &str| {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%25", "%")
    };
    let unescape_property = |s: &str| {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let rest = line.strip_prefix("::").expect("a command");
    let (head, message) = rest.split_once("::").expect("command::message");
    let (command, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape_property(v))
        })
        .collect();
    (command.to_string(), props, unescape_data(message))
}

#[test]
fn annotations_and_the_job_summary_stay_inert() {
    let (repo, _) = hostile::repo();
    let (_dir, summary) = temp_file("summary.md");
    let mut cmd = pr(repo.path(), &["--format", "github"]);
    cmd.env("GITHUB_STEP_SUMMARY", &summary);
    let out = run(cmd);
    let (stdout, stderr) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    no_raw_controls("stdout", &stdout);
    no_raw_controls("stderr", &stderr);
    assert_eq!(command_lines(&stderr), Vec::<&str>::new(), "{stderr}");

    // Every command in the log is one of ours: one error for the finding (a copy).
    let commands = command_lines(&stdout);
    assert_eq!(commands.len(), 1, "{stdout}");
    let (command, props, message) = parse_command(commands[0]);
    assert_eq!(command, "error");
    let prop = |k: &str| {
        props
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    // The path, as GitHub reads it back: line breaks intact, ESC spelled out.
    assert_eq!(
        prop("file"),
        Some(hostile::PATH.replace('\x1b', "\\u{1b}").as_str())
    );
    assert_eq!(prop("line"), Some("2"));
    assert!(
        prop("title")
            .unwrap()
            .starts_with("Duplicate function: api.@octocat"),
        "{props:?}"
    );
    // "%0A" in the name is text, not a line break, once GitHub unescapes the message.
    assert!(message.contains("| ~~s~~`"), "{message}");
    assert!(message.contains(" %0A #\u{200B}#[group]g"), "{message}");
    assert!(!message.contains("##[group]"), "{message}");

    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("| Level | New function | Duplicates | Kind |"),
        "{md}"
    );
    assert_eq!(
        hostile::markdown_problems(&md),
        Vec::<String>::new(),
        "{md}"
    );
    // One table row per finding: no pipe or line break in a name split the table.
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| error | `"))
        .collect();
    assert_eq!(rows.len(), 1, "{md}");
}
