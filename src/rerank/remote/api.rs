//! The request and response shapes of reranking servers (`model.api`): one body builder
//! and one checked parser per shape, no I/O.

use serde_json::{Value, json};

use crate::config::{RemoteApi, ServerUrl};

/// The URL requests go to: the base URL and the API's path, unless the base already ends
/// with it. A base ending in `/v1` gives `/v1/rerank`, which vLLM serves too.
pub fn endpoint(base: &ServerUrl, api: RemoteApi) -> String {
    let path = match api {
        RemoteApi::Rerank | RemoteApi::Tei => "/rerank",
        RemoteApi::Score => "/score",
    };
    let base = base.as_str();
    if base.ends_with(path) {
        base.to_string()
    } else {
        format!("{base}{path}")
    }
}

/// The body of one request: one query and its documents.
pub fn body(api: RemoteApi, model: &str, query: &str, documents: &[String]) -> Value {
    match api {
        // top_n asks for every document: some servers return fewer by default.
        RemoteApi::Rerank => json!({
            "model": model,
            "query": query,
            "documents": documents,
            "top_n": documents.len(),
        }),
        RemoteApi::Score => json!({
            "model": model,
            "text_1": query,
            "text_2": documents,
        }),
        // TEI serves one model and takes no `model`; raw_scores false: probabilities.
        RemoteApi::Tei => json!({
            "query": query,
            "texts": documents,
            "raw_scores": false,
        }),
    }
}

/// What is wrong with an answer, and what was expected instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Malformed {
    pub problem: String,
    pub expected: &'static str,
}

pub fn expected(api: RemoteApi) -> &'static str {
    match api {
        RemoteApi::Rerank => {
            r#"{"results": [{"index": N, "relevance_score": P}, ...]} with one result per document"#
        }
        RemoteApi::Score => {
            r#"{"data": [{"index": N, "score": P}, ...]} with one item per document"#
        }
        RemoteApi::Tei => r#"[{"index": N, "score": P}, ...] with one item per document"#,
    }
}

/// Scores of the `n` documents, in document order, from an answer's body.
pub fn parse(api: RemoteApi, body: &[u8], n: usize) -> Result<Vec<f64>, Malformed> {
    let fail = |problem: String| Malformed {
        problem,
        expected: expected(api),
    };
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| fail(format!("the body is not JSON ({e}): {}", excerpt(body))))?;
    let (items, score_key) = match api {
        RemoteApi::Rerank => (value.get("results"), "relevance_score"),
        RemoteApi::Score => (value.get("data"), "score"),
        RemoteApi::Tei => (Some(&value), "score"),
    };
    let Some(items) = items.and_then(Value::as_array) else {
        return Err(fail(format!(
            "the answer has no list of scores: {}",
            excerpt(body)
        )));
    };
    if items.len() != n {
        return Err(fail(format!(
            "{} scores came back for {n} documents",
            items.len()
        )));
    }
    let mut scores: Vec<Option<f64>> = vec![None; n];
    for (position, item) in items.iter().enumerate() {
        let index = match item.get("index") {
            Some(i) => i
                .as_u64()
                .ok_or_else(|| fail(format!("index {i} is not a number")))?,
            // vLLM's score API lists scores in order; its index is optional here.
            None if api == RemoteApi::Score => position as u64,
            None => return Err(fail(format!("item {position} has no index"))),
        };
        let slot = usize::try_from(index)
            .ok()
            .filter(|&i| i < n)
            .ok_or_else(|| fail(format!("index {index} is out of range for {n} documents")))?;
        let score = item
            .get(score_key)
            .and_then(Value::as_f64)
            .ok_or_else(|| fail(format!("item {position} has no numeric `{score_key}`")))?;
        if !(0.0..=1.0).contains(&score) {
            return Err(fail(format!(
                "`{score_key}` {score} of document {index} is not a probability in [0, 1] (NaN or a raw logit)"
            )));
        }
        if scores[slot].replace(score).is_some() {
            return Err(fail(format!("index {index} comes twice")));
        }
    }
    Ok(scores.into_iter().map(|s| s.unwrap_or_default()).collect())
}

/// The start of a body, on one line, for messages.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return "(empty body)".into();
    }
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> ServerUrl {
        ServerUrl::parse(s).unwrap()
    }

    #[test]
    fn endpoints_join_the_base_and_the_path_once() {
        assert_eq!(
            endpoint(&url("http://h:8000/"), RemoteApi::Rerank),
            "http://h:8000/rerank"
        );
        assert_eq!(
            endpoint(&url("http://h:8000/v1"), RemoteApi::Rerank),
            "http://h:8000/v1/rerank"
        );
        assert_eq!(
            endpoint(&url("https://h/v1/score"), RemoteApi::Score),
            "https://h/v1/score"
        );
        assert_eq!(
            endpoint(&url("http://h"), RemoteApi::Tei),
            "http://h/rerank"
        );
    }

    #[test]
    fn answers_are_put_in_document_order_and_checked() {
        let rerank = br#"{"results": [{"index": 1, "relevance_score": 0.9}, {"index": 0, "relevance_score": 0.25}]}"#;
        assert_eq!(
            parse(RemoteApi::Rerank, rerank, 2).unwrap(),
            vec![0.25, 0.9]
        );
        let score = br#"{"data": [{"index": 0, "score": 0.5}, {"score": 0.75}]}"#;
        assert_eq!(parse(RemoteApi::Score, score, 2).unwrap(), vec![0.5, 0.75]);
        let tei = br#"[{"index": 0, "score": 0.5}]"#;
        assert_eq!(parse(RemoteApi::Tei, tei, 1).unwrap(), vec![0.5]);

        let problem = |api, body: &[u8], n| parse(api, body, n).unwrap_err().problem;
        assert!(problem(RemoteApi::Rerank, b"<html>", 1).contains("not JSON"));
        assert!(problem(RemoteApi::Rerank, rerank, 3).contains("2 scores came back for 3"));
        assert!(
            problem(RemoteApi::Tei, br#"[{"index": 5, "score": 0.5}]"#, 1)
                .contains("index 5 is out of range")
        );
        assert!(
            problem(RemoteApi::Tei, br#"[{"index": 0, "score": 7.5}]"#, 1)
                .contains("not a probability")
        );
        assert!(
            problem(
                RemoteApi::Tei,
                br#"[{"index": 0, "score": 0.1}, {"index": 0, "score": 0.2}]"#,
                2
            )
            .contains("comes twice")
        );
        assert!(problem(RemoteApi::Score, br#"{"data": [{"index": 0}]}"#, 1).contains("`score`"));
    }
}
