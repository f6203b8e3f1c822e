//! Function extraction with tree-sitter: the `Function` record every later stage reads.

use rustc_hash::{FxHashSet, FxHasher};
use std::hash::{Hash, Hasher};
use tree_sitter::{Node, Parser};

use crate::lang::{Language, NodeKinds};

/// One function as it stands in one file version.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Function {
    pub path: String,
    pub name: String,
    /// `Class.method`, `outer.inner`, or the plain name at module level.
    pub qualified_name: String,
    /// First line of the definition including decorators (1-based, inclusive).
    pub start_line: u32,
    /// The line holding `def` (where a review comment goes).
    pub def_line: u32,
    pub end_line: u32,
    /// Source of the definition, decorators included, dedented to column 0.
    pub text: String,
    pub statements: u32,
    /// Normalized token stream: identifiers and literals abstracted, builtins kept.
    pub shape: Vec<u32>,
    /// Lower-cased identifier sub-tokens (snake_case and camelCase split), hashed.
    pub terms: Vec<u64>,
    /// Hash of the text without comments, blank lines or indentation: equal for moves.
    pub text_hash: u64,
    pub suppressed: bool,
}

impl Function {
    pub fn tokens(&self) -> usize {
        self.shape.len()
    }

    /// Whether `other` sits inside this function or this one inside `other`.
    pub fn nests_with(&self, other: &Function) -> bool {
        self.path == other.path
            && ((self.start_line <= other.start_line && other.end_line <= self.end_line)
                || (other.start_line <= self.start_line && self.end_line <= other.end_line))
    }
}

/// What extracting one file gave: its functions and whether parts failed to parse.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FileFunctions {
    pub functions: Vec<Function>,
    pub has_syntax_errors: bool,
    /// Size of the source in bytes, so that a cached file still meets the size limit.
    pub bytes: u64,
}

pub fn extract(lang: Language, path: &str, source: &str) -> FileFunctions {
    let mut parser = Parser::new();
    parser
        .set_language(&lang.grammar())
        .expect("the bundled grammar matches the tree-sitter version");
    let Some(tree) = parser.parse(source, None) else {
        return FileFunctions {
            functions: Vec::new(),
            has_syntax_errors: true,
            bytes: source.len() as u64,
        };
    };
    let root = tree.root_node();
    let mut out = FileFunctions {
        functions: Vec::new(),
        has_syntax_errors: root.has_error(),
        bytes: source.len() as u64,
    };
    let ctx = Ctx {
        lang,
        kinds: lang.kinds(),
        builtins: lang.kinds().builtins.iter().copied().collect(),
        path,
        src: source.as_bytes(),
        lines: source.lines().collect(),
    };
    ctx.walk(root, &mut Vec::new(), &mut out.functions);
    out
}

struct Ctx<'a> {
    lang: Language,
    kinds: &'static NodeKinds,
    builtins: FxHashSet<&'static str>,
    path: &'a str,
    src: &'a [u8],
    lines: Vec<&'a str>,
}

impl Ctx<'_> {
    fn walk(&self, node: Node, scope: &mut Vec<String>, out: &mut Vec<Function>) {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            let (def, outer) = if child.kind() == self.kinds.decorated {
                match child.child_by_field_name("definition") {
                    Some(def) => (def, child),
                    None => continue,
                }
            } else {
                (child, child)
            };
            if def.kind() == self.kinds.function {
                let name = self.name_of(def);
                if !def.has_error()
                    && let Some(f) = self.function(def, outer, &name, scope)
                {
                    out.push(f);
                }
                scope.push(name);
                if let Some(body) = def.child_by_field_name("body") {
                    self.walk(body, scope, out);
                }
                scope.pop();
            } else if def.kind() == self.kinds.class {
                scope.push(self.name_of(def));
                if let Some(body) = def.child_by_field_name("body") {
                    self.walk(body, scope, out);
                }
                scope.pop();
            } else if self.may_hold_definitions(def) {
                // Functions inside if/try/with blocks at any level still count.
                self.walk(def, scope, out);
            }
        }
    }

    /// Statements and their blocks and clauses can hold a `def`; expressions cannot, so
    /// the search for definitions does not descend into them.
    fn may_hold_definitions(&self, node: Node) -> bool {
        let kind = node.kind();
        node.named_child_count() > 0
            && (kind.ends_with("_statement") || kind.ends_with("_clause") || kind == "block")
    }

    fn name_of(&self, def: Node) -> String {
        def.child_by_field_name("name")
            .and_then(|n| n.utf8_text(self.src).ok())
            .unwrap_or("<anonymous>")
            .to_string()
    }

    fn function(&self, def: Node, outer: Node, name: &str, scope: &[String]) -> Option<Function> {
        let start_line = outer.start_position().row as u32 + 1;
        let def_line = def.start_position().row as u32 + 1;
        let end_line = def.end_position().row as u32 + 1;
        let text = self.dedented(outer)?;
        let mut shape = Vec::new();
        let mut terms = Vec::new();
        let mut statements = 0;
        self.tokens(def, &mut shape, &mut terms, &mut statements);
        // The definition itself counted as one.
        let statements = statements.saturating_sub(1);
        let qualified_name = if scope.is_empty() {
            name.to_string()
        } else {
            format!("{}.{}", scope.join("."), name)
        };
        Some(Function {
            path: self.path.to_string(),
            name: name.to_string(),
            qualified_name,
            start_line,
            def_line,
            end_line,
            text_hash: text_hash(&text),
            text,
            statements,
            shape,
            terms,
            suppressed: self.suppressed(start_line, def_line),
        })
    }

    fn dedented(&self, node: Node) -> Option<String> {
        let text = node.utf8_text(self.src).ok()?;
        let indent = node.start_position().column;
        let mut out = String::with_capacity(text.len());
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                let cut = line
                    .char_indices()
                    .take_while(|(j, c)| *j < indent && (*c == ' ' || *c == '\t'))
                    .count();
                out.push_str(&line[cut..]);
            } else {
                out.push_str(line);
            }
        }
        Some(out)
    }

    /// One pass over the function's subtree with a single cursor: the normalized token
    /// stream, the identifier sub-tokens and the statement count.
    fn tokens(&self, node: Node, shape: &mut Vec<u32>, terms: &mut Vec<u64>, statements: &mut u32) {
        let (str_token, num_token, id_token) = (hash32("<str>"), hash32("<num>"), hash32("<id>"));
        let mut cursor = node.walk();
        // Kinds of the ancestors of the cursor's node, within this subtree.
        let mut parents: Vec<&'static str> = Vec::new();
        loop {
            let n = cursor.node();
            let kind = n.kind();
            let mut descend = true;
            if kind == self.kinds.comment {
                descend = false;
            } else {
                if n.is_named()
                    && (kind.ends_with("_statement") || self.kinds.extra_statements.contains(&kind))
                {
                    *statements += 1;
                }
                if self.kinds.string.contains(&kind) {
                    shape.push(str_token);
                    descend = false;
                } else if n.child_count() == 0 {
                    let text = n.utf8_text(self.src).unwrap_or("");
                    if self.kinds.identifier.contains(&kind) {
                        // Builtins are kept verbatim only where they name what is called or
                        // accessed (`len(x)`, `x.items()`), or are self/cls; a parameter
                        // called `items` is a name like any other.
                        let keep = self.builtins.contains(text)
                            && (text == "self"
                                || text == "cls"
                                || match (parents.last(), cursor.field_name()) {
                                    (Some(&p), Some("function")) => p == self.kinds.call,
                                    (Some(&p), Some("attribute")) => p == self.kinds.attribute,
                                    _ => false,
                                });
                        shape.push(if keep { hash32(text) } else { id_token });
                        for_each_subtoken(text, |t| terms.push(hash64(t)));
                    } else if self.kinds.number.contains(&kind) {
                        shape.push(num_token);
                    } else {
                        shape.push(hash32(kind));
                    }
                }
            }
            if descend && cursor.goto_first_child() {
                parents.push(kind);
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
                parents.pop();
            }
        }
    }

    fn suppressed(&self, start_line: u32, def_line: u32) -> bool {
        let marker = self.lang.ignore_marker();
        let line = |n: u32| -> &str {
            n.checked_sub(1)
                .and_then(|i| self.lines.get(i as usize))
                .copied()
                .unwrap_or("")
        };
        [
            def_line,
            start_line.saturating_sub(1),
            def_line.saturating_sub(1),
        ]
        .into_iter()
        .any(|n| n > 0 && line(n).contains(marker))
    }
}

/// `parseHTTPResponse_v2` → `parse`, `http`, `response`, `v2`.
pub fn split_identifier(ident: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_subtoken(ident, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each lower-cased sub-token of an identifier (snake_case and camelCase
/// split), reusing one buffer: this runs for every identifier of a repository.
pub fn for_each_subtoken(ident: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::new();
    for part in ident.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars().peekable();
        let mut prev: Option<char> = None;
        while let Some(cur) = chars.next() {
            if let Some(p) = prev {
                let next_lower = chars.peek().is_some_and(|c| c.is_lowercase());
                let boundary = (p.is_lowercase() && cur.is_uppercase())
                    || (p.is_uppercase() && cur.is_uppercase() && next_lower);
                if boundary && !buf.is_empty() {
                    f(&buf);
                    buf.clear();
                }
            }
            buf.extend(cur.to_lowercase());
            prev = Some(cur);
        }
        if !buf.is_empty() {
            f(&buf);
            buf.clear();
        }
    }
}

fn text_hash(text: &str) -> u64 {
    hash64(&normalized_text(text))
}

/// Text with indentation, blank lines and whole-line comments removed: what a move
/// or a re-indent does not change.
pub fn normalized_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

pub fn hash64(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

fn hash32(s: &str) -> u32 {
    let h = hash64(s);
    (h ^ (h >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_snake_and_camel_case() {
        assert_eq!(
            split_identifier("parseHTTPResponse_v2"),
            ["parse", "http", "response", "v2"]
        );
        assert_eq!(split_identifier("__init__"), ["init"]);
    }

    #[test]
    fn extracts_methods_nested_async_and_decorated() {
        let src = "\
class A:
    @staticmethod
    def m(x):
        def inner(y):
            return y
        return inner(x)

async def run():
    await go()

if True:
    def cond(): # dedupe-check: ignore
        pass
";
        let got = extract(Language::Python, "a.py", src);
        let names: Vec<_> = got
            .functions
            .iter()
            .map(|f| {
                (
                    f.qualified_name.as_str(),
                    f.start_line,
                    f.def_line,
                    f.end_line,
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("A.m", 2, 3, 6),
                ("A.m.inner", 4, 4, 5),
                ("run", 8, 8, 9),
                ("cond", 12, 12, 13)
            ]
        );
        assert!(got.functions[3].suppressed);
        assert!(!got.functions[0].suppressed);
        assert!(
            got.functions[0]
                .text
                .starts_with("@staticmethod\ndef m(x):\n    def inner")
        );
        assert!(!got.has_syntax_errors);
    }

    #[test]
    fn keeps_well_formed_functions_of_a_broken_file() {
        let src = "def good(a):\n    return a + 1\n\ndef bad(:\n    return )\n\ndef also_good(b):\n    return b\n";
        let got = extract(Language::Python, "b.py", src);
        assert!(got.has_syntax_errors);
        let names: Vec<_> = got.functions.iter().map(|f| f.name.as_str()).collect();
        assert!(
            names.contains(&"good") && names.contains(&"also_good"),
            "{names:?}"
        );
        assert!(!names.contains(&"bad"));
    }

    #[test]
    fn renamed_copy_has_the_same_shape() {
        let a = "def total(items):\n    s = 0\n    for it in items:\n        s += it.price * 2\n    return s\n";
        let b = "def sum_up(rows):\n    acc = 0\n    for r in rows:\n        acc += r.cost * 3\n    return acc\n";
        let fa = &extract(Language::Python, "a.py", a).functions[0];
        let fb = &extract(Language::Python, "b.py", b).functions[0];
        assert_eq!(fa.shape, fb.shape);
        assert_ne!(fa.terms, fb.terms);
        assert_eq!(fa.statements, 4);
    }
}
