//! The Markdown of review comments and of the summary comment, with their hidden markers.

use std::fmt::Write as _;

use crate::finding::{Finding, FunctionRef};
use crate::sanitize::{code, controls, html_text, markdown_text, table_cell};

/// The marker of the one summary issue comment per pull request.
pub const SUMMARY_MARKER: &str = "<!-- dedupe-check:summary -->";
/// The marker of the review body.
pub const REVIEW_MARKER: &str = "<!-- dedupe-check:review -->";
const FINGERPRINT_PREFIX: &str = "<!-- dedupe-check:fingerprint=";
/// GitHub rejects comment bodies over 65 536 characters; stay well below.
pub const MAX_BODY_CHARS: usize = 60_000;
/// A diff longer than this is cut in a line comment.
const MAX_DIFF_CHARS: usize = 20_000;

/// The hidden marker that identifies a finding's comment across runs.
pub fn fingerprint_marker(fingerprint: &str) -> String {
    format!("{FINGERPRINT_PREFIX}{fingerprint} -->")
}

/// Every fingerprint marked in a comment body. A marker counts only as a line of its own,
/// as [`line_comment`] writes it: the same text inside quoted code (a diff line starts
/// with `+`, `-` or a space) must not claim a finding was posted.
pub fn fingerprints_in(body: &str) -> Vec<String> {
    body.lines()
        .filter_map(|line| {
            let hex = line
                .strip_prefix(FINGERPRINT_PREFIX)?
                .strip_suffix(" -->")?;
            (!hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| hex.to_string())
        })
        .collect()
}

/// Where the web pages of the repository are.
pub struct Links<'a> {
    /// e.g. `https://github.com` (GITHUB_SERVER_URL).
    pub server: &'a str,
    /// `OWNER/NAME`.
    pub repository: &'a str,
    /// The commit the links point at.
    pub head: &'a str,
}

impl Links<'_> {
    /// `https://github.com/OWNER/REPO/blob/HEAD/path#Lstart-Lend`.
    pub fn function(&self, f: &FunctionRef) -> String {
        format!(
            "{}/{}/blob/{}/{}#L{}-L{}",
            self.server.trim_end_matches('/'),
            self.repository,
            self.head,
            url_path(&f.path),
            f.start_line,
            f.end_line
        )
    }
}

/// Escapes what a URL path cannot hold literally (or what Markdown would misread).
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A fenced code block whose fence is longer than any backtick run inside.
fn fenced(lang: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let text = text.trim_end_matches('\n');
    format!("{fence}{lang}\n{text}\n{fence}")
}

fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Cut at a line boundary.
    let end = text[..end].rfind('\n').map_or(end, |i| i + 1);
    format!("{}… (diff cut)\n", &text[..end])
}

fn what(f: &Finding) -> &'static str {
    if f.existing_is_new {
        "another function this pull request adds"
    } else {
        "an existing function"
    }
}

fn diff_block(f: &Finding, max: usize) -> String {
    if f.diff.is_empty() {
        return String::new();
    }
    format!(
        "<details>\n<summary>Diff: {} → {}</summary>\n\n{}\n\n</details>\n",
        html_text(&f.existing.qualified_name),
        html_text(&f.new.qualified_name),
        fenced("diff", &cut(&diff_text(&f.diff), max))
    )
}

/// The diff with control characters shown escaped, line by line (a carriage return would
/// end a line in Markdown).
fn diff_text(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len());
    for line in diff.lines() {
        out.push_str(&controls(line));
        out.push('\n');
    }
    out
}

/// The body of the line comment on a checked function's `def` line.
pub fn line_comment(f: &Finding, links: &Links) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "{}", fingerprint_marker(&f.fingerprint));
    let heading = if f.introduced {
        "Possible duplicate"
    } else {
        "Existing duplicate (not introduced by this pull request)"
    };
    let _ = writeln!(
        body,
        "**{heading}:** {} does the same job as {} [{}]({}) in {}, lines {}–{}.\n",
        code(&f.new.qualified_name),
        what(f),
        code(&f.existing.qualified_name),
        links.function(&f.existing),
        code(&f.existing.path),
        f.existing.start_line,
        f.existing.end_line,
    );
    for sentence in [f.group_sentence_with(code, code)]
        .into_iter()
        .chain(f.existing_sentence())
        .filter(|s| !s.is_empty())
    {
        let _ = writeln!(body, "{sentence}\n");
    }
    let _ = writeln!(
        body,
        "**{}** ({}): {}.\n",
        f.kind.as_str(),
        f.level.as_str(),
        markdown_text(&f.evidence.reason),
    );
    let _ = writeln!(
        body,
        "Score {:.2} ({} engine). {}; if the copy is intended, add `{}` on the `def` line.\n",
        f.score,
        f.engine.as_str(),
        markdown_text(&crate::report::capitalised(&f.evidence.advice)),
        crate::lang::ignore_marker_for(&f.new.path),
    );
    body.push_str(&diff_block(f, MAX_DIFF_CHARS));
    body
}

/// The body of the review that carries the line comments.
pub fn review_body(count: usize) -> String {
    format!(
        "{REVIEW_MARKER}\n**dedupe-check** found {} in this pull request that re-implement{} \
         code the repository already has; see the line comment{}.",
        if count == 1 {
            "1 function".to_string()
        } else {
            format!("{count} functions")
        },
        if count == 1 { "s" } else { "" },
        if count == 1 { "" } else { "s" },
    )
}

/// A finding that the summary lists, and why it is not a line comment.
pub struct Listed<'a> {
    pub finding: &'a Finding,
    pub reason: &'a str,
}

/// What the summary comment says.
pub struct Summary<'a> {
    pub links: Links<'a>,
    /// Findings of this run.
    pub total: usize,
    /// Findings that have a line comment (from this run or an earlier one).
    pub commented: usize,
    pub listed: Vec<Listed<'a>>,
    pub notes: Vec<String>,
}

/// The body of the summary issue comment (created once, then edited in place).
pub fn summary(s: &Summary) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "{SUMMARY_MARKER}\n### dedupe-check\n");
    let short_head: String = s.links.head.chars().take(12).collect();
    if s.total == 0 {
        let _ = writeln!(body, "No duplicate functions at {}.", code(&short_head));
    } else {
        let _ = writeln!(
            body,
            "{} duplicate function{} at {}: {} with a line comment, {} listed here.",
            s.total,
            if s.total == 1 { "" } else { "s" },
            code(&short_head),
            s.commented,
            s.listed.len(),
        );
    }
    for note in &s.notes {
        let _ = writeln!(body, "\n> {}", markdown_text(note));
    }
    if s.listed.is_empty() {
        return body;
    }
    body.push_str("\n| New function | Duplicates | Kind | Score | Not a line comment because |\n");
    body.push_str("| --- | --- | --- | ---: | --- |\n");
    for l in &s.listed {
        let f = l.finding;
        let _ = writeln!(
            body,
            "| [{}]({}) | [{}]({}){} | {} | {:.2} | {} |",
            table_cell(&code(&f.new.qualified_name)),
            s.links.function(&f.new),
            table_cell(&code(&f.existing.qualified_name)),
            s.links.function(&f.existing),
            if f.existing_is_new { " (also new)" } else { "" },
            table_cell(&markdown_text(&f.evidence.reason)),
            f.score,
            markdown_text(l.reason),
        );
    }
    body.push('\n');
    let mut left_out = 0;
    for l in &s.listed {
        let block = diff_block(l.finding, MAX_DIFF_CHARS);
        if body.len() + block.len() + 200 > MAX_BODY_CHARS {
            left_out += 1;
            continue;
        }
        body.push_str(&block);
    }
    if left_out > 0 {
        let _ = writeln!(
            body,
            "\n{left_out} diff(s) left out to keep this comment under GitHub's size limit."
        );
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_round_trip_through_markers() {
        let body = format!(
            "{}\ntext\n{}",
            fingerprint_marker("00ff"),
            fingerprint_marker("abc123")
        );
        assert_eq!(fingerprints_in(&body), vec!["00ff", "abc123"]);
        assert!(fingerprints_in("<!-- dedupe-check:fingerprint=zz -->").is_empty());
        // Quoted in a diff (code that holds the marker text) it is no marker.
        let quoted = format!(
            "```diff\n {m}\n+{m}\n```\nsee {m}\n",
            m = fingerprint_marker("abcd")
        );
        assert!(fingerprints_in(&quoted).is_empty(), "{quoted}");
    }

    #[test]
    fn fences_outgrow_backticks() {
        assert_eq!(fenced("diff", "a\n"), "```diff\na\n```");
        assert_eq!(fenced("", "````x"), "`````\n````x\n`````");
    }

    #[test]
    fn links_point_at_the_head_commit() {
        let links = Links {
            server: "https://github.example.com/",
            repository: "o/r",
            head: "abc",
        };
        let f = FunctionRef {
            path: "pkg/a b.py".into(),
            start_line: 3,
            end_line: 9,
            def_line: 4,
            name: "f".into(),
            qualified_name: "f".into(),
        };
        assert_eq!(
            links.function(&f),
            "https://github.example.com/o/r/blob/abc/pkg/a%20b.py#L3-L9"
        );
    }
}
