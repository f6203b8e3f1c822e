//! The judge stage's model half: which pairs the reranker is asked about.

use rustc_hash::FxHashMap;

use super::PairJudge;
use crate::candidates::Candidate;
use crate::extract::Function;
use crate::verdict::Scored;

/// The reranker scores each checked function's candidates, but for those the cascade
/// decides by their structural score (`model.accept`, `model.reject`): a near-identical
/// candidate makes its checked function a duplicate without the model (with the
/// structural score and no logit), and candidates far below any match are none. Of the
/// rest the model judges the best `model.top_k`.
pub fn rerank(
    functions: &[Function],
    ranked: &[(usize, Vec<Candidate>)],
    judge: &mut dyn PairJudge,
    model: &crate::config::ModelConfig,
) -> anyhow::Result<Vec<(usize, Vec<Scored>)>> {
    let k = model.judged_top_k();
    let mut judged: Vec<(usize, Vec<Scored>)> = Vec::with_capacity(ranked.len());
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (q, cands) in ranked {
        // Candidates come best first.
        if model.cascade && cands.first().is_some_and(|c| c.score >= model.accept) {
            let sure = cands.iter().filter(|c| c.score >= model.accept);
            let scored = sure.map(|c| Scored {
                index: c.index,
                score: c.score,
                logit: None,
            });
            judged.push((*q, scored.collect()));
            continue;
        }
        judged.push((*q, Vec::new()));
        let asked = cands
            .iter()
            .filter(|c| !model.cascade || c.score >= model.reject)
            .take(k);
        pairs.extend(asked.map(|c| (*q, c.index)));
    }
    let texts: Vec<(&str, &str)> = pairs
        .iter()
        .map(|&(q, d)| (functions[q].text(), functions[d].text()))
        .collect();
    let scores = if texts.is_empty() {
        Vec::new()
    } else {
        judge.judge(&texts)?
    };
    let slot: FxHashMap<usize, usize> = judged
        .iter()
        .enumerate()
        .map(|(i, (q, _))| (*q, i))
        .collect();
    for (&(q, d), s) in pairs.iter().zip(scores) {
        judged[slot[&q]].1.push(Scored {
            index: d,
            score: s.score,
            logit: Some(s.logit),
        });
    }
    Ok(judged)
}
