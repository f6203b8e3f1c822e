//! The ort session: discovers the model's inputs and output signature, runs left-padded
//! batches, and returns yes−no logit differences in fp32.

use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::{Tensor, TensorElementType, ValueType};
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
        for input in session.inputs() {
            match input.name() {
                "input_ids" | "attention_mask" => {}
                "position_ids" => has_position_ids = true,
                other => {
                    return Err(RerankError::Signature {
                        path: path.to_path_buf(),
                        message: format!(
                            "unexpected model input `{other}`: expected input_ids, attention_mask and optionally \
                             position_ids (export without past key values, use_cache=False)"
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
        let outputs: Vec<String> = session
            .outputs()
            .iter()
            .map(|o| o.name().to_string())
            .collect();
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
        })
    }

    /// yes−no logit differences of `rows`, left-padded to one length.
    pub fn run(&mut self, rows: &[&[u32]]) -> Result<Vec<f32>, RerankError> {
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
        let mut inputs = vec![
            (
                "input_ids",
                Tensor::from_array((shape, ids))
                    .map_err(run_err)?
                    .into_dyn(),
            ),
            (
                "attention_mask",
                Tensor::from_array((shape, mask))
                    .map_err(run_err)?
                    .into_dyn(),
            ),
        ];
        if self.has_position_ids {
            inputs.push((
                "position_ids",
                Tensor::from_array((shape, pos))
                    .map_err(run_err)?
                    .into_dyn(),
            ));
        }
        let outputs = self.session.run(inputs).map_err(run_err)?;
        let value = &outputs[self.output.as_str()];
        let dtype = value.dtype().tensor_type();
        // Read in place: a full-logits output is [batch, seq, vocab] and only two of its
        // numbers per row matter, so it is never copied.
        match dtype {
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
        }
    }
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
