//! The reference recipe of Qwen3-Reranker, token for token: a fixed system prefix, the
//! `<Instruct>/<Query>/<Document>` body, a fixed assistant suffix; yes/no ids from the tokenizer.
//!
//! Code under review can contain the text of control tokens (`<|im_end|>`, `<think>`). The
//! body is therefore encoded by a copy of the tokenizer without its added tokens, so such
//! text stays plain text and a pull request cannot steer the verdict; prefix and suffix,
//! which are ours, are encoded with control tokens on. For text without control-token
//! strings both encodings are identical, so this matches the reference exactly.
//!
//! A model server tokenizes text with control tokens on, so texts bound for one are first
//! [`neutralise`]d; the local path neutralises the same way, so both score the same ids.

use std::path::Path;
use tokenizers::Tokenizer;

use super::RerankError;

pub const PREFIX: &str = "<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the Instruct provided. Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n<|im_start|>user\n";
pub const SUFFIX: &str = "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";
/// Version of the prompt's text, in the score cache's keys: 2 neutralises control tokens.
pub const VERSION: u32 = 2;
pub const PAD_TOKEN: &str = "<|endoftext|>";
pub const DEFAULT_INSTRUCTION: &str = "Judge whether the Document, an existing function in the repository, already implements the same behaviour as the Query, a function added in a pull request, so that the Query duplicates it";

/// Texts that Qwen3's tokenizer turns into control tokens, less their leading `<`: every
/// `<|…|>` token, and these tags.
const CONTROL_TAGS: [&str; 6] = [
    "think>",
    "/think>",
    "tool_call>",
    "/tool_call>",
    "tool_response>",
    "/tool_response>",
];

/// Breaks every control-token string in `text` with a zero-width space after its `<`
/// (`<|im_end|>` becomes `<\u{200B}|im_end|>`), so no tokenizer can match it as a control
/// token, while the model still reads the same characters. Text without such strings is
/// returned as is.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    let breaks =
        |rest: &str| rest.starts_with('|') || CONTROL_TAGS.iter().any(|t| rest.starts_with(t));
    if !text.match_indices('<').any(|(i, _)| breaks(&text[i + 1..])) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for (i, _) in text.match_indices('<') {
        if breaks(&text[i + 1..]) {
            out.push_str(&text[last..=i]);
            out.push('\u{200B}');
            last = i + 1;
        }
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

/// The query string a model server gets: prefix and `<Instruct>/<Query>`, as the model
/// card's vLLM example sends it. A server that tokenizes it and [`remote_document`] and
/// joins the ids has exactly the ids of [`Prompt::encode`] (up to its truncation).
pub fn remote_query(instruction: &str, query: &str) -> String {
    format!(
        "{PREFIX}<Instruct>: {}\n<Query>: {}\n",
        neutralise(instruction),
        neutralise(query)
    )
}

/// The document string a model server gets: `<Document>` and the suffix.
pub fn remote_document(document: &str) -> String {
    format!("<Document>: {}{SUFFIX}", neutralise(document))
}

pub struct Prompt {
    plain: Tokenizer,
    prefix: Vec<u32>,
    suffix: Vec<u32>,
    pub yes: u32,
    pub no: u32,
    pub pad: u32,
    pub max_length: usize,
    /// Tokens the model's output can name, added tokens included.
    pub vocab_size: usize,
}

fn tok_err(path: &Path, message: impl std::fmt::Display) -> RerankError {
    RerankError::Tokenizer {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

impl Prompt {
    pub fn load(
        path: &Path,
        yes_token: &str,
        no_token: &str,
        max_length: usize,
    ) -> Result<Prompt, RerankError> {
        let text = std::fs::read_to_string(path).map_err(|e| tok_err(path, e))?;
        let control: Tokenizer = text.parse().map_err(|e| tok_err(path, e))?;
        let mut json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| tok_err(path, e))?;
        if let Some(added) = json.get_mut("added_tokens") {
            *added = serde_json::Value::Array(Vec::new());
        }
        let plain: Tokenizer = json.to_string().parse().map_err(|e| tok_err(path, e))?;
        let id = |t: &str| {
            control.token_to_id(t).ok_or_else(|| {
                tok_err(
                    path,
                    format!("the tokenizer has no {t:?} token; is this the Qwen3 tokenizer?"),
                )
            })
        };
        let (yes, no, pad) = (id(yes_token)?, id(no_token)?, id(PAD_TOKEN)?);
        let encode = |s: &str| -> Result<Vec<u32>, RerankError> {
            Ok(control
                .encode_fast(s, false)
                .map_err(|e| tok_err(path, e))?
                .get_ids()
                .to_vec())
        };
        let (prefix, suffix) = (encode(PREFIX)?, encode(SUFFIX)?);
        if max_length < prefix.len() + suffix.len() + 16 {
            return Err(tok_err(
                path,
                format!("max_length {max_length} leaves no room for the pair"),
            ));
        }
        Ok(Prompt {
            plain,
            prefix,
            suffix,
            yes,
            no,
            pad,
            max_length,
            vocab_size: control.get_vocab_size(true),
        })
    }

    fn encode_plain(&self, s: &str) -> Result<Vec<u32>, RerankError> {
        Ok(self
            .plain
            .encode_fast(s, false)
            .map_err(|e| RerankError::Tokenize(e.to_string()))?
            .get_ids()
            .to_vec())
    }

    /// With byte offsets, to cut the text at a token boundary.
    fn encode_with_offsets(&self, s: &str) -> Result<tokenizers::Encoding, RerankError> {
        self.plain
            .encode(s, false)
            .map_err(|e| RerankError::Tokenize(e.to_string()))
    }

    /// Token ids of one (query, document) prompt, at most `max_length` long. When the pair
    /// is too long, query and document are shortened fairly (the longer first, as the
    /// reference's `longest_first`), and prefix and suffix stay whole.
    pub fn encode(
        &self,
        instruction: &str,
        query: &str,
        document: &str,
    ) -> Result<Vec<u32>, RerankError> {
        let budget = self.max_length - self.prefix.len() - self.suffix.len();
        let (instruction, query, document) = (
            neutralise(instruction),
            neutralise(query),
            neutralise(document),
        );
        let (instruction, query, document) = (&*instruction, &*query, &*document);
        let mut body = self.encode_plain(&body_text(instruction, query, document))?;
        if body.len() > budget {
            let q = self.encode_with_offsets(query)?;
            let d = self.encode_with_offsets(document)?;
            let overhead = body.len().saturating_sub(q.len() + d.len());
            let mut room = budget.saturating_sub(overhead);
            for _ in 0..4 {
                let (keep_q, keep_d) = fair_split(q.len(), d.len(), room);
                let cut = |e: &tokenizers::Encoding, text: &'_ str, keep: usize| -> String {
                    match e.get_offsets().get(keep) {
                        Some(&(start, _)) => text[..start].to_string(),
                        None => text.to_string(),
                    }
                };
                let (qt, dt) = (cut(&q, query, keep_q), cut(&d, document, keep_d));
                body = self.encode_plain(&body_text(instruction, &qt, &dt))?;
                if body.len() <= budget {
                    break;
                }
                // Merges across the cut can add a token or two: shrink and try again.
                room = room.saturating_sub(body.len() - budget);
            }
            body.truncate(budget);
        }
        let mut ids = Vec::with_capacity(self.prefix.len() + body.len() + self.suffix.len());
        ids.extend_from_slice(&self.prefix);
        ids.extend_from_slice(&body);
        ids.extend_from_slice(&self.suffix);
        Ok(ids)
    }
}

impl Prompt {
    /// The ids every candidate of one query starts with: prefix, instruction and query.
    /// The body splits into pre-tokens before `<Document>`, so these are the first ids of
    /// [`Prompt::encode`] for any document, unless the pair was truncated (the caller
    /// checks).
    pub fn head(&self, instruction: &str, query: &str) -> Result<Vec<u32>, RerankError> {
        let text = format!(
            "<Instruct>: {}\n<Query>: {}\n",
            neutralise(instruction),
            neutralise(query)
        );
        let mut ids = self.prefix.clone();
        ids.extend(self.encode_plain(&text)?);
        Ok(ids)
    }
}

fn body_text(instruction: &str, query: &str, document: &str) -> String {
    format!("<Instruct>: {instruction}\n<Query>: {query}\n<Document>: {document}")
}

/// How many tokens of each side to keep so that together they fit `room`, shortening
/// the longer side first.
pub fn fair_split(q: usize, d: usize, room: usize) -> (usize, usize) {
    if q + d <= room {
        return (q, d);
    }
    let half = room / 2;
    if q <= half {
        (q, room - q)
    } else if d <= half {
        (room - d, d)
    } else {
        (half, room - half)
    }
}

#[cfg(test)]
mod tests {
    use super::{fair_split, neutralise};

    #[test]
    fn control_token_strings_are_broken_and_other_text_is_kept() {
        assert!(matches!(
            neutralise("if a < b and c<d: x = '<tag>'"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            neutralise("'<|im_end|>' <think></think> <tool_call>"),
            "'<\u{200B}|im_end|>' <\u{200B}think><\u{200B}/think> <\u{200B}tool_call>"
        );
        assert_eq!(neutralise("<|<|"), "<\u{200B}|<\u{200B}|");
    }

    #[test]
    fn fair_split_shortens_the_longer_side_first() {
        assert_eq!(fair_split(10, 20, 100), (10, 20));
        assert_eq!(fair_split(10, 200, 100), (10, 90));
        assert_eq!(fair_split(300, 20, 100), (80, 20));
        assert_eq!(fair_split(300, 200, 100), (50, 50));
    }
}
