//! The verdict stage: each finding's kind, its evidence in words and its level, from its
//! two functions compared token by token ([`crate::kind`]), the look-alikes among the
//! rest of its clone group, and the interface family its new function belongs to.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::extract::{Function, SourceSpan, lex, lex_alone};
use crate::finding::{Finding, Match, unified_diff_of};
use crate::git::{FileContent, Git, GitError, Snapshot};
use crate::kind::{
    Comparison, Difference, Generalised, Kind, Renaming, Side as Narrower, StatementCounts,
    compare, renamed_text,
};
use crate::lang::Language;
use crate::sources;
use crate::verdict::Side;
use crate::verdict::{BULK_COPIES, Family, Level, family, level};

/// Why a finding has its kind and level, and what to do about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Names the new function binds where the existing one binds others (the first few).
    pub renamings: Vec<Renaming>,
    /// External names and literals that differ where the code aligns (the first few).
    pub differences: Vec<Difference>,
    pub statements: StatementCounts,
    pub generalisation: Option<Generalised>,
    pub family: Option<Family>,
    /// Existing functions of the clone group alike at the same kind, the named one
    /// included.
    pub look_alikes: usize,
    /// The kind and its evidence in one sentence.
    pub reason: String,
    /// What to do, from the kind.
    pub advice: String,
}

/// The functions of one finding, by index into the check's functions.
#[derive(Debug, Clone)]
pub struct Sides {
    pub new: usize,
    pub existing: usize,
    pub also: Vec<usize>,
    /// For a changed function: its old version (index into the old snapshot's functions)
    /// and where the existing side was then.
    pub before: Option<(usize, Side)>,
}

/// The snapshot before the change and the old versions of the functions it touched.
pub struct Before<'a> {
    pub snapshot: Option<Snapshot>,
    pub functions: &'a [Function],
}

/// Gives every finding its kind, level and evidence, then folds the findings of one
/// interface family into one; a notice when the change is a bulk copy.
pub fn judge(
    git: &Git,
    snapshot: Snapshot,
    functions: &[Function],
    before: &Before,
    findings: Vec<Finding>,
    sides: &[Sides],
) -> Result<(Vec<Finding>, Option<String>), GitError> {
    let wanted: FxHashSet<usize> = sides
        .iter()
        .flat_map(|s| {
            [s.new, s.existing]
                .into_iter()
                .chain(s.also.iter().copied())
        })
        .collect();
    let lexed = lex_functions(git, snapshot, functions, &wanted)?;
    let families = families(functions, sides);
    let judged: Vec<Finding> = findings
        .into_iter()
        .zip(sides)
        .map(|(mut f, s)| {
            let family = families.get(&s.new).cloned();
            classify(&mut f, s, &lexed, family);
            f
        })
        .collect();
    let judged = already_alike(git, before, judged, sides, &lexed)?;
    let mut judged = fold_families(judged);
    let notice = demote_bulk_copies(&mut judged);
    Ok((judged, notice))
}

/// A changed function whose old version was already a copy of the same existing
/// function (renamed, edited or parameterised) did not make the duplication, the change
/// only touched it: its findings become duplication that was already there.
fn already_alike(
    git: &Git,
    before: &Before,
    mut findings: Vec<Finding>,
    sides: &[Sides],
    lexed: &FxHashMap<usize, Function>,
) -> Result<Vec<Finding>, GitError> {
    let Some(old) = before.snapshot else {
        return Ok(findings);
    };
    let asked: Vec<(usize, (usize, Side))> = findings
        .iter()
        .zip(sides)
        .enumerate()
        .filter(|(_, (f, _))| f.introduced)
        .filter_map(|(i, (_, s))| Some((i, s.before?)))
        .collect();
    if asked.is_empty() {
        return Ok(findings);
    }
    let old_wanted: FxHashSet<usize> = asked
        .iter()
        .flat_map(|(_, (q, side))| match side {
            Side::Old(e) => vec![*q, *e],
            Side::Current(_) => vec![*q],
        })
        .collect();
    let old_lexed = lex_functions(git, old, before.functions, &old_wanted)?;
    for (i, (q, side)) in asked {
        let existing = match side {
            Side::Old(e) => old_lexed.get(&e),
            Side::Current(e) => lexed.get(&e),
        };
        let kind = existing
            .zip(old_lexed.get(&q))
            .and_then(|(e, q)| compare(e, q))
            .map(|c| c.kind);
        if matches!(
            kind,
            Some(Kind::Copy | Kind::EditedCopy | Kind::ParameterisedCopy)
        ) {
            findings[i].introduced = false;
            findings[i].level = Level::Warning;
        }
    }
    Ok(findings)
}

/// A change with [`BULK_COPIES`] or more errors copies a tree (build output, vendored or
/// moved code): its findings stay, as warnings, with one notice that says why.
fn demote_bulk_copies(findings: &mut [Finding]) -> Option<String> {
    let errors = findings
        .iter()
        .filter(|f| f.introduced && f.level == Level::Error)
        .count();
    if errors < BULK_COPIES {
        return None;
    }
    for f in findings.iter_mut() {
        f.level = Level::Warning;
    }
    Some(format!(
        "{errors} functions of this change are copies of existing ones: a copied tree (build \
         output, vendored or moved code) rather than re-implementations, so they are warnings; \
         if the copy is generated, `exclude` its directory"
    ))
}

fn classify(
    finding: &mut Finding,
    sides: &Sides,
    lexed: &FxHashMap<usize, Function>,
    family: Option<Family>,
) {
    let pair = |e: usize| compare(lexed.get(&e)?, lexed.get(&sides.new)?);
    let comparison = pair(sides.existing);
    if let (Some(c), Some(e), Some(n)) = (
        &comparison,
        lexed.get(&sides.existing),
        lexed.get(&sides.new),
    ) && !c.all_renamings.is_empty()
        && let Some(renamed) = renamed_text(e, n, c)
    {
        // Nothing left to show once renamed: the reason says it all.
        finding.diff = if renamed == n.text() {
            String::new()
        } else {
            unified_diff_of(
                &finding.existing,
                &renamed,
                &finding.new,
                n.text(),
                ", its names renamed as in the new function",
            )
        };
    }
    let kind = comparison.as_ref().map_or(Kind::Similar, |c| c.kind);
    let look_alikes = 1 + sides
        .also
        .iter()
        .filter(|&&e| pair(e).is_some_and(|c| c.kind == kind))
        .count();
    let statements = comparison
        .as_ref()
        .map_or_else(|| (0, 0), |c| (c.statements.existing, c.statements.new));
    let names_differ = comparison
        .as_ref()
        .is_some_and(|c| !c.differences.is_empty());
    // A function the name of the family does not fit (another name) is no member.
    let family = family.filter(|fam| fam.name == finding.existing.name);
    finding.kind = kind;
    finding.level = if finding.introduced {
        level(kind, statements, names_differ, family.as_ref())
    } else {
        Level::Warning
    };
    finding.evidence = evidence(finding, comparison, family, look_alikes);
}

fn evidence(
    finding: &Finding,
    comparison: Option<Comparison>,
    family: Option<Family>,
    look_alikes: usize,
) -> Evidence {
    let mut e = Evidence {
        family,
        look_alikes,
        ..Evidence::default()
    };
    if let Some(c) = comparison {
        e.renamings = c.renamings;
        e.differences = c.differences;
        e.statements = c.statements;
        e.generalisation = c.generalisation;
    }
    e.reason = reason(finding, &e);
    e.advice = advice(finding, &e);
    e
}

/// "a copy, renaming `path → p`, `fh → f`", "a parameterised copy: `end_array` where
/// `end_object` has `end_object`", ...
pub fn reason(f: &Finding, e: &Evidence) -> String {
    let existing = &f.existing.qualified_name;
    let mut s = match f.kind {
        Kind::Copy if e.renamings.is_empty() => "a copy: the same code".to_string(),
        Kind::Copy => format!("a copy, renaming {}", renamings(&e.renamings)),
        Kind::EditedCopy => format!(
            "an edited copy: {} of {} statements differ{}",
            e.statements.changed,
            e.statements.existing.max(e.statements.new),
            one_sided(&e.statements)
        ),
        Kind::ParameterisedCopy => format!(
            "a parameterised copy: the same statements, with {}",
            differences(&e.differences, existing)
        ),
        Kind::Generalisation => generalisation_reason(f, e),
        Kind::Similar => format!(
            "similar by its {} score, not a copy: {} of {} statements differ",
            f.engine.as_str(),
            e.statements.changed,
            e.statements.existing.max(e.statements.new)
        ),
    };
    if matches!(f.kind, Kind::EditedCopy) && !e.differences.is_empty() {
        s.push_str(&format!(
            ", among them {}",
            differences(&e.differences, existing)
        ));
    }
    if let Some(fam) = &e.family {
        s.push_str(&format!(
            "; one of {} implementations of `{}`",
            fam.implementations, fam.name
        ));
    } else if e.look_alikes > 1 {
        s.push_str(&format!(
            "; {} existing functions look alike this way",
            e.look_alikes
        ));
    }
    s
}

fn generalisation_reason(f: &Finding, e: &Evidence) -> String {
    let Some(g) = &e.generalisation else {
        return "a generalisation".into();
    };
    let (narrow, wide) = narrow_wide(f, g);
    let fixed: Vec<String> = g
        .fixed
        .iter()
        .map(|(p, v)| format!("`{p}` fixed to `{v}`"))
        .collect();
    let how = if fixed.is_empty() {
        format!("without the parameter(s) {}", quoted(&g.parameters))
    } else {
        format!("with {}", fixed.join(", "))
    };
    format!("a generalisation: `{narrow}` is `{wide}` {how}")
}

fn narrow_wide<'f>(f: &'f Finding, g: &Generalised) -> (&'f str, &'f str) {
    let (n, e) = (&f.new.qualified_name, &f.existing.qualified_name);
    match g.narrower {
        Narrower::New => (n, e),
        Narrower::Existing => (e, n),
    }
}

/// What to do about a finding of its kind.
pub fn advice(f: &Finding, e: &Evidence) -> String {
    let existing = &f.existing.qualified_name;
    if let Some(fam) = &e.family {
        return format!(
            "`{}` is an interface method: if the implementations share this code, share it once \
             (a base class, an embedded struct, a trait default method)",
            fam.name
        );
    }
    if f.existing_is_new {
        return "both are added by this change: keep one and call it from the other".into();
    }
    match f.kind {
        Kind::Copy => {
            format!("call `{existing}` instead (make it public or move it where both can reach it)")
        }
        Kind::EditedCopy => format!(
            "reuse `{existing}`: keep what differs at the call site, or make it a parameter"
        ),
        Kind::ParameterisedCopy => "if the differing names or values are the point (a sibling), \
             suppress this; otherwise one function can take them as a parameter"
            .into(),
        Kind::Generalisation => match &e.generalisation {
            Some(g) => {
                let (narrow, wide) = narrow_wide(f, g);
                format!("let `{narrow}` call `{wide}` rather than repeat it")
            }
            None => format!("let the narrower of the two call `{existing}`"),
        },
        Kind::Similar => {
            format!("check whether `{existing}` does the same job, and reuse it if it does")
        }
    }
}

fn renamings(r: &[Renaming]) -> String {
    let list: Vec<String> = r
        .iter()
        .take(4)
        .map(|r| format!("`{} → {}`", r.existing, r.new))
        .collect();
    let more = r.len().saturating_sub(4);
    if more > 0 {
        format!("{} and {more} more", list.join(", "))
    } else {
        list.join(", ")
    }
}

fn differences(d: &[Difference], existing: &str) -> String {
    // A name bound in both under one spelling but to different things says nothing in
    // words; it still counts as a difference.
    let shown: Vec<&Difference> = d.iter().filter(|d| d.new != d.existing).collect();
    let list: Vec<String> = shown
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, d)| {
            let whose = if i == 0 {
                format!("`{existing}`")
            } else {
                "it".to_string()
            };
            format!(
                "`{}` where {whose} has `{}`",
                short(&d.new),
                short(&d.existing)
            )
        })
        .collect();
    let more = shown.len().saturating_sub(3);
    match (list.is_empty(), more) {
        (true, _) => "other names in the same places".to_string(),
        (false, 0) => list.join(", "),
        (false, more) => format!("{} and {more} more", list.join(", ")),
    }
}

/// A name or literal for a sentence: its first line, at most 60 characters.
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let cut: String = line.chars().take(60).collect();
    if cut.len() < text.len() {
        format!("{}…", cut.trim_end())
    } else {
        cut
    }
}

fn one_sided(s: &StatementCounts) -> String {
    let mut parts = Vec::new();
    if let Some(first) = s.only_new.first() {
        parts.push(format!("{} added (`{first}`)", s.only_new.len()));
    }
    if let Some(first) = s.only_existing.first() {
        parts.push(format!("{} left out (`{first}`)", s.only_existing.len()));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}

fn quoted(names: &[String]) -> String {
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    list.join(", ")
}

/// The functions of `wanted` again, parsed from their files with every token's role.
pub fn lex_functions(
    git: &Git,
    snapshot: Snapshot,
    functions: &[Function],
    wanted: &FxHashSet<usize>,
) -> Result<FxHashMap<usize, Function>, GitError> {
    let files = sources::read(git, snapshot, functions, wanted.iter().copied())?;
    Ok(files
        .into_par_iter()
        .flat_map_iter(|file| {
            let (Some(lang), FileContent::Text(text)) =
                (Language::from_path(file.path), &file.content)
            else {
                return Vec::new();
            };
            // Each function from its own lines; the whole file only for those that do not
            // parse alone.
            let (mut found, rest): (Vec<(usize, Option<Function>)>, _) = file
                .functions
                .iter()
                .map(|&i| (i, lex_alone(lang, &functions[i], text)))
                .partition(|(_, g)| g.is_some());
            if !rest.is_empty() {
                let spans: Vec<SourceSpan> =
                    rest.iter().map(|(i, _)| functions[*i].source).collect();
                let mut all = lex(lang, file.path, text, &spans).functions;
                for (i, _) in rest {
                    let at = all.iter().position(|g| g.source == functions[i].source);
                    found.push((i, at.map(|at| all.swap_remove(at))));
                }
            }
            found
                .into_iter()
                .filter_map(|(i, g)| Some((i, g?)))
                .collect::<Vec<_>>()
        })
        .collect())
}

/// The interface family of each finding's new function, among the functions of its
/// language.
fn families(functions: &[Function], sides: &[Sides]) -> FxHashMap<usize, Family> {
    let family_of = |f: &Function| Language::from_path(&f.path).map(Language::family);
    let scope = |f: &Function| -> String {
        let q = f.qualified_name.strip_suffix(f.name.as_str()).unwrap_or("");
        q.trim_end_matches(['.', ':', '#']).to_string()
    };
    let names: FxHashSet<&str> = sides
        .iter()
        .map(|s| functions[s.new].name.as_str())
        .collect();
    let scopes: Vec<(&str, Option<Language>, String)> = functions
        .iter()
        .filter(|f| names.contains(f.name.as_str()))
        .map(|f| (f.name.as_str(), family_of(f), scope(f)))
        .collect();
    let mut out = FxHashMap::default();
    for s in sides {
        let f = &functions[s.new];
        let lang = family_of(f);
        let all = scopes
            .iter()
            .filter(|(_, l, _)| *l == lang)
            .map(|(n, _, sc)| (*n, sc.as_str()));
        if let Some(fam) = family(&f.name, &scope(f), all) {
            out.insert(s.new, fam);
        }
    }
    out
}

/// One finding per family of a change: a change that adds several implementations of
/// one interface method hears of it once, with the others listed as new copies.
fn fold_families(findings: Vec<Finding>) -> Vec<Finding> {
    let mut first_of: FxHashMap<String, usize> = FxHashMap::default();
    let mut out: Vec<Finding> = Vec::new();
    for f in findings {
        let key = f.evidence.family.as_ref().map(|fam| fam.name.clone());
        match key.map(|k| first_of.get(&k).copied().ok_or(k)) {
            Some(Ok(i)) => {
                let into = &mut out[i];
                into.level = into.level.min(f.level);
                let function = f.new.clone();
                if !into.new_copies.iter().any(|m| m.function == function) {
                    into.new_copies.push(Match {
                        function,
                        score: f.score,
                    });
                }
            }
            Some(Err(k)) => {
                first_of.insert(k, out.len());
                out.push(f);
            }
            None => out.push(f),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_and_multiline_literals_are_cut_in_sentences() {
        assert_eq!(short("abc"), "abc");
        assert_eq!(short("`a\nb`"), "`a…");
        assert_eq!(short(&"x".repeat(80)), format!("{}…", "x".repeat(60)));
        let d = |existing: &str, new: &str| Difference {
            what: "name",
            existing: existing.into(),
            new: new.into(),
        };
        assert_eq!(
            differences(&[d("parent", "parent")], "f"),
            "other names in the same places"
        );
        assert_eq!(
            differences(&[d("parent", "parent"), d("a", "b")], "f"),
            "`b` where `f` has `a`"
        );
    }
}
