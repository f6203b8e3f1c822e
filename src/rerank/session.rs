//! The ort session: discovers the model's inputs and output signature, runs left-padded
//! batches, and returns yes−no logit differences in fp32.
//!
//! A prefix-cache graph (models/export.py) also takes a past — the keys and values of a
//! prompt head that every row of the batch continues — and returns its first row's own
//! keys and values, so that the head of a query is run once for all its candidates.

use ort::session::builder::GraphOptimizationLevel;
use ort::session::{Session, SessionInputValue};
use ort::value::{DynValue, Tensor, TensorElementType, ValueType};
use std::borrow::Cow;
use std::path::Path;

use super::RerankError;
use super::manifest::Signature;
use crate::config::Device;

pub struct OnnxScorer {
    session: Session,
    pub signature: Signature,
    has_position_ids: bool,
    output: String,
    yes: usize,
    no: usize,
    pad: u32,
    cache: Option<CacheIo>,
    /// The past inputs of a full-logits graph that takes past key values (community
    /// exports made for generation): fed empty, one row per run.
    empty_past: Option<CacheIo>,
    pub stats: Stats,
}

/// What the model was run on: `token_passes` counts the padded tokens (rows × length of
/// every batch, prefix runs included), the work the model does; `tokens` the real ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub runs: usize,
    pub rows: usize,
    pub tokens: usize,
    pub token_passes: usize,
}

/// The past inputs of a prefix-cache graph and the outputs that fill them.
struct CacheIo {
    /// (`past_key_values.N.key|value` input, `present.N.key|value` output), graph order.
    names: Vec<(String, String)>,
    /// (key/value heads, head dim) of each past tensor.
    dims: Vec<(i64, i64)>,
    half: bool,
}

/// The keys and values of a prompt head, the past of each of its continuations.
pub struct Past {
    values: Vec<DynValue>,
    len: usize,
}

fn ort_err(path: &Path, e: impl std::fmt::Display) -> RerankError {
    RerankError::Session {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

impl OnnxScorer {
    pub fn load(
        env: &ort::environment::Environment,
        path: &Path,
        device: Device,
        threads: usize,
        (yes, no, pad): (u32, u32, u32),
    ) -> Result<OnnxScorer, RerankError> {
        let mut builder = Session::builder(env)
            .map_err(|e| ort_err(path, e))?
            .with_optimization_level(GraphOptimizationLevel::Level3)
            .map_err(|e| ort_err(path, e))?;
        if threads > 0 {
            builder = builder
                .with_intra_threads(threads)
                .map_err(|e| ort_err(path, e))?;
        }
        if device == Device::Cuda {
            builder = builder
                .with_execution_providers([ort::ep::CUDA::default().build().error_on_failure()])
                .map_err(|e| RerankError::Cuda(e.to_string()))?;
        }
        let session = builder
            .commit_from_file(path)
            .map_err(|e| ort_err(path, e))?;

        let mut has_position_ids = false;
        let outputs: Vec<String> = session
            .outputs()
            .iter()
            .map(|o| o.name().to_string())
            .collect();
        let mut cache = CacheIo {
            names: Vec::new(),
            dims: Vec::new(),
            half: false,
        };
        let mut empty_past = CacheIo {
            names: Vec::new(),
            dims: Vec::new(),
            half: false,
        };
        let mut past_mask = false;
        for input in session.inputs() {
            match input.name() {
                "input_ids" | "attention_mask" => {}
                "position_ids" => has_position_ids = true,
                "past_attention_mask" => past_mask = true,
                name if name.starts_with("past_key_values.") => {
                    let compact = outputs.iter().any(|o| o == "yes_minus_no");
                    let io = if compact { &mut cache } else { &mut empty_past };
                    add_past(io, path, name, input.dtype(), &outputs)?;
                }
                other => {
                    return Err(RerankError::Signature {
                        path: path.to_path_buf(),
                        message: format!(
                            "unexpected model input `{other}`: expected input_ids, attention_mask and optionally \
                             position_ids, or the past inputs of a prefix-cache graph (models/export.py)"
                        ),
                    });
                }
            }
        }
        for required in ["input_ids", "attention_mask"] {
            if !session.inputs().iter().any(|i| i.name() == required) {
                return Err(RerankError::Signature {
                    path: path.to_path_buf(),
                    message: format!("the model has no `{required}` input"),
                });
            }
        }
        if past_mask == cache.names.is_empty() {
            return Err(RerankError::Signature {
                path: path.to_path_buf(),
                message: "a prefix-cache graph needs both `past_attention_mask` and `past_key_values.*` inputs"
                    .into(),
            });
        }
        let (signature, output) = if outputs.iter().any(|o| o == "yes_minus_no") {
            (Signature::LogitDiff, "yes_minus_no".to_string())
        } else if let Some(o) = session.outputs().iter().find(|o| {
            o.name() == "logits"
                && matches!(o.dtype(), ValueType::Tensor { shape, .. } if shape.len() == 3)
        }) {
            (Signature::FullLogits, o.name().to_string())
        } else {
            return Err(RerankError::Signature {
                path: path.to_path_buf(),
                message: format!(
                    "the model outputs {outputs:?}; expected `yes_minus_no` [batch] (compact export) or \
                     `logits` [batch, seq, vocab] (full logits)"
                ),
            });
        };
        Ok(OnnxScorer {
            session,
            signature,
            has_position_ids,
            output,
            yes: yes as usize,
            no: no as usize,
            pad,
            cache: (!cache.names.is_empty()).then_some(cache),
            empty_past: (!empty_past.names.is_empty()).then_some(empty_past),
            stats: Stats::default(),
        })
    }

    /// Whether the graph takes a past (a prefix-cache graph).
    pub fn has_prefix_cache(&self) -> bool {
        self.cache.is_some()
    }

    /// yes−no logit differences of `rows`, left-padded to one length. A graph made for
    /// generation (past key values, fused attention that may assume right padding) runs
    /// each row alone, unpadded.
    pub fn run(&mut self, rows: &[&[u32]]) -> Result<Vec<f32>, RerankError> {
        if self.empty_past.is_some() && rows.len() > 1 {
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                out.extend(self.run_inner(&[row], None, false)?.0);
            }
            return Ok(out);
        }
        Ok(self.run_inner(rows, None, false)?.0)
    }

    /// The keys and values of `head`, for [`OnnxScorer::run_after`]. Needs a prefix-cache graph.
    pub fn prefix(&mut self, head: &[u32]) -> Result<Past, RerankError> {
        let (_, values) = self.run_inner(&[head], None, true)?;
        Ok(Past {
            values,
            len: head.len(),
        })
    }

    /// yes−no of `past`'s head followed by each row: the rows run after the cached head,
    /// left-padded among themselves (the padding sits between head and row, masked).
    pub fn run_after(&mut self, past: &Past, rows: &[&[u32]]) -> Result<Vec<f32>, RerankError> {
        Ok(self.run_inner(rows, Some(past), false)?.0)
    }

    fn run_inner(
        &mut self,
        rows: &[&[u32]],
        past: Option<&Past>,
        keep_present: bool,
    ) -> Result<(Vec<f32>, Vec<DynValue>), RerankError> {
        let b = rows.len();
        let s = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut ids = vec![i64::from(self.pad); b * s];
        let mut mask = vec![0i64; b * s];
        let mut pos = vec![0i64; b * s];
        for (i, row) in rows.iter().enumerate() {
            let off = i * s + (s - row.len());
            for (j, &t) in row.iter().enumerate() {
                ids[off + j] = i64::from(t);
                mask[off + j] = 1;
                pos[off + j] = j as i64;
            }
        }
        let shape = [b as i64, s as i64];
        let run_err = |e: ort::Error| RerankError::Run(e.to_string());
        let mut inputs: Vec<(Cow<'_, str>, SessionInputValue<'_>)> = vec![
            (
                "input_ids".into(),
                SessionInputValue::from(
                    Tensor::from_array((shape, ids))
                        .map_err(run_err)?
                        .into_dyn(),
                ),
            ),
            (
                "attention_mask".into(),
                SessionInputValue::from(
                    Tensor::from_array((shape, mask))
                        .map_err(run_err)?
                        .into_dyn(),
                ),
            ),
        ];
        if self.has_position_ids {
            inputs.push((
                "position_ids".into(),
                SessionInputValue::from(
                    Tensor::from_array((shape, pos))
                        .map_err(run_err)?
                        .into_dyn(),
                ),
            ));
        }
        if let Some(cache) = &self.cache {
            // Without a past the graph gets one masked-out position, which no row attends to.
            let (len, open) = past.map_or((1, 0i64), |p| (p.len, 1));
            inputs.push((
                "past_attention_mask".into(),
                SessionInputValue::from(
                    Tensor::from_array(([1i64, len as i64], vec![open; len]))
                        .map_err(run_err)?
                        .into_dyn(),
                ),
            ));
            for (i, ((name, _), &(heads, dim))) in cache.names.iter().zip(&cache.dims).enumerate() {
                let value = match past {
                    Some(p) => SessionInputValue::from(&p.values[i]),
                    None => {
                        let shape = [1, heads, 1, dim];
                        let n = (heads * dim) as usize;
                        SessionInputValue::from(if cache.half {
                            Tensor::from_array((shape, vec![half::f16::ZERO; n]))
                                .map_err(run_err)?
                                .into_dyn()
                        } else {
                            Tensor::from_array((shape, vec![0f32; n]))
                                .map_err(run_err)?
                                .into_dyn()
                        })
                    }
                };
                inputs.push((name.as_str().into(), value));
            }
        }
        if let Some(io) = &self.empty_past {
            for ((name, _), &(heads, dim)) in io.names.iter().zip(&io.dims) {
                let shape = [b as i64, heads, 0, dim];
                let value = if io.half {
                    Tensor::from_array((shape, Vec::<half::f16>::new()))
                        .map_err(run_err)?
                        .into_dyn()
                } else {
                    Tensor::from_array((shape, Vec::<f32>::new()))
                        .map_err(run_err)?
                        .into_dyn()
                };
                inputs.push((name.as_str().into(), SessionInputValue::from(value)));
            }
        }
        self.stats.runs += 1;
        self.stats.rows += b;
        self.stats.tokens += rows.iter().map(|r| r.len()).sum::<usize>();
        self.stats.token_passes += b * s;
        let mut outputs = self.session.run(inputs).map_err(run_err)?;
        let mut present = Vec::new();
        if keep_present {
            let cache = self.cache.as_ref().ok_or_else(|| {
                RerankError::Run("the model has no prefix cache (past_key_values inputs)".into())
            })?;
            for (_, out) in &cache.names {
                present.push(
                    outputs
                        .remove(out.as_str())
                        .ok_or_else(|| RerankError::Run(format!("no output `{out}`")))?,
                );
            }
        }
        let value = &outputs[self.output.as_str()];
        let dtype = value.dtype().tensor_type();
        // Read in place: a full-logits output is [batch, seq, vocab] and only two of its
        // numbers per row matter, so it is never copied.
        let logits = match dtype {
            Some(TensorElementType::Float32) => {
                let (_, values) = value.try_extract_tensor::<f32>().map_err(run_err)?;
                let (signature, yes, no) = (self.signature, self.yes, self.no);
                pick(signature, (yes, no), values, b, s, |x| *x)
            }
            Some(TensorElementType::Float16) => {
                let (_, values) = value.try_extract_tensor::<half::f16>().map_err(run_err)?;
                let (signature, yes, no) = (self.signature, self.yes, self.no);
                pick(signature, (yes, no), values, b, s, |x| x.to_f32())
            }
            other => Err(RerankError::Run(format!(
                "output `{}` has type {other:?}; expected float",
                self.output
            ))),
        }?;
        Ok((logits, present))
    }
}

/// Records a `past_key_values.*` input: a [batch, heads, past, dim] tensor with its
/// `present.*` output beside it.
fn add_past(
    io: &mut CacheIo,
    path: &Path,
    name: &str,
    dtype: &ValueType,
    outputs: &[String],
) -> Result<(), RerankError> {
    let present = format!("present.{}", &name["past_key_values.".len()..]);
    let ValueType::Tensor { ty, shape, .. } = dtype else {
        return Err(RerankError::Signature {
            path: path.to_path_buf(),
            message: format!("unexpected model input `{name}`: not a tensor"),
        });
    };
    if !outputs.contains(&present) || shape.len() != 4 || shape[1] <= 0 || shape[3] <= 0 {
        return Err(RerankError::Signature {
            path: path.to_path_buf(),
            message: format!(
                "unexpected model input `{name}`: a past is a [batch, heads, past, dim] tensor with an \
                 output `{present}` beside it (a prefix-cache graph of models/export.py, or a community \
                 export with past key values)"
            ),
        });
    }
    io.half = *ty == TensorElementType::Float16;
    io.dims.push((shape[1], shape[3]));
    io.names.push((name.to_string(), present));
    Ok(())
}

/// yes−no per row from the output values, in fp32.
fn pick<T>(
    signature: Signature,
    (yes, no): (usize, usize),
    values: &[T],
    b: usize,
    s: usize,
    f32_of: impl Fn(&T) -> f32,
) -> Result<Vec<f32>, RerankError> {
    match signature {
        Signature::LogitDiff => {
            if values.len() != b {
                return Err(RerankError::Run(format!(
                    "`yes_minus_no` has {} values for {b} rows",
                    values.len()
                )));
            }
            Ok(values.iter().map(f32_of).collect())
        }
        Signature::FullLogits => {
            let vocab = values.len() / (b * s).max(1);
            if vocab <= yes.max(no) {
                return Err(RerankError::Run(format!(
                    "`logits` has {vocab} columns; the yes/no ids do not fit"
                )));
            }
            Ok((0..b)
                .map(|i| {
                    let last = (i * s + s - 1) * vocab;
                    f32_of(&values[last + yes]) - f32_of(&values[last + no])
                })
                .collect())
        }
    }
}
