//! `scan --format html`: one self-contained page (no network, no CDN): the summary, a
//! table by directory, the clone classes by cost with filters by language, kind and
//! directory, and a side-by-side view of each member beside the representative with
//! renamed and differing names marked.

use similar::{ChangeTag, TextDiff};
use std::collections::BTreeSet;
use std::io::Write;

use crate::scan::{CloneClass, Member, ScanOutcome};

/// Classes whose members are shown side by side; the rest are listed without code, so
/// that a report of a large repository stays a page a browser opens.
const MAX_CODE_CLASSES: usize = 300;
/// Members shown side by side per class.
const MAX_CODE_MEMBERS: usize = 10;

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1f2328}\
h1{font-size:1.4em}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:2px 8px;text-align:left}\
section.cls{border:1px solid #d0d7de;border-radius:6px;margin:1em 0;padding:.5em 1em}\
section.cls h2{font-size:1.05em;margin:.3em 0}.error{color:#cf222e}.warning{color:#9a6700}\
.side{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin:.5em 0}\
pre{margin:0;padding:4px;background:#f6f8fa;overflow:auto;font:12px/1.35 ui-monospace,monospace}\
.chg{background:#fff8c5;display:block}mark.ren{background:#ddf4ff}mark.dif{background:#ffd8d3}\
.filters label{margin-right:1em}.hidden{display:none}";

const SCRIPT: &str = "function applyFilters(){\
var l=document.getElementById('f-language').value,k=document.getElementById('f-kind').value,\
d=document.getElementById('f-dir').value,shown=0;\
document.querySelectorAll('section.cls').forEach(function(s){\
var ok=(!l||s.dataset.language===l)&&(!k||s.dataset.kind===k)&&(!d||s.dataset.dirs.split('\\n').indexOf(d)>=0);\
s.classList.toggle('hidden',!ok);if(ok)shown++;});\
document.getElementById('shown').textContent=shown;}\
document.querySelectorAll('.filters select').forEach(function(e){e.addEventListener('change',applyFilters);});";

pub fn write(outcome: &ScanOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    page_head(
        "scan",
        &outcome.rev,
        &super::headline(outcome),
        &outcome.notices,
        out,
    )?;
    directories(outcome, out)?;
    filters(outcome, out)?;
    for (i, class) in outcome.classes.iter().enumerate() {
        write_class(class, i < MAX_CODE_CLASSES, out)?;
    }
    writeln!(out, "<script>{SCRIPT}</script></body></html>")
}

/// The page up to its content, shared by the reports of `scan` and `history`: a strict
/// content security policy (inline style and script only, no network), the title, the
/// headline and the notices.
pub(crate) fn page_head(
    command: &str,
    rev: &str,
    headline: &str,
    notices: &[String],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
         <title>dedupe-check {command} of {}</title><style>{STYLE}</style></head><body>",
        esc(rev)
    )?;
    writeln!(out, "<h1>dedupe-check {command}</h1>")?;
    writeln!(out, "<p id=\"headline\">{}</p>", esc(headline))?;
    for notice in notices {
        writeln!(out, "<p class=\"notice\">note: {}</p>", esc(notice))?;
    }
    Ok(())
}

fn directories(outcome: &ScanOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    if outcome.summary.by_directory.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<h2>By directory</h2><table id=\"by-directory\"><tr><th>directory</th><th>duplicated functions</th><th>duplicated lines</th></tr>"
    )?;
    for t in &outcome.summary.by_directory {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&t.name),
            t.functions,
            t.lines
        )?;
    }
    writeln!(out, "</table>")
}

fn filters(outcome: &ScanOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    let languages: BTreeSet<&str> = outcome.classes.iter().map(|c| c.language).collect();
    let kinds: BTreeSet<&str> = outcome.classes.iter().map(|c| c.kind.as_str()).collect();
    let dirs: BTreeSet<String> = outcome.classes.iter().flat_map(class_dirs).collect();
    writeln!(
        out,
        "<h2>Clone classes (<span id=\"shown\">{}</span> shown)</h2><p class=\"filters\">",
        outcome.classes.len()
    )?;
    for (id, label, values) in [
        (
            "f-language",
            "language",
            languages.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        ),
        (
            "f-kind",
            "kind",
            kinds.iter().map(|s| s.to_string()).collect(),
        ),
        ("f-dir", "directory", dirs.into_iter().collect()),
    ] {
        write!(
            out,
            "<label>{label} <select id=\"{id}\"><option value=\"\">all</option>"
        )?;
        for v in values {
            write!(out, "<option value=\"{0}\">{0}</option>", esc(&v))?;
        }
        write!(out, "</select></label>")?;
    }
    writeln!(out, "</p>")
}

/// The directories of a class's members.
fn class_dirs(class: &CloneClass) -> Vec<String> {
    let mut dirs: Vec<String> = class
        .members
        .iter()
        .map(|m| {
            m.path
                .rfind('/')
                .map_or(".".to_string(), |at| m.path[..at].to_string())
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

fn write_class(class: &CloneClass, with_code: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let level = class.level.as_str();
    writeln!(
        out,
        "<section class=\"cls\" id=\"{id}\" data-language=\"{lang}\" data-kind=\"{kind}\" data-dirs=\"{dirs}\">\
         <h2><span class=\"{level}\">{level}</span> {kind}: {id} ({size})</h2><ol class=\"members\">",
        id = esc(&class.id),
        lang = esc(class.language),
        kind = class.kind.as_str(),
        dirs = esc(&class_dirs(class).join("\n")),
        size = esc(&super::class_size(class)),
    )?;
    for (i, m) in class.members.iter().enumerate() {
        let what = match (i, m.kind) {
            (0, _) => "representative".to_string(),
            (_, Some(k)) => format!("{}, score {:.2}", k.as_str(), m.score.unwrap_or(0.0)),
            (_, None) => String::new(),
        };
        writeln!(
            out,
            "<li class=\"member\"><code class=\"name\">{}</code> at <code class=\"path\">{}:{}-{}</code> ({})</li>",
            esc(&m.name),
            esc(&m.path),
            m.start_line,
            m.end_line,
            esc(&what)
        )?;
    }
    writeln!(out, "</ol>")?;
    if with_code {
        let rep = &class.members[0];
        for m in class.members.iter().skip(1).take(MAX_CODE_MEMBERS) {
            side_by_side(rep, m, out)?;
        }
    }
    writeln!(out, "</section>")
}

/// The representative and a member in two columns: lines that differ shaded, names the
/// member renames and names or literals that differ marked.
fn side_by_side(rep: &Member, m: &Member, out: &mut dyn Write) -> std::io::Result<()> {
    let renamed_new: Vec<&str> = m.renamings.iter().map(|r| r.new.as_str()).collect();
    let renamed_old: Vec<&str> = m.renamings.iter().map(|r| r.existing.as_str()).collect();
    let differ_new: Vec<&str> = m.differences.iter().map(|d| d.new.as_str()).collect();
    let differ_old: Vec<&str> = m.differences.iter().map(|d| d.existing.as_str()).collect();
    let diff = TextDiff::from_lines(&rep.text, &m.text);
    let (mut left, mut right) = (String::new(), String::new());
    for change in diff.iter_all_changes() {
        let line = change.value().trim_end_matches(['\n', '\r']);
        let changed = change.tag() != ChangeTag::Equal;
        if change.tag() != ChangeTag::Insert {
            left.push_str(&code_line(line, changed, &renamed_old, &differ_old));
        }
        if change.tag() != ChangeTag::Delete {
            right.push_str(&code_line(line, changed, &renamed_new, &differ_new));
        }
    }
    writeln!(
        out,
        "<div class=\"side\" data-member=\"{}\"><pre class=\"rep\">{left}</pre><pre class=\"other\">{right}</pre></div>",
        esc(&format!("{}:{}", m.path, m.start_line))
    )
}

/// One line of code, escaped, its renamed and differing words marked.
fn code_line(line: &str, changed: bool, renamed: &[&str], differ: &[&str]) -> String {
    let mut html = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, html: &mut String| {
        if word.is_empty() {
            return;
        }
        let class = if renamed.contains(&word.as_str()) {
            Some("ren")
        } else if differ.contains(&word.as_str()) {
            Some("dif")
        } else {
            None
        };
        match class {
            Some(c) => html.push_str(&format!("<mark class=\"{c}\">{}</mark>", esc(word))),
            None => html.push_str(&esc(word)),
        }
        word.clear();
    };
    for c in line.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut html);
            html.push_str(&esc(&c.to_string()));
        }
    }
    flush(&mut word, &mut html);
    if changed {
        format!("<span class=\"chg\">{html}</span>")
    } else {
        format!("{html}\n")
    }
}

/// Text as HTML, in an element or an attribute: nothing in it can open a tag, end an
/// attribute or start an entity.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                out.push_str(&format!("&#x{:x};", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_open_a_tag_or_end_an_attribute() {
        assert_eq!(
            esc("<script>\"x\"&'y'</script>"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn renamed_and_differing_words_are_marked() {
        let html = code_line("total = add(a, 1)", false, &["total"], &["add"]);
        assert_eq!(
            html,
            "<mark class=\"ren\">total</mark> = <mark class=\"dif\">add</mark>(a, 1)\n"
        );
    }
}
