//! `history --format html`: one self-contained page: the rates, the settings that would
//! have changed them, and the commits with their findings, filtered by level.

use std::io::Write;

use crate::history::{HistoryOutcome, Replayed};
use crate::report::scan::html::{esc, page_head};
use crate::verdict::Level;

const SCRIPT: &str = "document.getElementById('f-level').addEventListener('change',function(e){\
var v=e.target.value,shown=0;document.querySelectorAll('section.commit').forEach(function(s){\
var ok=!v||(v==='failed'?s.dataset.failed==='true':s.dataset.levels.split(' ').indexOf(v)>=0);\
s.classList.toggle('hidden',!ok);if(ok)shown++;});document.getElementById('shown').textContent=shown;});";

pub fn write(outcome: &HistoryOutcome, out: &mut dyn Write) -> std::io::Result<()> {
    page_head(
        "history",
        &outcome.rev,
        &super::headline(outcome),
        &outcome.notices,
        out,
    )?;
    if !outcome.suggestions.is_empty() {
        writeln!(
            out,
            "<h2>Settings that would have changed this</h2><table id=\"suggestions\">\
             <tr><th>setting</th><th>removes findings</th><th>removes failing commits</th></tr>"
        )?;
        for s in &outcome.suggestions {
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&s.setting),
                s.removes_findings,
                s.removes_failures
            )?;
        }
        writeln!(out, "</table>")?;
    }
    let listed: Vec<&Replayed> = outcome
        .commits
        .iter()
        .filter(|c| !c.findings.is_empty() || c.error.is_some())
        .collect();
    writeln!(
        out,
        "<h2>Commits with findings (<span id=\"shown\">{}</span> shown)</h2>\
         <p class=\"filters\"><label>show <select id=\"f-level\"><option value=\"\">all</option>\
         <option value=\"failed\">failed</option><option value=\"error\">with errors</option>\
         <option value=\"warning\">with warnings</option></select></label></p>",
        listed.len()
    )?;
    for c in listed {
        write_commit(c, outcome, out)?;
    }
    writeln!(out, "<script>{SCRIPT}</script></body></html>")
}

fn write_commit(
    c: &Replayed,
    outcome: &HistoryOutcome,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut levels: Vec<&str> = c.findings.iter().map(|f| f.level.as_str()).collect();
    levels.sort_unstable();
    levels.dedup();
    writeln!(
        out,
        "<section class=\"commit\" id=\"c{id}\" data-failed=\"{failed}\" data-levels=\"{levels}\">\
         <h3><code>{short}</code> {subject}</h3>",
        id = esc(&c.commit),
        failed = c.fails(outcome.fail_on),
        levels = levels.join(" "),
        short = esc(super::short(&c.commit)),
        subject = esc(&c.subject),
    )?;
    if let Some(e) = &c.error {
        writeln!(out, "<p class=\"error\">not checked: {}</p>", esc(e))?;
    }
    writeln!(out, "<ul>")?;
    for f in &c.findings {
        let class = if f.level == Level::Error {
            "error"
        } else {
            "warning"
        };
        writeln!(
            out,
            "<li class=\"finding {class}\">{}</li>",
            esc(&super::finding_line(f))
        )?;
    }
    writeln!(out, "</ul></section>")
}
