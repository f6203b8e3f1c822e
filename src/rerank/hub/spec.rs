//! `hub:OWNER/NAME[@REVISION][:FILE]` and the named models.

use super::HubError;

/// The repository of the named default `qwen3-reranker`: the Transformers.js conversion of
/// Qwen3-Reranker-0.6B (int8 `onnx/model_quantized.onnx`).
pub const QWEN3_RERANKER_REPO: &str = "onnx-community/Qwen3-Reranker-0.6B-ONNX";

/// The revision `qwen3-reranker` pulls. TO BE FILLED AT RELEASE with the 40-hex commit id
/// of [`QWEN3_RERANKER_REPO`] that the release was checked against (`dedupe-check model pull
/// hub:onnx-community/Qwen3-Reranker-0.6B-ONNX` prints it). Until then the name follows
/// `main`, resolved once per cache and pinned there (models/README.md says what that means).
pub const QWEN3_RERANKER_REVISION: &str = "main";

/// Named models: `--model NAME`.
const NAMED: &[(&str, &str, &str)] = &[(
    "qwen3-reranker",
    QWEN3_RERANKER_REPO,
    QWEN3_RERANKER_REVISION,
)];

/// What to pull: a repository, a revision (a branch, a tag or a commit id) and optionally
/// the ONNX graph (else the device's default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub repo: String,
    pub revision: String,
    pub file: Option<String>,
}

/// Whether `value` names a hub model rather than a directory: `hub:…` or a named model.
pub fn is_hub_spec(value: &str) -> bool {
    value.starts_with("hub:") || NAMED.iter().any(|(name, _, _)| *name == value)
}

/// Whether `revision` is a full commit id, which needs no resolving.
pub fn is_commit(revision: &str) -> bool {
    revision.len() == 40 && revision.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Spec {
    pub fn parse(value: &str) -> Result<Spec, HubError> {
        if let Some((_, repo, revision)) = NAMED.iter().find(|(name, _, _)| *name == value) {
            return Ok(Spec {
                repo: repo.to_string(),
                revision: revision.to_string(),
                file: None,
            });
        }
        let bad = |message: &str| HubError::Spec {
            spec: value.to_string(),
            message: message.to_string(),
        };
        let rest = value
            .strip_prefix("hub:")
            .ok_or_else(|| bad("expected hub:OWNER/NAME[@REVISION][:FILE] or qwen3-reranker"))?;
        let (head, file) = match rest.split_once(':') {
            Some((head, file)) => (head, Some(file)),
            None => (rest, None),
        };
        let (repo, revision) = match head.split_once('@') {
            Some((repo, rev)) => (repo, rev),
            None => (head, "main"),
        };
        let parts: Vec<&str> = repo.split('/').collect();
        if parts.len() != 2 || !parts.iter().all(|p| is_name(p)) {
            return Err(bad(
                "the repository is OWNER/NAME (letters, digits, '-', '_', '.'), e.g. hub:onnx-community/Qwen3-Reranker-0.6B-ONNX",
            ));
        }
        if revision.is_empty() || revision.contains("..") || !revision.chars().all(is_ref_char) {
            return Err(bad(
                "the revision after '@' is a branch, a tag or a 40-hex commit id",
            ));
        }
        if let Some(f) = file
            && (f.is_empty()
                || f.starts_with('/')
                || f.split('/').any(|c| c.is_empty() || c == "." || c == "..")
                || !f.ends_with(".onnx"))
        {
            return Err(bad(
                "the file after ':' is the ONNX graph's path in the repository, e.g. :onnx/model_fp16.onnx",
            ));
        }
        Ok(Spec {
            repo: repo.to_string(),
            revision: revision.to_string(),
            file: file.map(str::to_string),
        })
    }
}

fn is_name(part: &str) -> bool {
    !part.is_empty()
        && part != "."
        && part != ".."
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn is_ref_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_repository_revision_and_file() {
        let s = Spec::parse("hub:org/model@v1.0:onnx/model_fp16.onnx").unwrap();
        assert_eq!(
            (s.repo.as_str(), s.revision.as_str(), s.file.as_deref()),
            ("org/model", "v1.0", Some("onnx/model_fp16.onnx"))
        );
        let s = Spec::parse("hub:org/model").unwrap();
        assert_eq!((s.revision.as_str(), s.file), ("main", None));
        let s = Spec::parse("qwen3-reranker").unwrap();
        assert_eq!(s.repo, QWEN3_RERANKER_REPO);
        for bad in [
            "hub:model",
            "hub:a/b/c",
            "hub:org/../x",
            "hub:org/m@",
            "hub:org/m:../x.onnx",
            "hub:org/m:tokenizer.json",
            "org/m",
        ] {
            assert!(Spec::parse(bad).is_err(), "{bad}");
        }
        assert!(is_hub_spec("qwen3-reranker") && is_hub_spec("hub:a/b"));
        assert!(!is_hub_spec("models/qwen3"));
        assert!(is_commit(&"a".repeat(40)) && !is_commit("main"));
    }
}
