//! Function extraction with tree-sitter: the `Function` record every later stage reads.

use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};
use tree_sitter::{Node, Parser};

use crate::lang::{Language, NodeKinds};

/// One function as it stands in one file version.
#[derive(Debug, Clone)]
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

    pub fn lines(&self) -> std::ops::RangeInclusive<u32> {
        self.start_line..=self.end_line
    }

    /// Whether `other` sits inside this function or this one inside `other`.
    pub fn nests_with(&self, other: &Function) -> bool {
        self.path == other.path
            && ((self.start_line <= other.start_line && other.end_line <= self.end_line)
                || (other.start_line <= self.start_line && self.end_line <= other.end_line))
    }
}

/// What extracting one file gave: its functions and whether parts failed to parse.
#[derive(Debug, Default)]
pub struct FileFunctions {
    pub functions: Vec<Function>,
    pub has_syntax_errors: bool,
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
        };
    };
    let root = tree.root_node();
    let mut out = FileFunctions {
        functions: Vec::new(),
        has_syntax_errors: root.has_error(),
    };
    let ctx = Ctx {
        lang,
        kinds: lang.kinds(),
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
            } else if def.named_child_count() > 0 {
                // Functions inside if/try/with blocks at any level still count.
                self.walk(def, scope, out);
            }
        }
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

    fn tokens(&self, node: Node, shape: &mut Vec<u32>, terms: &mut Vec<u64>, statements: &mut u32) {
        let kind = node.kind();
        if kind == self.kinds.comment {
            return;
        }
        if node.is_named()
            && (kind.ends_with("_statement") || self.kinds.extra_statements.contains(&kind))
        {
            *statements += 1;
        }
        if self.kinds.string.contains(&kind) {
            shape.push(hash32("<str>"));
            return;
        }
        if node.child_count() == 0 {
            let text = node.utf8_text(self.src).unwrap_or("");
            if self.kinds.identifier.contains(&kind) {
                if self.kinds.builtins.contains(&text) && self.in_call_position(node) {
                    shape.push(hash32(text));
                } else {
                    shape.push(hash32("<id>"));
                }
                for term in split_identifier(text) {
                    terms.push(hash64(&term));
                }
            } else if self.kinds.number.contains(&kind) {
                shape.push(hash32("<num>"));
            } else {
                shape.push(hash32(kind));
            }
            return;
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            self.tokens(child, shape, terms, statements);
        }
    }

    /// Builtins are kept verbatim only where they name what is called or accessed
    /// (`len(x)`, `x.items()`), or are `self`/`cls`; a parameter called `items` is a name.
    fn in_call_position(&self, node: Node) -> bool {
        let text = node.utf8_text(self.src).unwrap_or("");
        if text == "self" || text == "cls" {
            return true;
        }
        let Some(parent) = node.parent() else {
            return false;
        };
        let is_field = |field: &str| {
            parent
                .child_by_field_name(field)
                .is_some_and(|c| c.id() == node.id())
        };
        (parent.kind() == self.kinds.call && is_field("function"))
            || (parent.kind() == self.kinds.attribute && is_field("attribute"))
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
    for part in ident.split('_').filter(|p| !p.is_empty()) {
        let chars: Vec<char> = part.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (prev, cur) = (chars[i - 1], chars[i]);
            let next_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
            let boundary = (prev.is_lowercase() && cur.is_uppercase())
                || (prev.is_uppercase() && cur.is_uppercase() && next_lower);
            if boundary {
                out.push(chars[start..i].iter().collect::<String>().to_lowercase());
                start = i;
            }
        }
        out.push(chars[start..].iter().collect::<String>().to_lowercase());
    }
    out
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
