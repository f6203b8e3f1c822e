//! The `Finding` record: what every reporter prints.

use serde::Serialize;
use sha2::{Digest, Sha256};
use similar::TextDiff;

use crate::extract::{Function, normalized_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    Structural,
    Reranker,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Structural => "structural",
            Engine::Reranker => "reranker",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunctionRef {
    pub path: String,
    pub start_line: u32,
    pub end_line: u32,
    /// The line of the `def` keyword (after decorators).
    pub def_line: u32,
    pub name: String,
    pub qualified_name: String,
}

impl From<&Function> for FunctionRef {
    fn from(f: &Function) -> Self {
        FunctionRef {
            path: f.path.clone(),
            start_line: f.start_line,
            end_line: f.end_line,
            def_line: f.def_line,
            name: f.name.clone(),
            qualified_name: f.qualified_name.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub new: FunctionRef,
    pub existing: FunctionRef,
    /// Whether the existing side is itself added by the change (two new duplicates).
    pub existing_is_new: bool,
    /// In [0, 1]; the deciding engine's score.
    pub score: f32,
    /// The reranker's yes−no logit difference (a finer ranking key near saturation).
    pub logit: Option<f32>,
    pub engine: Engine,
    /// Stable across re-runs and line shifts: from the two normalized function texts,
    /// order-insensitive.
    pub fingerprint: String,
    /// Unified diff from the existing function to the new one.
    pub diff: String,
}

impl Finding {
    pub fn new(
        new: &Function,
        existing: &Function,
        existing_is_new: bool,
        score: f32,
        logit: Option<f32>,
        engine: Engine,
    ) -> Finding {
        Finding {
            new: new.into(),
            existing: existing.into(),
            existing_is_new,
            score,
            logit,
            engine,
            fingerprint: fingerprint(&new.text, &existing.text),
            diff: unified_diff(existing, new),
        }
    }
}

pub fn fingerprint(a: &str, b: &str) -> String {
    let ha = Sha256::digest(normalized_text(a).as_bytes());
    let hb = Sha256::digest(normalized_text(b).as_bytes());
    let (lo, hi) = if ha <= hb { (ha, hb) } else { (hb, ha) };
    let mut h = Sha256::new();
    h.update(lo);
    h.update(hi);
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn unified_diff(existing: &Function, new: &Function) -> String {
    // Function texts end without a newline; add one so the diff has no "\ No newline" noise.
    let (old, new_text) = (format!("{}\n", existing.text), format!("{}\n", new.text));
    TextDiff::from_lines(&old, &new_text)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!(
                "{}:{}-{} ({})",
                existing.path, existing.start_line, existing.end_line, existing.qualified_name
            ),
            &format!(
                "{}:{}-{} ({})",
                new.path, new.start_line, new.end_line, new.qualified_name
            ),
        )
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_order_indentation_and_comments() {
        let a = "def f(x):\n    return x + 1\n";
        let b = "def g(y):\n    return y\n";
        let a_moved = "def f(x):\n\n        # note\n        return x + 1\n";
        assert_eq!(fingerprint(a, b), fingerprint(b, a));
        assert_eq!(fingerprint(a, b), fingerprint(a_moved, b));
        assert_ne!(fingerprint(a, b), fingerprint(a, a));
        assert_eq!(fingerprint(a, b).len(), 32);
    }
}
