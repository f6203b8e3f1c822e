//! The findings stage: a finding from each draft, naming the match the change made, with
//! the functions the verdict stage compares.

use rustc_hash::FxHashMap;

use super::Functions;
use super::judge::Decision;
use crate::evidence::Sides;
use crate::finding::{Engine, Finding, Match};
use crate::verdict::{self, Draft, Role, Scored, Side};

/// One finding per pair of functions (two changed functions that now match each other
/// are one finding, not two), each with its sides.
pub fn findings(
    functions: &Functions,
    decision: Decision,
    margin: f32,
) -> (Vec<Finding>, Vec<Sides>) {
    let mut old_scores = decision.old_scores.into_iter();
    let mut named_pairs: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    let mut built: Vec<Finding> = Vec::new();
    let mut sides: Vec<Sides> = Vec::new();
    for d in decision.drafts {
        let changed = matches!(functions.roles[d.query], Role::Changed(_));
        let olds: Vec<f32> = if changed && !d.existing.is_empty() {
            old_scores.by_ref().take(d.existing.len()).collect()
        } else {
            Vec::new()
        };
        let (finding, these) = finding(functions, &d, &olds, margin, decision.engine);
        let pair = (d.query.min(these.existing), d.query.max(these.existing));
        match named_pairs.get(&pair) {
            // The other direction made it a duplicate: that one tells.
            Some(&i) => {
                if finding.introduced && !built[i].introduced {
                    built[i] = finding;
                    sides[i] = these;
                }
            }
            None => {
                named_pairs.insert(pair, built.len());
                built.push(finding);
                sides.push(these);
            }
        }
    }
    (built, sides)
}

/// The finding of one draft: it names the match the change made when there is one
/// (`olds`, the old version's scores against the existing matches, tell), else the best.
fn finding(
    functions: &Functions,
    d: &Draft,
    olds: &[f32],
    margin: f32,
    engine: Engine,
) -> (Finding, Sides) {
    let all = &functions.all;
    let (pick, introduced, before_score) = if olds.is_empty() {
        (0, true, None)
    } else {
        let new_ones: Vec<bool> = d
            .existing
            .iter()
            .zip(olds)
            .map(|(m, &o)| verdict::is_introduced(m.score, o, margin))
            .collect();
        let pick = new_ones.iter().position(|&n| n).unwrap_or(0);
        (pick, new_ones[pick], Some(olds[pick]))
    };
    let (named, existing_is_new, also, copies) = if d.existing.is_empty() {
        (d.copies[0], true, Vec::new(), &d.copies[1..])
    } else {
        let mut also = d.existing.clone();
        let named = also.remove(pick);
        (named, false, also, &d.copies[..])
    };
    let to_match = |m: &Scored| Match {
        function: (&all[m.index]).into(),
        score: m.score,
    };
    let mut finding = Finding::new(
        &all[d.query],
        &all[named.index],
        existing_is_new,
        named.score,
        named.logit,
        engine,
    );
    finding.introduced = introduced;
    finding.before_score = before_score;
    finding.also_existing = also.iter().map(to_match).collect();
    finding.new_copies = copies.iter().map(to_match).collect();
    let roles = &functions.roles;
    let sides = Sides {
        new: d.query,
        existing: named.index,
        also: also.iter().map(|m| m.index).collect(),
        before: match (roles[d.query], roles[named.index]) {
            (Role::Changed(q), Role::Changed(e)) => Some((q, Side::Old(e))),
            (Role::Changed(q), _) => Some((q, Side::Current(named.index))),
            _ => None,
        },
    };
    (finding, sides)
}
