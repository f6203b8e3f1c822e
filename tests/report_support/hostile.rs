//! The shared hostile sample: a pull request whose function name, file path and code hold
//! what breaks reporters — Markdown, HTML, a live `@mention`, ANSI escapes (color, screen
//! clear, an OSC hyperlink), workflow commands (`::error::`, `::stop-commands::`, `##[`),
//! an escaped newline `%0A`, CR and LF, backticks, pipes and very long lines — beside a
//! plain existing function it duplicates. Every reporter test runs on it.

use super::TestRepo;

/// In the function name: a quoted key of a JavaScript object literal can hold anything but
/// a line break (and a raw ESC).
pub const NAME_KEY: &str = "@octocat <img src=x onerror=alert(1)> **bold** [link](https://evil.example) `tick` \x1b[31mred\x1b[0m ::error::name-injected %0A ##[group]g | ~~s~~";

/// In the file name: git paths can hold CR, LF and ESC too.
pub const PATH: &str =
    "src/x\n::error file=a.js::path-injected\r\x1b[2J @octocat <b>p</b> `t` %0A |.js";

/// The existing function.
pub const EXISTING: &str = r#"function normalizeNames(items, prefix) {
  const result = [];
  for (const item of items) {
    let name = item.trim().toLowerCase();
    if (!name) {
      continue;
    }
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
    }
    result.push(name.replace(" ", "_"));
  }
  return result.sort();
}
"#;

/// The qualified name the extractor gives the new function.
pub fn name() -> String {
    format!("api.{NAME_KEY}")
}

/// The new file: a copy of [`EXISTING`] under the hostile name, with hostile comments and a
/// long line in its body (so they are in the diff every reporter shows).
pub fn new_file() -> String {
    let long = "y".repeat(1500);
    format!(
        "const api = {{\n  \"{NAME_KEY}\": function (labels, prefix) {{\n    \
         // ::warning::code-injected\n    \
         //   ::stop-commands::x\n    \
         // @octocat <script>alert(1)</script> </details> ```\n    \
         // \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \x1b[2J ::error::esc-injected\n    \
         // {long}\n    \
         const result = [];\n    \
         for (const label of labels) {{\n      \
         let name = label.trim().toLowerCase();\n      \
         if (!name) {{\n        continue;\n      }}\n      \
         if (name.startsWith(prefix)) {{\n        name = name.slice(prefix.length);\n      }}\n      \
         result.push(name.replace(\" \", \"_\"));\n    \
         }}\n    \
         return result.sort();\n  }},\n}};\n"
    )
}

/// `main` holds the existing function; `feature` adds the hostile copy. Returns (repo, head).
pub fn repo() -> (TestRepo, String) {
    let repo = TestRepo::new();
    repo.write("src/util.js", EXISTING);
    repo.commit("base");
    repo.branch("feature");
    repo.write(PATH, new_file());
    let head = repo.commit("add a copy").to_string();
    (repo, head)
}

/// What is wrong with `md` as GitHub would render it: raw HTML other than the review's own
/// `<details>`/`<summary>` and hidden markers, text that would notify a user (`@name`
/// outside code), and control characters.
pub fn markdown_problems(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let ours = |html: &str| {
        let h = html.trim();
        [
            "<details>",
            "</details>",
            "<summary>",
            "</summary>",
            "<!-- dedupe-check:",
        ]
        .iter()
        .any(|t| h.starts_with(t))
            && !h.contains("<img")
            && !h.contains("<script")
            && !h.contains("<b>")
    };
    let mut problems = Vec::new();
    if let Some(c) = md
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        problems.push(format!("raw control character {c:?}"));
    }
    // Adjacent text events are one run of text for GitHub's mention filter.
    let mut text = String::new();
    let flush = |text: &mut String, problems: &mut Vec<String>| {
        for (i, _) in text.match_indices('@') {
            if text[i + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                problems.push(format!("live mention in {text:?}"));
            }
        }
        text.clear();
    };
    // Text in a code block is shown as it is: inert.
    let mut in_code_block = false;
    for event in Parser::new_ext(md, Options::all()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut text, &mut problems);
                in_code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(_) if in_code_block => {}
            Event::Text(t) => text.push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) => {
                flush(&mut text, &mut problems);
                if !ours(&h) {
                    problems.push(format!("live HTML {h:?}"));
                }
                // Text inside HTML is searched for mentions too.
                flush(&mut h.to_string(), &mut problems);
            }
            _ => flush(&mut text, &mut problems),
        }
    }
    flush(&mut text, &mut problems);
    problems
}
