//! The reranker: Qwen3-Reranker-0.6B (or any model of its recipe) as ONNX, through ort.
//! `manifest` reads the model directory, `prompt` builds token ids exactly as the reference
//! recipe does, `batch` packs them under a token budget, `session` runs them, `cache` keeps
//! scores across runs. `remote` is the same judge on a model server (vLLM or any /rerank API).

pub mod batch;
pub mod cache;
pub mod hub;
pub mod manifest;
pub mod prompt;
pub mod remote;
pub mod runtime;
pub mod session;

use rayon::prelude::*;
use std::path::PathBuf;

use crate::config::ModelConfig;
use crate::detect::{PairJudge, PairScore};
use cache::ScoreCache;
use manifest::ModelDir;
use prompt::Prompt;
use session::OnnxScorer;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_logits_batches_are_capped_by_memory_compact_ones_are_not() {
        assert_eq!(
            batch_budget(8192, manifest::Signature::LogitDiff, 151_669),
            8192
        );
        let capped = batch_budget(8192, manifest::Signature::FullLogits, 151_669);
        assert_eq!(capped, 884);
        assert!(capped * 151_669 * 4 <= FULL_LOGITS_BYTES);
        assert_eq!(
            batch_budget(100, manifest::Signature::FullLogits, 151_669),
            100
        );
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RerankError {
    #[error("{}", .message)]
    Runtime { message: String },
    #[error("model directory {}: {message}", .dir.display())]
    ModelDir { dir: PathBuf, message: String },
    #[error("tokenizer {}: {message}", .path.display())]
    Tokenizer { path: PathBuf, message: String },
    #[error("cannot tokenize: {0}")]
    Tokenize(String),
    #[error("cannot load model {}: {message}", .path.display())]
    Session { path: PathBuf, message: String },
    #[error("model {} has an unexpected signature: {message}", .path.display())]
    Signature { path: PathBuf, message: String },
    #[error(
        "the CUDA execution provider is not available: {0}. Install `onnxruntime-gpu` (not `onnxruntime`), point \
         --ort-lib at its libonnxruntime.so, and make sure the CUDA and cuDNN libraries it needs are on the \
         library path; or use --device cpu"
    )]
    Cuda(String),
    #[error("inference failed: {0}")]
    Run(String),
}

/// Most logits memory one full-logits batch may take: that output holds a float for every
/// vocabulary entry at every position, ~0.6 MB per token for Qwen3.
const FULL_LOGITS_BYTES: usize = 512 << 20;

/// The token budget of a batch: the configured one, capped for full-logits models so that
/// their [batch, seq, vocab] output stays within `FULL_LOGITS_BYTES`.
fn batch_budget(configured: usize, signature: manifest::Signature, vocab: usize) -> usize {
    let budget = configured.max(1);
    match signature {
        manifest::Signature::LogitDiff => budget,
        manifest::Signature::FullLogits => {
            budget.min((FULL_LOGITS_BYTES / (4 * vocab.max(1))).max(1))
        }
    }
}

/// Score of a yes−no logit difference: softmax over (no, yes), taking yes.
pub fn score_of(logit: f32) -> f32 {
    1.0 / (1.0 + (-logit).exp())
}

pub struct Reranker {
    prompt: Prompt,
    scorer: OnnxScorer,
    instruction: String,
    threshold: f32,
    batch_tokens: usize,
    /// Whether a query's head runs once for its candidates (the graph has the cache and
    /// the config wants it).
    prefix_cache: bool,
    model_key: String,
    cache: ScoreCache,
    /// Set when the cache could not be written (said once, not per batch).
    pub cache_warning: Option<String>,
    _env: ort::environment::Environment,
}

impl Reranker {
    pub fn load(
        model_dir: &std::path::Path,
        config: &ModelConfig,
        ort_lib: Option<&std::path::Path>,
    ) -> Result<Reranker, RerankError> {
        let model = ModelDir::open(model_dir)?;
        let memo = crate::cache_dir::default_dir().filter(|_| config.cache);
        model.verify(memo.as_deref())?;
        let lib = runtime::locate(ort_lib)?;
        let env = runtime::environment(&lib)?;
        let max_length = config.max_length.min(model.manifest.max_length);
        let prompt = Prompt::load(
            &model.tokenizer_path(),
            &model.manifest.yes_token,
            &model.manifest.no_token,
            max_length,
        )?;
        let scorer = OnnxScorer::load(
            &env,
            &model.model_path(),
            config.device,
            config.threads,
            (prompt.yes, prompt.no, prompt.pad),
        )?;
        // A graph pulled from a hub is what it is: its inputs and outputs decide.
        let pinned_signature = model.manifest.hub.is_none();
        if pinned_signature && scorer.has_prefix_cache() != model.manifest.prefix_cache {
            return Err(RerankError::Signature {
                path: model.model_path(),
                message: format!(
                    "{} says prefix_cache: {} but the model {} past_key_values inputs; fix the manifest \
                     (python models/export.py --manifest-only DIR)",
                    manifest::FILE_NAME,
                    model.manifest.prefix_cache,
                    if scorer.has_prefix_cache() {
                        "has"
                    } else {
                        "has no"
                    }
                ),
            });
        }
        if pinned_signature && scorer.signature != model.manifest.signature {
            return Err(RerankError::Signature {
                path: model.model_path(),
                message: format!(
                    "{} says {:?} but the model's outputs are {:?}; fix the manifest",
                    manifest::FILE_NAME,
                    model.manifest.signature,
                    scorer.signature
                ),
            });
        }
        let cache = match (config.cache, crate::cache_dir::default_dir()) {
            (true, Some(dir)) => ScoreCache::open(&dir),
            _ => ScoreCache::disabled(),
        };
        let batch_tokens = batch_budget(config.batch_tokens, scorer.signature, prompt.vocab_size);
        let prefix_cache = config.prefix_cache && scorer.has_prefix_cache();
        Ok(Reranker {
            prompt,
            scorer,
            instruction: config
                .instruction
                .clone()
                .unwrap_or_else(|| prompt::DEFAULT_INSTRUCTION.to_string()),
            threshold: config.threshold,
            batch_tokens,
            prefix_cache,
            // The prompt's version is part of the key: a change of the prompt is a new score.
            model_key: format!("{}/prompt-{}", model.identity(), prompt::VERSION),
            cache,
            cache_warning: None,
            _env: env,
        })
    }

    pub fn signature(&self) -> manifest::Signature {
        self.scorer.signature
    }

    /// What the model has run on so far (pairs scored from the cache cost nothing).
    pub fn stats(&self) -> session::Stats {
        self.scorer.stats
    }

    /// Whether the model directory has the prefix-cache graph.
    pub fn has_prefix_cache(&self) -> bool {
        self.scorer.has_prefix_cache()
    }

    /// yes−no logits of (query, document) pairs, in input order.
    pub fn logits(&mut self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, RerankError> {
        let keys: Vec<[u8; 16]> = pairs
            .iter()
            .map(|(q, d)| cache::key(&self.model_key, &self.instruction, q, d))
            .collect();
        let mut out: Vec<Option<f32>> = keys.iter().map(|k| self.cache.get(k)).collect();
        let todo: Vec<usize> = (0..pairs.len()).filter(|&i| out[i].is_none()).collect();
        if !todo.is_empty() {
            let ids: Vec<Vec<u32>> = todo
                .par_iter()
                .map(|&i| {
                    self.prompt
                        .encode(&self.instruction, pairs[i].0, pairs[i].1)
                })
                .collect::<Result<_, _>>()?;
            let mut fresh = Vec::with_capacity(todo.len());
            let mut done = |j: usize, logit: f32| {
                out[todo[j]] = Some(logit);
                fresh.push((keys[todo[j]], logit));
            };
            let mut alone: Vec<usize> = (0..todo.len()).collect();
            if self.prefix_cache {
                let queries: Vec<&str> = todo.iter().map(|&i| pairs[i].0).collect();
                alone.clear();
                for (head, group) in self.by_head(&queries, &ids)? {
                    if group.len() < 2 {
                        alone.extend(group);
                        continue;
                    }
                    // The head once, then its candidates' documents after it.
                    let past = self.scorer.prefix(&head)?;
                    let lens: Vec<usize> =
                        group.iter().map(|&j| ids[j].len() - head.len()).collect();
                    for batch in batch::plan(&lens, self.batch_tokens) {
                        let rows: Vec<&[u32]> = batch
                            .iter()
                            .map(|&g| &ids[group[g]][head.len()..])
                            .collect();
                        let logits = self.scorer.run_after(&past, &rows)?;
                        for (&g, logit) in batch.iter().zip(logits) {
                            done(group[g], logit);
                        }
                    }
                }
            }
            let lens: Vec<usize> = alone.iter().map(|&j| ids[j].len()).collect();
            for batch in batch::plan(&lens, self.batch_tokens) {
                let rows: Vec<&[u32]> = batch.iter().map(|&a| ids[alone[a]].as_slice()).collect();
                let logits = self.scorer.run(&rows)?;
                for (&a, logit) in batch.iter().zip(logits) {
                    done(alone[a], logit);
                }
            }
            if let Err(w) = self.cache.put_all(&fresh) {
                self.cache_warning.get_or_insert(w);
            }
        }
        Ok(out
            .into_iter()
            .map(|l| l.expect("every pair scored"))
            .collect())
    }
}

/// A query's head ids and the prompts (indices) that continue it.
type HeadGroup = (Vec<u32>, Vec<usize>);

impl Reranker {
    /// Prompts grouped by their query's head ids, in first-seen order. A prompt that does
    /// not start with its head (a pair cut to `max_length`) or is nothing but the head
    /// gets a group of its own, which runs without the cache.
    fn by_head(&self, queries: &[&str], ids: &[Vec<u32>]) -> Result<Vec<HeadGroup>, RerankError> {
        let mut groups: Vec<HeadGroup> = Vec::new();
        let mut slot: rustc_hash::FxHashMap<&str, usize> = Default::default();
        for (j, &q) in queries.iter().enumerate() {
            let g = match slot.get(q) {
                Some(&g) => g,
                None => {
                    groups.push((self.prompt.head(&self.instruction, q)?, Vec::new()));
                    slot.insert(q, groups.len() - 1);
                    groups.len() - 1
                }
            };
            let head = &groups[g].0;
            if ids[j].len() > head.len() && ids[j].starts_with(head) {
                groups[g].1.push(j);
            } else {
                groups.push((Vec::new(), vec![j]));
            }
        }
        Ok(groups)
    }
}

impl Drop for Reranker {
    fn drop(&mut self) {
        // For benchmarks: what the model ran on (bench/cpu_pr.sh reads it).
        if std::env::var_os("DEDUPE_CHECK_RERANK_STATS").is_some() {
            let s = self.scorer.stats;
            eprintln!(
                "rerank stats: runs {} rows {} tokens {} token_passes {} prefix_cache {}",
                s.runs, s.rows, s.tokens, s.token_passes, self.prefix_cache
            );
        }
    }
}

impl PairJudge for Reranker {
    fn judge(&mut self, pairs: &[(&str, &str)]) -> anyhow::Result<Vec<PairScore>> {
        Ok(self
            .logits(pairs)?
            .into_iter()
            .map(|logit| PairScore {
                score: score_of(logit),
                logit,
            })
            .collect())
    }

    fn threshold(&self) -> f32 {
        self.threshold
    }

    fn notices(&mut self) -> Vec<String> {
        self.cache_warning.take().into_iter().collect()
    }
}
