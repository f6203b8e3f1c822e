//! The judge stage: the model when there is one, else the structural score, decides
//! which candidates are duplicates, and scores the old versions of changed functions by
//! the same engine.

use rustc_hash::FxHashSet;

use super::rerank::rerank;
use super::{Functions, JudgeLoader, JudgeUnavailable, PairJudge, Ranked};
use crate::candidates::CandidateIndex;
use crate::config::Config;
use crate::extract::Function;
use crate::finding::Engine;
use crate::verdict::{self, Draft, Scored, Side};

/// What the judge decided.
pub struct Decision {
    pub engine: Engine,
    /// The report threshold of the engine that decided.
    pub threshold: f32,
    pub drafts: Vec<Draft>,
    /// The old version's score against each existing match of a changed function's
    /// draft, in draft order.
    pub old_scores: Vec<f32>,
    /// Suppressed functions that had a match: their comments were used.
    used: FxHashSet<usize>,
}

impl Decision {
    /// The (path, line) of every suppression comment that suppressed a match.
    pub fn used_ignores<'f>(&self, functions: &'f [Function]) -> FxHashSet<(&'f str, u32)> {
        self.used
            .iter()
            .filter_map(|&i| Some((functions[i].path.as_str(), functions[i].ignore_line?)))
            .collect()
    }
}

/// Loads the judge only when there are pairs, and falls back to the structural engine
/// when it fails on the way (a model server that went away), so that new and old scores
/// come from one engine, unless the model is required.
pub fn judge(
    config: &Config,
    load_judge: JudgeLoader<'_>,
    functions: &Functions,
    index: &CandidateIndex,
    ranked: &Ranked,
    notices: &mut Vec<String>,
) -> anyhow::Result<Decision> {
    let has_pairs = ranked.iter().any(|(_, c)| !c.is_empty());
    let mut judge = if has_pairs {
        load_judge(notices)?
    } else {
        None
    };
    let decided = decide(config, functions, index, ranked, judge.as_deref_mut());
    if let Some(judge) = judge.as_mut() {
        notices.extend(judge.notices());
    }
    match decided {
        Err(e) if e.is::<JudgeUnavailable>() => {
            if config.model.required {
                return Err(e.context("the model is required (model.required / --require-model)"));
            }
            notices.push(format!(
                "reranker unavailable, the structural engine decides: {e}"
            ));
            decide(config, functions, index, ranked, None)
        }
        decided => decided,
    }
}

/// One engine's decision: the drafts of findings, and the old versions' scores.
fn decide(
    config: &Config,
    functions: &Functions,
    index: &CandidateIndex,
    ranked: &Ranked,
    mut judge: Option<&mut (dyn PairJudge + 'static)>,
) -> anyhow::Result<Decision> {
    let all = &functions.all;
    let (engine, judged, threshold) = match judge.as_mut() {
        Some(judge) => (
            Engine::Reranker,
            rerank(all, ranked, &mut **judge, &config.model)?,
            judge.threshold(),
        ),
        None => (Engine::Structural, structural(ranked), config.threshold),
    };
    let (silenced, judged): (Vec<_>, Vec<_>) =
        judged.into_iter().partition(|(q, _)| all[*q].suppressed);
    let used: FxHashSet<usize> = verdict::drafts(&functions.roles, &silenced, threshold)
        .iter()
        .map(|d| d.query)
        .collect();
    let drafts = verdict::drafts(&functions.roles, &judged, threshold);
    let old_scores = old_scores(config, functions, index, &drafts, judge)?;
    Ok(Decision {
        engine,
        threshold,
        drafts,
        old_scores,
        used,
    })
}

/// The candidates with their structural scores, as the structural engine judges them.
fn structural(ranked: &Ranked) -> Vec<(usize, Vec<Scored>)> {
    ranked
        .iter()
        .map(|(q, cands)| {
            let scored = cands
                .iter()
                .map(|c| Scored {
                    index: c.index,
                    score: c.score,
                    logit: None,
                })
                .collect();
            (*q, scored)
        })
        .collect()
}

/// Was it already a duplicate? The old version of each changed function against each
/// existing match, judged by the same engine (with the same cascade: a sure structural
/// score stands).
fn old_scores(
    config: &Config,
    functions: &Functions,
    index: &CandidateIndex,
    drafts: &[Draft],
    judge: Option<&mut (dyn PairJudge + 'static)>,
) -> anyhow::Result<Vec<f32>> {
    let old_pairs: Vec<(&Function, &Function)> = verdict::old_pairs(drafts, &functions.roles)
        .into_iter()
        .map(|(q, side)| {
            let side = match side {
                Side::Old(e) => &functions.old[e],
                Side::Current(e) => &functions.all[e],
            };
            (&functions.old[q], side)
        })
        .collect();
    let mut scores: Vec<f32> = old_pairs
        .iter()
        .map(|(q, d)| index.score_functions(q, d).score)
        .collect();
    let Some(judge) = judge else {
        return Ok(scores);
    };
    let model = &config.model;
    let ask: Vec<usize> = (0..old_pairs.len())
        .filter(|&i| !model.cascade || (model.reject..model.accept).contains(&scores[i]))
        .collect();
    let texts: Vec<(&str, &str)> = ask
        .iter()
        .map(|&i| (old_pairs[i].0.text(), old_pairs[i].1.text()))
        .collect();
    if !texts.is_empty() {
        for (&i, s) in ask.iter().zip(judge.judge(&texts)?) {
            scores[i] = s.score;
        }
    }
    Ok(scores)
}
