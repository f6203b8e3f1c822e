//! The cheap stage: rank existing functions against a checked one with no model.
//! BM25 over identifier sub-tokens finds what is named alike; shared shingles of the
//! normalized token stream (identifiers and literals abstracted) find renamed copies.
//! The best few are then scored precisely by a token-level diff ratio.

use rustc_hash::FxHashMap;
use similar::{Algorithm, capture_diff_slices_deadline, get_diff_ratio};
use std::time::{Duration, Instant};

use crate::extract::Function;

const SHINGLE: usize = 4;
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;

/// One ranked candidate for a checked function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Index into the function slice the index was built from.
    pub index: usize,
    /// Calibrated structural score in [0, 1]: the decision score without a model.
    pub score: f32,
    /// Token-level diff ratio of the normalized token streams.
    pub shape: f32,
    /// Weighted overlap of identifier sub-tokens.
    pub lexical: f32,
}

pub struct CandidateIndex<'a> {
    functions: &'a [Function],
    terms: FxHashMap<u64, Vec<(u32, u16)>>,
    idf: FxHashMap<u64, f32>,
    term_len: Vec<u32>,
    avg_term_len: f32,
    shingles: FxHashMap<u64, Vec<u32>>,
    shingle_sets: Vec<Vec<u64>>,
    /// Shingles in more functions than this are too common to pick candidates by.
    common_shingle: usize,
}

fn term_counts(f: &Function) -> FxHashMap<u64, u16> {
    let mut counts = FxHashMap::default();
    for &t in &f.terms {
        let c = counts.entry(t).or_insert(0u16);
        *c = c.saturating_add(1);
    }
    counts
}

fn shingle_set(shape: &[u32]) -> Vec<u64> {
    let mut out: Vec<u64> = if shape.len() < SHINGLE {
        vec![shape.iter().fold(0xcbf29ce484222325u64, |h, &t| {
            (h ^ u64::from(t)).wrapping_mul(0x100000001b3)
        })]
    } else {
        shape
            .windows(SHINGLE)
            .map(|w| {
                w.iter().fold(0xcbf29ce484222325u64, |h, &t| {
                    (h ^ u64::from(t)).wrapping_mul(0x100000001b3)
                })
            })
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

impl<'a> CandidateIndex<'a> {
    pub fn build(functions: &'a [Function]) -> Self {
        let mut terms: FxHashMap<u64, Vec<(u32, u16)>> = FxHashMap::default();
        let mut shingles: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut term_len = Vec::with_capacity(functions.len());
        let shingle_sets: Vec<Vec<u64>> = functions.iter().map(|f| shingle_set(&f.shape)).collect();
        for (i, f) in functions.iter().enumerate() {
            for (t, c) in term_counts(f) {
                terms.entry(t).or_default().push((i as u32, c));
            }
            term_len.push(f.terms.len() as u32);
            for &s in &shingle_sets[i] {
                shingles.entry(s).or_default().push(i as u32);
            }
        }
        let n = functions.len().max(1) as f32;
        let idf = terms
            .iter()
            .map(|(&t, p)| {
                let df = p.len() as f32;
                (t, (1.0 + (n - df + 0.5) / (df + 0.5)).ln())
            })
            .collect();
        let avg_term_len = term_len.iter().map(|&l| l as f32).sum::<f32>() / n;
        CandidateIndex {
            functions,
            terms,
            idf,
            term_len,
            avg_term_len: avg_term_len.max(1.0),
            shingles,
            shingle_sets,
            common_shingle: (functions.len() / 20).max(50),
        }
    }

    fn bm25_weight(&self, tf: u16, len: u32) -> f32 {
        let tf = f32::from(tf);
        let norm = 1.0 - BM25_B + BM25_B * len as f32 / self.avg_term_len;
        tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm)
    }

    /// The `k` best candidates for `functions[query]`, best first, skipping those `skip` rejects.
    pub fn top_k(&self, query: usize, k: usize, skip: &dyn Fn(usize) -> bool) -> Vec<Candidate> {
        let q = &self.functions[query];
        let n = self.functions.len();
        let mut lexical = vec![0f32; n];
        let qcounts = term_counts(q);
        let mut self_score = 0f32;
        for (t, &qtf) in &qcounts {
            let idf = self.idf.get(t).copied().unwrap_or(0.0);
            self_score += idf * self.bm25_weight(qtf, self.term_len[query]);
            if let Some(postings) = self.terms.get(t) {
                for &(d, tf) in postings {
                    lexical[d as usize] += idf * self.bm25_weight(tf, self.term_len[d as usize]);
                }
            }
        }
        let mut shared = vec![0u32; n];
        for s in &self.shingle_sets[query] {
            if let Some(postings) = self.shingles.get(s)
                && postings.len() <= self.common_shingle
            {
                for &d in postings {
                    shared[d as usize] += 1;
                }
            }
        }
        let qlen = self.shingle_sets[query].len() as f32;
        let mut cheap: Vec<(f32, usize)> = (0..n)
            .filter(|&d| d != query && (lexical[d] > 0.0 || shared[d] > 0))
            .filter(|&d| !skip(d) && !q.nests_with(&self.functions[d]))
            .map(|d| {
                let lex = if self_score > 0.0 {
                    (lexical[d] / self_score).min(1.0)
                } else {
                    0.0
                };
                let dice = 2.0 * shared[d] as f32 / (qlen + self.shingle_sets[d].len() as f32);
                (0.5 * lex + 0.5 * dice, d)
            })
            .collect();
        let pool = (k * 4).max(50);
        if cheap.len() > pool {
            cheap.select_nth_unstable_by(pool, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            cheap.truncate(pool);
        }
        let mut ranked: Vec<Candidate> = cheap
            .into_iter()
            .map(|(_, d)| self.score(query, d))
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        ranked.truncate(k);
        ranked
    }

    /// The precise structural score of a pair of indexed functions.
    pub fn score(&self, query: usize, doc: usize) -> Candidate {
        Candidate {
            index: doc,
            ..self.score_functions(&self.functions[query], &self.functions[doc])
        }
    }

    /// The precise structural score of any two functions, indexed or not (e.g. the old
    /// version of a changed function), with this index's term weights. `index` is 0.
    pub fn score_functions(&self, q: &Function, d: &Function) -> Candidate {
        let shape = shape_ratio(&q.shape, &d.shape);
        let lexical = self.weighted_overlap(q, d);
        Candidate {
            index: 0,
            score: combine(shape, lexical),
            shape,
            lexical,
        }
    }

    /// Weighted Jaccard over identifier sub-token counts, weights from idf.
    fn weighted_overlap(&self, a: &Function, b: &Function) -> f32 {
        let (ca, cb) = (term_counts(a), term_counts(b));
        let (mut min_sum, mut max_sum) = (0f32, 0f32);
        for (t, &x) in &ca {
            let w = self.idf.get(t).copied().unwrap_or(0.0);
            let y = cb.get(t).copied().unwrap_or(0);
            min_sum += w * f32::from(x.min(y));
            max_sum += w * f32::from(x.max(y));
        }
        for (t, &y) in &cb {
            if !ca.contains_key(t) {
                max_sum += self.idf.get(t).copied().unwrap_or(0.0) * f32::from(y);
            }
        }
        if max_sum > 0.0 {
            min_sum / max_sum
        } else {
            0.0
        }
    }
}

/// The share of tokens two normalized streams have in common, in order (2·M / T).
pub fn shape_ratio(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let deadline = Instant::now() + Duration::from_millis(50);
    let ops = capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(deadline));
    get_diff_ratio(&ops, a.len(), b.len())
}

/// Calibrated score: shape decides, shared vocabulary lifts it. A renamed copy keeps
/// its shape (≈1.0) and loses vocabulary; an unrelated function of a common shape
/// shares neither, so it stays low.
pub fn combine(shape: f32, lexical: f32) -> f32 {
    (shape * (0.8 + 0.2 * lexical)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::lang::Language;

    fn functions(src: &str) -> Vec<Function> {
        extract(Language::Python, "m.py", src).functions
    }

    const CORPUS: &str = "
def load_config(path):
    with open(path) as fh:
        data = json.load(fh)
    if 'name' not in data:
        raise ValueError('missing name')
    return data

def mean(values):
    total = 0
    for v in values:
        total += v
    return total / len(values)

def render(template, context):
    out = []
    for line in template.splitlines():
        out.append(line.format(**context))
    return '\\n'.join(out)

def read_settings(filename):
    with open(filename) as f:
        cfg = json.load(f)
    if 'title' not in cfg:
        raise ValueError('no title')
    return cfg
";

    #[test]
    fn renamed_copy_ranks_first_with_a_high_score() {
        let fs = functions(CORPUS);
        let index = CandidateIndex::build(&fs);
        let got = index.top_k(3, 3, &|_| false);
        assert_eq!(fs[got[0].index].name, "load_config");
        assert!(got[0].shape > 0.99, "{got:?}");
        assert!(got[0].score >= 0.8, "{got:?}");
        assert!(got.iter().skip(1).all(|c| c.score < 0.75), "{got:?}");
    }

    #[test]
    fn skip_and_self_are_never_candidates() {
        let fs = functions(CORPUS);
        let index = CandidateIndex::build(&fs);
        let got = index.top_k(3, 10, &|d| d == 0);
        assert!(got.iter().all(|c| c.index != 3 && c.index != 0), "{got:?}");
    }
}
