//! From judged candidates to findings: which existing function to name, which other new
//! copies to list with it, and whether the change introduced the duplication at all.
//!
//! Pure bookkeeping over indices; the scores come from whichever engine judged.

use rustc_hash::FxHashSet;

use crate::kind::Kind;

/// What the change did to a function of the new snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Not touched by the change: only ever the existing side.
    Existing,
    /// Touched, and it existed before: the index of its old version.
    Changed(usize),
    /// Added by the change (no old version).
    Added,
}

/// One judged candidate of a checked function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Index into the new snapshot's functions.
    pub index: usize,
    pub score: f32,
    pub logit: Option<f32>,
}

impl Scored {
    fn key(&self) -> f32 {
        self.logit.unwrap_or(self.score)
    }
}

/// A checked function and what it matches at or above the threshold, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub query: usize,
    /// Functions that are not added by the change (at most `MAX_EXISTING`). Empty when
    /// the query matches only other new functions.
    pub existing: Vec<Scored>,
    /// Other functions the change adds that match too.
    pub copies: Vec<Scored>,
}

/// How many existing functions of a clone group one finding names.
pub const MAX_EXISTING: usize = 5;

/// Where the existing side of an old pair is: its own old version when the change
/// touched it too, else the function as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old(usize),
    Current(usize),
}

/// The pairs to judge at the old snapshot: (old version of the query, existing side),
/// one per existing match of each draft of a changed function, in draft order.
pub fn old_pairs(drafts: &[Draft], roles: &[Role]) -> Vec<(usize, Side)> {
    let mut out = Vec::new();
    for d in drafts {
        let Role::Changed(old_q) = roles[d.query] else {
            continue;
        };
        for m in &d.existing {
            let side = match roles[m.index] {
                Role::Changed(old_e) => Side::Old(old_e),
                _ => Side::Current(m.index),
            };
            out.push((old_q, side));
        }
    }
    out
}

/// The drafts of one check: a checked function that matches an existing function names
/// it (even when another new function scores higher); one that matches only new
/// functions is reported once per pair, and not at all when it is already listed as a
/// copy in another draft.
pub fn drafts(roles: &[Role], judged: &[(usize, Vec<Scored>)], threshold: f32) -> Vec<Draft> {
    let mut with_existing = Vec::new();
    let mut only_new = Vec::new();
    for (q, cands) in judged {
        let mut matches: Vec<Scored> = cands
            .iter()
            .copied()
            .filter(|c| c.score >= threshold && c.index != *q)
            .collect();
        matches.sort_by(|a, b| b.key().total_cmp(&a.key()).then(a.index.cmp(&b.index)));
        let (mut existing, copies): (Vec<Scored>, Vec<Scored>) = matches
            .into_iter()
            .partition(|c| roles[c.index] != Role::Added);
        existing.truncate(MAX_EXISTING);
        let draft = Draft {
            query: *q,
            existing,
            copies,
        };
        if !draft.existing.is_empty() {
            with_existing.push(draft);
        } else if !draft.copies.is_empty() {
            only_new.push(draft);
        }
    }
    // Every pair a draft with an existing match already shows, either way round.
    let mut shown: FxHashSet<(usize, usize)> = FxHashSet::default();
    let mut listed: FxHashSet<usize> = FxHashSet::default();
    for d in &with_existing {
        for m in d.existing.iter().chain(&d.copies) {
            shown.insert((d.query.min(m.index), d.query.max(m.index)));
        }
        listed.extend(d.copies.iter().map(|c| c.index));
    }
    for d in only_new {
        let other = d.copies[0].index;
        if listed.contains(&d.query) || !shown.insert((d.query.min(other), d.query.max(other))) {
            continue;
        }
        with_existing.push(d);
    }
    with_existing
}

/// Whether a match of a changed function is new: its score against the same existing
/// function rose by `margin` or more. Crossing the threshold by a hair is no rise: an
/// edit that leaves an old near-duplicate where it was (annotations, a reworded call)
/// did not make the duplication.
pub fn is_introduced(new_score: f32, old_score: f32, margin: f32) -> bool {
    new_score - old_score >= margin
}

/// Whether a finding fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Sure: fails the run by default.
    Error,
    /// Reported, never fails by default.
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// A method name that methods of several types share: an interface, trait or override
/// family, whose members look alike by design.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Family {
    pub name: String,
    /// How many types of the repository define it (the new one included).
    pub implementations: usize,
}

/// A family starts at this many types with a method of one name.
pub const FAMILY_MIN: usize = 4;
/// Both sides of a sure finding have at least this many statements.
pub const SURE_STATEMENTS: u32 = 5;
/// A member of a family fails the run only as a copy of at least this many statements.
pub const FAMILY_SURE_STATEMENTS: u32 = 10;

/// The level of a finding of `kind` between functions of `statements` each: a copy of
/// some size is sure, and so is an edited copy whose edits are whole statements added or
/// left out (`names_differ`: no aligned name or literal differs; one that does is a
/// sibling as often as a copy); a family member only as a large verbatim copy.
pub fn level(
    kind: Kind,
    statements: (u32, u32),
    names_differ: bool,
    family: Option<&Family>,
) -> Level {
    let smaller = statements.0.min(statements.1);
    let copy = kind == Kind::Copy || (kind == Kind::EditedCopy && !names_differ);
    let sure = match family {
        Some(_) => kind == Kind::Copy && smaller >= FAMILY_SURE_STATEMENTS,
        None => copy && smaller >= SURE_STATEMENTS,
    };
    if sure { Level::Error } else { Level::Warning }
}

/// A change with this many sure findings copies a whole tree (build output, vendored or
/// moved code) rather than re-implementing functions one by one.
pub const BULK_COPIES: usize = 10;

/// The family of a method `name` defined on `scope`, given every (name, scope) of the
/// repository's functions of its language: `None` below [`FAMILY_MIN`] types.
pub fn family<'a>(
    name: &str,
    scope: &str,
    all: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<Family> {
    if scope.is_empty() {
        return None;
    }
    let mut scopes: FxHashSet<&str> = all
        .filter(|(n, s)| *n == name && !s.is_empty())
        .map(|(_, s)| s)
        .collect();
    scopes.insert(scope);
    (scopes.len() >= FAMILY_MIN).then(|| Family {
        name: name.to_string(),
        implementations: scopes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(index: usize, score: f32) -> Scored {
        Scored {
            index,
            score,
            logit: None,
        }
    }

    #[test]
    fn names_the_existing_function_even_when_a_new_copy_scores_higher() {
        // 0 existing; 1 and 2 added copies of it.
        let roles = [Role::Existing, Role::Added, Role::Added];
        let judged = vec![
            (1, vec![s(2, 0.99), s(0, 0.90)]),
            (2, vec![s(1, 0.99), s(0, 0.85)]),
        ];
        let got = drafts(&roles, &judged, 0.7);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].existing, vec![s(0, 0.90)]);
        assert_eq!(got[0].copies, vec![s(2, 0.99)]);
        assert_eq!(got[1].existing, vec![s(0, 0.85)]);
    }

    #[test]
    fn a_clone_group_lists_up_to_five_existing_in_score_order() {
        let mut roles = vec![Role::Existing; 8];
        roles[7] = Role::Added;
        let cands: Vec<Scored> = (0..7).map(|i| s(i, 0.71 + 0.04 * i as f32)).collect();
        let got = drafts(&roles, &[(7, cands)], 0.7);
        let order: Vec<usize> = got[0].existing.iter().map(|m| m.index).collect();
        assert_eq!(order, [6, 5, 4, 3, 2]);
    }

    #[test]
    fn two_new_functions_alone_are_one_finding() {
        let roles = [Role::Existing, Role::Added, Role::Added];
        let judged = vec![(1, vec![s(2, 0.9)]), (2, vec![s(1, 0.9), s(0, 0.2)])];
        let got = drafts(&roles, &judged, 0.7);
        assert_eq!(got.len(), 1);
        assert!(got[0].existing.is_empty());
    }

    #[test]
    fn a_copy_listed_under_an_existing_match_is_not_reported_again() {
        // 2 matches only the new 1; 1 matches the existing 0 and lists 2.
        let roles = [Role::Existing, Role::Added, Role::Added];
        let judged = vec![
            (1, vec![s(0, 0.8), s(2, 0.9)]),
            (2, vec![s(1, 0.9), s(0, 0.6)]),
        ];
        let got = drafts(&roles, &judged, 0.7);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].query, 1);
    }

    #[test]
    fn a_changed_function_copied_by_a_new_one_is_one_finding() {
        // 1 is an edited old function, 2 a new copy of it: "2 duplicates 1", once.
        let roles = [Role::Existing, Role::Changed(0), Role::Added];
        let judged = vec![(1, vec![s(2, 0.95)]), (2, vec![s(1, 0.95)])];
        let got = drafts(&roles, &judged, 0.7);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].query, 2);
        assert_eq!(got[0].existing, vec![s(1, 0.95)]);
    }

    #[test]
    fn old_pairs_use_the_old_version_of_both_sides() {
        let roles = [Role::Changed(4), Role::Existing, Role::Changed(7)];
        let d = vec![Draft {
            query: 2,
            existing: vec![s(0, 0.9), s(1, 0.8)],
            copies: vec![],
        }];
        assert_eq!(
            old_pairs(&d, &roles),
            [(7, Side::Old(4)), (7, Side::Current(1))]
        );
    }

    #[test]
    fn introduced_only_when_the_score_rose_by_the_margin() {
        assert!(is_introduced(0.9, 0.5, 0.1));
        assert!(!is_introduced(0.9, 0.85, 0.1));
        assert!(is_introduced(0.99, 0.75, 0.1));
        assert!(!is_introduced(0.8, 0.82, 0.1));
        // Just over the threshold from just under it: not made by this change.
        assert!(!is_introduced(0.71, 0.69, 0.1));
    }

    #[test]
    fn only_sizeable_copies_outside_families_are_errors() {
        assert_eq!(level(Kind::Copy, (5, 7), false, None), Level::Error);
        assert_eq!(level(Kind::EditedCopy, (6, 5), false, None), Level::Error);
        assert_eq!(level(Kind::EditedCopy, (6, 5), true, None), Level::Warning);
        assert_eq!(level(Kind::Copy, (4, 9), false, None), Level::Warning);
        let other = |k| level(k, (20, 20), false, None);
        assert_eq!(other(Kind::ParameterisedCopy), Level::Warning);
        assert_eq!(other(Kind::Generalisation), Level::Warning);
        assert_eq!(other(Kind::Similar), Level::Warning);
        let f = Family {
            name: "SetDirectory".into(),
            implementations: 4,
        };
        assert_eq!(level(Kind::Copy, (9, 9), false, Some(&f)), Level::Warning);
        assert_eq!(
            level(Kind::EditedCopy, (12, 12), false, Some(&f)),
            Level::Warning
        );
        assert_eq!(level(Kind::Copy, (10, 11), false, Some(&f)), Level::Error);
    }

    #[test]
    fn a_family_is_four_types_with_one_method_name() {
        let all = [
            ("SetDirectory", "FileConfig"),
            ("SetDirectory", "ConsulConfig"),
            ("SetDirectory", "ConsulConfig"),
            ("Other", "EtcdConfig"),
            ("SetDirectory", ""),
        ];
        let it = || all.iter().map(|&(n, s)| (n, s));
        assert_eq!(family("SetDirectory", "EtcdConfig", it()), None);
        assert_eq!(
            family(
                "SetDirectory",
                "EtcdConfig",
                it().chain([("SetDirectory", "K8sConfig")])
            ),
            Some(Family {
                name: "SetDirectory".into(),
                implementations: 4
            })
        );
        assert_eq!(family("SetDirectory", "", it()), None);
    }
}
