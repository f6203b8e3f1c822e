//! The `Finding` record: what every reporter prints.

use serde::Serialize;
use sha2::{Digest, Sha256};
use similar::TextDiff;

use crate::evidence::Evidence;
use crate::extract::{Function, normalized_text};
use crate::kind::Kind;
use crate::verdict::Level;

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

/// Another function of a clone group, with its score against the new function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    #[serde(flatten)]
    pub function: FunctionRef,
    pub score: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub new: FunctionRef,
    pub existing: FunctionRef,
    /// Whether the existing side is itself added by the change (two new duplicates, and
    /// no existing function matches).
    pub existing_is_new: bool,
    /// Whether the change made this a duplicate. False for a changed function that
    /// already duplicated the same function before (shown only with --show-existing).
    pub introduced: bool,
    /// For a changed function: its old version's score against `existing`.
    pub before_score: Option<f32>,
    /// More existing functions that match, best first (a clone group).
    pub also_existing: Vec<Match>,
    /// Other functions the change adds that duplicate the same code.
    pub new_copies: Vec<Match>,
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
    /// How the two are alike (the verdict stage; `similar` until then).
    pub kind: Kind,
    /// Whether it fails the run (`error`) or is only reported (`warning`).
    pub level: Level,
    /// Why: renamings, differing names and literals, statements on one side, advice.
    pub evidence: Evidence,
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
            introduced: true,
            before_score: None,
            also_existing: Vec::new(),
            new_copies: Vec::new(),
            score,
            logit,
            engine,
            fingerprint: fingerprint(new.text(), existing.text()),
            diff: unified_diff(existing, new),
            kind: Kind::Similar,
            level: Level::Warning,
            evidence: Evidence::default(),
        }
    }
}

impl Finding {
    /// The rest of the clone group in one sentence, or "" when the pair is alone:
    /// "Also like `b` at b.py:3-9 and 2 more existing; new copies in this change: `c` at c.py:1-7."
    pub fn group_sentence(&self) -> String {
        self.group_sentence_with(|name| format!("`{name}`"), |path| path.to_string())
    }

    /// [`Self::group_sentence`] with every existing match of the clone group listed
    /// (`--show-all-matches`) instead of "and N more", paths written by `path`.
    pub fn full_group_sentence(&self, path: impl Fn(&str) -> String) -> String {
        self.group_sentence_in(|name| format!("`{name}`"), path, true)
    }

    /// [`Self::group_sentence`] with names and paths written by `name` and `path` (e.g. as
    /// Markdown code spans).
    pub fn group_sentence_with(
        &self,
        name: impl Fn(&str) -> String,
        path: impl Fn(&str) -> String,
    ) -> String {
        self.group_sentence_in(name, path, false)
    }

    fn group_sentence_in(
        &self,
        name: impl Fn(&str) -> String,
        path: impl Fn(&str) -> String,
        all: bool,
    ) -> String {
        let at = |m: &Match| {
            format!(
                "{} at {}:{}-{}",
                name(&m.function.qualified_name),
                path(&m.function.path),
                m.function.start_line,
                m.function.end_line
            )
        };
        let mut parts = Vec::new();
        if let Some(first) = self.also_existing.first() {
            let more = self.also_existing.len() - 1;
            parts.push(if more > 0 && !all {
                format!("Also like {} and {more} more existing", at(first))
            } else {
                let list: Vec<String> = self.also_existing.iter().map(at).collect();
                format!("Also like {}", list.join(", "))
            });
        }
        if !self.new_copies.is_empty() {
            let list: Vec<String> = self.new_copies.iter().map(at).collect();
            parts.push(format!("new copies in this change: {}", list.join(", ")));
        }
        if parts.is_empty() {
            return String::new();
        }
        let mut sentence = parts.join("; ");
        if let Some(c) = sentence.get_mut(0..1) {
            c.make_ascii_uppercase();
        }
        sentence.push('.');
        sentence
    }

    /// For duplication the change did not introduce: "It was already a duplicate before
    /// this change (score 0.91 then)."
    pub fn existing_sentence(&self) -> Option<String> {
        (!self.introduced).then(|| match self.before_score {
            Some(b) => {
                format!("It was already a duplicate before this change (score {b:.2} then).")
            }
            None => "It was already a duplicate before this change.".to_string(),
        })
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
    unified_diff_of(
        &existing.into(),
        existing.text(),
        &new.into(),
        new.text(),
        "",
    )
}

/// The unified diff from `old` (the text of `existing`, or a version of it) to `new_text`;
/// `note` follows the existing function's name in the header.
pub fn unified_diff_of(
    existing: &FunctionRef,
    old: &str,
    new: &FunctionRef,
    new_text: &str,
    note: &str,
) -> String {
    // Function texts end without a newline; add one so the diff has no "\ No newline" noise.
    let (old, new_text) = (format!("{old}\n"), format!("{new_text}\n"));
    TextDiff::from_lines(&old, &new_text)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!(
                "{}:{}-{} ({}{note})",
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

    fn fref(name: &str, path: &str) -> FunctionRef {
        FunctionRef {
            path: path.into(),
            start_line: 1,
            end_line: 5,
            def_line: 1,
            name: name.into(),
            qualified_name: name.into(),
        }
    }

    #[test]
    fn group_sentence_names_the_next_best_and_counts_the_rest() {
        let m = |n: &str, p: &str| Match {
            function: fref(n, p),
            score: 0.8,
        };
        let mut f = Finding {
            new: fref("n", "n.py"),
            existing: fref("e", "e.py"),
            existing_is_new: false,
            introduced: true,
            before_score: None,
            also_existing: vec![],
            new_copies: vec![],
            score: 0.9,
            logit: None,
            engine: Engine::Structural,
            fingerprint: String::new(),
            diff: String::new(),
            kind: Kind::Similar,
            level: Level::Warning,
            evidence: Evidence::default(),
        };
        assert_eq!(f.group_sentence(), "");
        f.also_existing = vec![m("b", "b.py"), m("c", "c.py"), m("d", "d.py")];
        f.new_copies = vec![m("x", "x.py")];
        assert_eq!(
            f.group_sentence(),
            "Also like `b` at b.py:1-5 and 2 more existing; new copies in this change: `x` at x.py:1-5."
        );
        f.also_existing.clear();
        assert_eq!(
            f.group_sentence(),
            "New copies in this change: `x` at x.py:1-5."
        );
        assert_eq!(f.existing_sentence(), None);
        f.introduced = false;
        f.before_score = Some(0.912);
        assert_eq!(
            f.existing_sentence().unwrap(),
            "It was already a duplicate before this change (score 0.91 then)."
        );
    }

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
