//! Text from the change under review (function names, paths, code) made safe for each kind
//! of output. Shared by the reporters and the review, which must not depend on each other.
//!
//! What each output risks, and what is done about it:
//! - terminals and CI logs interpret ANSI escapes (ESC), carriage returns and bidi controls,
//!   and GitHub Actions runs any line whose text, after leading blanks, starts with `::` as
//!   a workflow command (`::add-mask::`, `::stop-commands::`, `::error::`), and `##[` as an
//!   old-style one: [`terminal`] shows control characters as `\u{1b}` and breaks those two
//!   sequences with a zero-width space;
//! - Markdown (job summary, review comments) renders HTML and notifies `@mentions`: names
//!   and paths go into code spans ([`code`]), other text through [`markdown_text`];
//! - very long names and lines are cut ([`MAX_PIECE_CHARS`]).
//!
//! JSON output is exact (serde escapes what JSON needs); SARIF message text gets
//! [`controls`].

/// A name, path or line longer than this (in characters) is cut in human-readable output.
pub const MAX_PIECE_CHARS: usize = 1000;

const ZWSP: char = '\u{200B}';

/// Whether `c` changes how a terminal shows the text around it: C0 controls (ESC, CR, LF,
/// BEL, backspace), DEL, C1 controls and the Unicode bidi and line-breaking format
/// characters. A tab is not.
fn is_hostile_control(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Control and bidi characters written out as `\u{1b}`; everything else as it is.
pub fn controls(s: &str) -> String {
    controls_but(s, &[])
}

/// [`controls`], but the characters in `keep` (e.g. line breaks another escape handles) stay.
pub fn controls_but(s: &str, keep: &[char]) -> String {
    let hostile = |c: char| is_hostile_control(c) && !keep.contains(&c);
    if !s.chars().any(hostile) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hostile(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` cut to `max` characters, saying how much was left out.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((end, _)) => {
            let rest = s[end..].chars().count();
            format!("{}… ({rest} more characters)", &s[..end])
        }
    }
}

/// One piece of a terminal or CI-log line (a name, a path, a line of code, a message):
/// control characters shown escaped, workflow-command sequences broken, cut when very long.
pub fn terminal(s: &str) -> String {
    let mut out = controls(&shorten(s, MAX_PIECE_CHARS));
    // A zero-width space between the two characters keeps the text readable and copyable
    // while GitHub's runner no longer sees a command.
    if out.trim_start().starts_with("::") {
        let at = out.len() - out.trim_start().len() + 1;
        out.insert(at, ZWSP);
    }
    if out.contains("##[") {
        out = out.replace("##[", "#\u{200B}#[");
    }
    out
}

/// What Markdown or the HTML inside it could read as syntax.
const MARKDOWN_SPECIAL: &str = "\\*_[]<>|!~&#(){}";

/// Plain text in Markdown (a notice, a reason): control characters shown escaped, Markdown
/// and HTML syntax escaped, `@mentions` broken so nobody is notified. Backticks stay: a code
/// span is inert.
pub fn markdown_text(s: &str) -> String {
    escaped(s, |c, out| {
        let special = MARKDOWN_SPECIAL.contains(c);
        if special {
            out.push('\\');
            out.push(c);
        }
        special
    })
}

/// Text inside HTML (a `<summary>`): `&`, `<`, `>`, `"` as entities, mentions broken.
pub fn html_text(s: &str) -> String {
    escaped(s, |c, out| {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            _ => return false,
        };
        out.push_str(entity);
        true
    })
}

/// `s` shortened, control characters shown escaped, every character through `escape`
/// (which writes its replacement and returns true, or returns false to keep it), and
/// `@mentions` broken with a zero-width space.
fn escaped(s: &str, escape: impl Fn(char, &mut String) -> bool) -> String {
    let s = controls(&shorten(s, MAX_PIECE_CHARS));
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if escape(c, &mut out) {
            continue;
        }
        out.push(c);
        if c == '@' && chars.peek().is_some_and(|n| n.is_alphanumeric()) {
            out.push(ZWSP);
        }
    }
    out
}

/// Text for a Markdown table cell: no line breaks, `|` escaped.
pub fn table_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// Inline code that survives backticks in the text. Inside a code span Markdown, HTML and
/// mentions are inert; line breaks and control characters are shown escaped, so the span
/// cannot end early at a blank line, and very long text is cut.
pub fn code(s: &str) -> String {
    let s = controls(&shorten(s, MAX_PIECE_CHARS));
    let s = s.as_str();
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("f"), "`f`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn terminal_text_shows_controls_and_breaks_workflow_commands() {
        assert_eq!(
            terminal("a\x1b[31mb\r\nc\td"),
            "a\\u{1b}[31mb\\u{d}\\u{a}c\td"
        );
        assert_eq!(terminal("  ::error::x"), "  :\u{200B}:error::x");
        assert_eq!(terminal("a ::b"), "a ::b");
        assert_eq!(terminal("x ##[group]y"), "x #\u{200B}#[group]y");
        assert_eq!(terminal("\u{202E}abc"), "\\u{202e}abc");
        let long = "x".repeat(MAX_PIECE_CHARS + 5);
        assert_eq!(
            terminal(&long),
            format!("{}… (5 more characters)", "x".repeat(MAX_PIECE_CHARS))
        );
    }

    #[test]
    fn markdown_text_escapes_syntax_and_breaks_mentions() {
        assert_eq!(
            markdown_text("@octocat <b>x</b> *y* [l](u) a@b"),
            "@\u{200B}octocat \\<b\\>x\\</b\\> \\*y\\* \\[l\\]\\(u\\) a@\u{200B}b"
        );
        assert_eq!(markdown_text("a @ b"), "a @ b");
        assert_eq!(html_text("<i>\"&@x"), "&lt;i&gt;&quot;&amp;@\u{200B}x");
    }

    #[test]
    fn code_spans_stay_on_one_line() {
        assert_eq!(code("a\n\nb"), "`a\\u{a}\\u{a}b`");
    }

    #[test]
    fn table_cells_have_no_pipes_or_newlines() {
        assert_eq!(table_cell("a|b\nc"), "a\\|b c");
    }
}
