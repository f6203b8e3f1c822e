//! Function extraction with tree-sitter: the `Function` record every later stage reads.

use rustc_hash::{FxHashSet, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;
use tree_sitter::{Node, Parser};

use crate::kind_table::{KindTable, NO_FIELD, flag};
use crate::lang::{Generated, Language, NameFrom, NodeKinds};

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
    /// Where the definition, decorators included, lies in its file.
    pub source: SourceSpan,
    /// The definition's source dedented to column 0. Only the few functions a check
    /// reranks or reports need it: `extract` fills it, the function cache leaves it out,
    /// and a check fills it again from the file (`load_text`) for those functions
    /// alone, so that a repository's source is not held a second time. Read it with
    /// `text()`.
    #[serde(skip)]
    pub text: OnceLock<String>,
    pub statements: u32,
    /// Normalized token stream: identifiers and literals abstracted, builtins kept.
    pub shape: Vec<u32>,
    /// Lower-cased identifier sub-tokens (snake_case and camelCase split), hashed.
    pub terms: Vec<u64>,
    /// The sub-tokens of the names the function uses but does not bind (what it calls,
    /// accesses, imports): what a renamed copy keeps and a sibling with another job
    /// changes.
    pub free_terms: Vec<u64>,
    /// Where in `shape` each unbound name stands (its position, ascending) and which
    /// name it is (the low half of its [`hash64`]): a copy keeps these names
    /// at the places a diff of the shapes aligns, a sibling of the same shape puts
    /// another there (`JsonArray` for `JsonObject`).
    pub free_names: Vec<(u32, u32)>,
    /// What the function calls, in code (strings and comments left out): the hash of the
    /// callee's name and of what stands before its `.` or `::` (0 for a bare call).
    pub calls: Vec<(u64, u64)>,
    /// Hash of the text without comments, blank lines or indentation: equal for moves.
    pub text_hash: u64,
    pub suppressed: bool,
    /// The line of the `dedupe-check: ignore` comment that suppresses it, if any.
    pub ignore_line: Option<u32>,
    /// Test code by an attribute of the function or a scope around it (Rust
    /// `#[cfg(test)]`); test files are told by their path.
    pub test: bool,
    /// Every token with its text and role, for the few functions a verdict compares
    /// ([`lex`] fills it; extraction and the cache leave it out).
    #[serde(skip)]
    pub lexemes: Option<Box<Lexemes>>,
    /// Hash of the parameter list as written, whitespace left out (0 without one): with
    /// the qualified name, what tells overloads (Java, TypeScript) apart. See `identity`.
    pub params: u64,
}

/// What one token of a function's stream is, for telling a copy from a sibling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRole {
    /// A name the function binds: a parameter, a local, a loop variable.
    Bound,
    /// A name it uses without binding it: what it calls, accesses, imports; its types.
    Free,
    /// The function's own name where it is defined.
    Own,
    /// A string or number.
    Literal,
    /// Keywords, operators, punctuation and kept builtins: equal shape, equal text.
    Syntax,
}

/// One token of a function's normalized stream (`Function::shape`, one for one).
#[derive(Debug, Clone)]
pub struct Lexeme {
    pub role: TokenRole,
    /// The source text: a name, a whole literal, a keyword or punctuation.
    pub text: String,
    /// The innermost statement it lies in (numbered from 1 in source order), 0 for the
    /// signature.
    pub statement: u32,
    /// Its line in the file (1-based).
    pub line: u32,
    /// Its byte column in that line (0-based).
    pub column: u32,
}

/// A function's tokens with their roles, and where its body starts among them.
#[derive(Debug, Clone, Default)]
pub struct Lexemes {
    pub items: Vec<Lexeme>,
    /// Index of the first token of the body: those before are the signature.
    pub body_start: usize,
    /// The first line of each statement, by statement number (index 0: the signature).
    pub statement_lines: Vec<u32>,
}

impl Lexemes {
    fn push(
        &mut self,
        ctx: &Ctx,
        n: Node,
        role: TokenRole,
        statement: u32,
        body_byte: Option<usize>,
    ) {
        let line = n.start_position().row as u32 + 1;
        if body_byte.is_some_and(|b| n.start_byte() < b) {
            self.body_start = self.items.len() + 1;
        }
        let text = n.utf8_text(ctx.src).unwrap_or("").to_string();
        let slot = statement as usize;
        if self.statement_lines.len() <= slot {
            self.statement_lines.resize(slot + 1, 0);
        }
        if self.statement_lines[slot] == 0 {
            self.statement_lines[slot] = line;
        }
        self.items.push(Lexeme {
            role,
            text,
            statement,
            line,
            column: n.start_position().column as u32,
        });
    }

    /// The names the signature binds, in order: the parameters.
    pub fn parameters(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for l in &self.items[..self.body_start] {
            if l.role == TokenRole::Bound && !out.contains(&l.text.as_str()) {
                out.push(&l.text);
            }
        }
        out
    }
}

/// A definition's byte range in its file and the column it starts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceSpan {
    pub start: u32,
    pub end: u32,
    pub indent: u32,
}

impl Function {
    /// What tells this function from the others of its file across versions: its
    /// qualified name and its parameter list. Overloads share the name and differ in
    /// their parameters, so an overload the change adds is a new function, not a new
    /// version of another overload.
    pub fn identity(&self) -> (&str, u64) {
        (self.qualified_name.as_str(), self.params)
    }

    pub fn tokens(&self) -> usize {
        self.shape.len()
    }

    /// The definition's source, dedented to column 0.
    ///
    /// # Panics
    /// When the text was left out (a function from the cache) and not loaded again with
    /// `load_text`: the check loads it for every function it reranks or reports.
    pub fn text(&self) -> &str {
        self.text
            .get()
            .expect("a function's text is loaded before it is reranked or reported")
    }

    pub fn has_text(&self) -> bool {
        self.text.get().is_some()
    }

    /// Fills the text from `file`, the source this function was extracted from; false
    /// when the span no longer holds the same code (the file changed since), checked by
    /// `text_hash`.
    pub fn load_text(&self, file: &str) -> bool {
        if self.has_text() {
            return true;
        }
        let (start, end) = (self.source.start as usize, self.source.end as usize);
        let comments = Language::from_path(&self.path).map_or(&[][..], |l| l.kinds().line_comments);
        match file.get(start..end) {
            Some(raw) if hash64(&normalized_text_with(raw, comments)) == self.text_hash => {
                let _ = self.text.set(dedent(raw, self.source.indent as usize));
                true
            }
            _ => false,
        }
    }

    /// Whether this function calls `other` by name: it reuses `other` rather than
    /// duplicating it (a wrapper, a method delegating to the module-level function).
    /// Only calls that surely reach `other` count: bare calls of a function outside any
    /// scope, and calls through `other`'s own type (`Base.f(`, `Type::f(`). A bare call
    /// of its own name from a function is recursion; `self.f(` or a bare `f(` in a
    /// method may reach an overload (Java, TypeScript); `adapter.send(` calls some other
    /// object's `send`; and `super().f(` may reach a base class or not: two sibling
    /// overrides that both call it are still copies of each other.
    pub fn calls(&self, other: &Function) -> bool {
        self.calls_key(self.call_key(), other.call_key())
    }

    /// What [`Function::calls`] needs of a function, computed once: hashes of its name and
    /// of the scope it is defined in (0 at module level).
    pub fn call_key(&self) -> CallKey {
        let q = self
            .qualified_name
            .strip_suffix(self.name.as_str())
            .unwrap_or("");
        let q = q.trim_end_matches(['.', ':']);
        let scope = q
            .rsplit(['.', ':'])
            .next()
            .filter(|s| !s.is_empty())
            .map_or(0, hash64);
        CallKey {
            name: hash64(&self.name),
            scope,
        }
    }

    /// [`Function::calls`] with both keys given: for the many pairs of a whole index.
    pub fn calls_key(&self, own: CallKey, other: CallKey) -> bool {
        let same_name = own.name == other.name;
        self.calls.iter().any(|&(receiver, callee)| {
            callee == other.name
                && if receiver == 0 {
                    other.scope == 0 && !(same_name && own.scope == 0)
                } else {
                    other.scope != 0 && receiver == other.scope
                }
        })
    }

    /// Whether `other` sits inside this function or this one inside `other`.
    pub fn nests_with(&self, other: &Function) -> bool {
        self.path == other.path
            && ((self.start_line <= other.start_line && other.end_line <= self.end_line)
                || (other.start_line <= self.start_line && self.end_line <= other.end_line))
    }
}

/// A function's name and scope as hashes, for [`Function::calls_key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallKey {
    pub name: u64,
    pub scope: u64,
}

/// What extracting one file gave: its functions and whether parts failed to parse.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FileFunctions {
    pub functions: Vec<Function>,
    pub has_syntax_errors: bool,
    /// Size of the source in bytes, so that a cached file still meets the size limit.
    pub bytes: u64,
    /// Generated or minified by its text (a generated-code header, long lines): not
    /// parsed.
    pub generated: Option<Generated>,
}

/// What one pass over a function's subtree collects.
struct Tokens<'a> {
    shape: &'a mut Vec<u32>,
    terms: &'a mut Vec<u64>,
    free_terms: &'a mut Vec<u64>,
    free_names: &'a mut Vec<(u32, u32)>,
    calls: &'a mut Vec<(u64, u64)>,
    statements: &'a mut u32,
    /// Filled only when the roles of the tokens are asked for ([`lex`]).
    lexemes: Option<&'a mut Lexemes>,
}

/// Every function of one file, each with its text.
pub fn extract(lang: Language, path: &str, source: &str) -> FileFunctions {
    extract_with(lang, path, source, true)
}

/// `extract` without the functions' text (`Function::load_text` brings it back): what a
/// check indexes the repository with.
pub fn extract_without_text(lang: Language, path: &str, source: &str) -> FileFunctions {
    extract_with(lang, path, source, false)
}

/// The functions of a file that lie at `spans`, each with its text and its tokens' roles
/// (`Function::lexemes`): what a verdict compares two functions by. The others are not
/// walked at all, so that a large file costs its parse and no more.
pub fn lex(lang: Language, path: &str, source: &str, spans: &[SourceSpan]) -> FileFunctions {
    extract_detailed(lang, path, source, true, Some(spans))
}

/// The function `f` of `file` lexed from its own lines rather than the whole file: blank
/// lines before it keep its line numbers and columns, and the language's member wrapper
/// (`class _ {` … `}`) lets a method parse on its own. `None` when neither way finds it
/// where it was; then [`lex`] the whole file.
pub fn lex_alone(lang: Language, f: &Function, file: &str) -> Option<Function> {
    let lang = lang.for_text(&f.path, file);
    let span = f.source;
    let line_start = (span.start as usize).checked_sub(span.indent as usize)?;
    let raw = file.get(line_start..span.end as usize)?;
    let rows = (f.start_line as usize).checked_sub(1)?;
    let (open, close) = lang.spec().member_wrapper;
    let bare = ("", "");
    for (prefix, suffix) in [bare, (open, close)] {
        if !prefix.is_empty() && rows == 0 {
            continue;
        }
        let mut text = "\n".repeat(rows - usize::from(!prefix.is_empty()));
        if !prefix.is_empty() {
            text.push_str(prefix);
            text.push('\n');
        }
        let start = text.len() + span.indent as usize;
        text.push_str(raw);
        let want = SourceSpan {
            start: start as u32,
            end: text.len() as u32,
            indent: span.indent,
        };
        text.push('\n');
        text.push_str(suffix);
        text.push('\n');
        if let Some(mut g) = lex(lang, &f.path, &text, &[want]).functions.pop() {
            g.source = span;
            return Some(g);
        }
        if open.is_empty() {
            break;
        }
    }
    None
}

fn extract_with(lang: Language, path: &str, source: &str, keep_text: bool) -> FileFunctions {
    extract_detailed(lang, path, source, keep_text, None)
}

fn extract_detailed(
    lang: Language,
    path: &str,
    source: &str,
    keep_text: bool,
    lexemes: Option<&[SourceSpan]>,
) -> FileFunctions {
    // A `.h` header of a C++ project is C++.
    let lang = lang.for_text(path, source);
    if let Some(why) = lang.generated_text(source) {
        return FileFunctions {
            generated: Some(why),
            bytes: source.len() as u64,
            ..FileFunctions::default()
        };
    }
    let mut parser = Parser::new();
    parser
        .set_language(&lang.grammar())
        .expect("the bundled grammar matches the tree-sitter version");
    let Some(tree) = parser.parse(source, None) else {
        return FileFunctions {
            functions: Vec::new(),
            has_syntax_errors: true,
            bytes: source.len() as u64,
            generated: None,
        };
    };
    let root = tree.root_node();
    let mut out = FileFunctions {
        functions: Vec::new(),
        has_syntax_errors: root.has_error(),
        bytes: source.len() as u64,
        generated: None,
    };
    let ctx = Ctx {
        lang,
        kinds: lang.kinds(),
        table: KindTable::of(lang),
        path,
        src: source.as_bytes(),
        lines: source.lines().collect(),
        keep_text,
        lexemes,
    };
    ctx.walk(root, &mut out.functions);
    out
}

struct Ctx<'a> {
    lang: Language,
    kinds: &'static NodeKinds,
    table: &'static KindTable,
    path: &'a str,
    src: &'a [u8],
    lines: Vec<&'a str>,
    keep_text: bool,
    /// With lexemes, and only the functions at these spans.
    lexemes: Option<&'a [SourceSpan]>,
}

/// A node still to visit: how many scope names apply to it, and whether it lies in
/// test code.
struct Pending<'t> {
    node: Node<'t>,
    /// Its nearest ancestors, parent first: `Node::parent` searches from the root, which
    /// would make a walk of deeply nested code quadratic.
    up: Up<'t>,
    /// Whether the attributes right before it (Rust `#[test]`) mark test code, told by
    /// its parent: `Node::prev_sibling` searches from the root too.
    test_attribute: bool,
    depth: usize,
    /// How many functions it lies in.
    nesting: usize,
    test: bool,
}

/// The ancestors a node's binding and wrappers are found in: a function, a list around
/// it, the call it is the first argument of, the binding.
type Up<'t> = [Option<Node<'t>>; 4];

/// Functions nested deeper in other functions than this are part of their outer
/// functions only: thousands of nested named callbacks would otherwise cost time and
/// memory quadratic in the depth.
const MAX_NESTING: usize = 32;

impl Ctx<'_> {
    /// Every function of the tree, in source order. Iterative, so that thousands of
    /// nested callbacks cannot overflow the stack.
    fn walk(&self, root: Node, out: &mut Vec<Function>) {
        let mut scope: Vec<String> = Vec::new();
        let mut stack = vec![Pending {
            node: root,
            up: [None; 4],
            test_attribute: false,
            depth: 0,
            nesting: 0,
            test: false,
        }];
        let mut children = Vec::new();
        let mut test_attributes = Vec::new();
        let marks = self.lang.test_conventions().attributes;
        while let Some(Pending {
            node,
            up,
            test_attribute,
            depth,
            mut nesting,
            test,
        }) = stack.pop()
        {
            scope.truncate(depth);
            let kind = node.kind_id();
            let function = self.table.function(kind).map(|i| &self.kinds.functions[i]);
            let container = self
                .table
                .container(kind)
                .map(|i| &self.kinds.containers[i]);
            let test = test || ((function.is_some() || container.is_some()) && test_attribute);
            if let Some(fk) = function
                && nesting < MAX_NESTING
            {
                let has_body = fk.body.is_none_or(|b| child(node, b).is_some());
                if let Some((name, module)) = self.name(node, up, fk.name).filter(|_| has_body) {
                    nesting += 1;
                    let receiver = fk
                        .receiver
                        .and_then(|r| receiver(node, r))
                        .and_then(|r| self.type_name(r));
                    scope.extend(module);
                    scope.extend(receiver);
                    if !node.has_error()
                        && let Some(f) = self.function(node, up, &name, &scope, test, fk.body)
                    {
                        out.push(f);
                    }
                    scope.push(name);
                }
            } else if let Some(ck) = container
                && let Some((name, module)) = self.name(node, up, ck.name)
            {
                scope.extend(module);
                let name = match ck
                    .as_trait
                    .and_then(|t| node.child_by_field_name(t))
                    .and_then(|t| self.type_name(t))
                {
                    Some(tr) => format!("<{name} as {tr}>"),
                    None => name,
                };
                scope.push(name);
            }
            let mut cursor = node.walk();
            children.extend(node.named_children(&mut cursor));
            // Each child's run of attributes just before it, in one pass.
            let mut marked = false;
            for child in &children {
                test_attributes.push(marked);
                marked = self.kinds.attributes.contains(&child.kind())
                    && (marked || self.is_test_mark(*child, marks));
            }
            let depth = scope.len();
            let up = [Some(node), up[0], up[1], up[2]];
            stack.extend(children.drain(..).zip(test_attributes.drain(..)).rev().map(
                |(child, test_attribute)| Pending {
                    node: child,
                    up,
                    test_attribute,
                    depth,
                    nesting,
                    test,
                },
            ));
        }
    }

    /// The first name that one of `from` gives `node`, with the module scope it needs
    /// (a default export's).
    fn name(&self, node: Node, up: Up, from: &[NameFrom]) -> Option<(String, Option<String>)> {
        from.iter().find_map(|f| match *f {
            NameFrom::Field(field) => {
                Some((self.name_text(node.child_by_field_name(field)?)?, None))
            }
            NameFrom::Binding => Some((self.binding_name(self.binding(node, up)?)?, None)),
            NameFrom::Fixed(name) => Some((name.to_string(), None)),
            NameFrom::CalledBlock {
                method,
                arguments,
                methods,
            } => {
                let call = up[0]?;
                let callee = call.child_by_field_name(method)?.utf8_text(self.src).ok()?;
                if !methods.contains(&callee) {
                    return None;
                }
                match call
                    .child_by_field_name(arguments)
                    .and_then(|a| a.named_child(0))
                {
                    // `define_method(:name)`, `define_method("name")`.
                    Some(first) => {
                        let text = first.utf8_text(self.src).ok()?;
                        let name = text.trim_start_matches(':').trim_matches(['"', '\'']);
                        let plain = !name.is_empty()
                            && name
                                .chars()
                                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '?' | '!'));
                        plain.then(|| (name.to_string(), None))
                    }
                    // `handler = lambda { ... }`.
                    None => {
                        let b = self.binding(call, [up[1], up[2], up[3], None])?;
                        Some((self.binding_name(b)?, None))
                    }
                }
            }
            NameFrom::Declarator(field) => {
                let end = declarator_chain(node, field).last()?;
                self.qualified_text(end)
            }
            NameFrom::TypeIn(field) => {
                let n = node.child_by_field_name(field)?;
                // `impl Trait for i32`: a primitive type is no type name, but a name.
                Some((self.type_name(n).or_else(|| self.name_text(n))?, None))
            }
            NameFrom::ModuleDefault {
                parent,
                field,
                keyword,
            } => {
                let p = up[0].filter(|p| p.kind() == parent)?;
                (p.child_by_field_name(field)?.id() == node.id()).then_some(())?;
                let mut cursor = p.walk();
                let has_keyword = p.children(&mut cursor).any(|c| c.kind() == keyword);
                has_keyword.then(|| (keyword.to_string(), Some(self.module_name())))
            }
        })
    }

    /// The name a module is imported by: the file's stem up to its first dot, or for an
    /// `index` file the name of its directory.
    fn module_name(&self) -> String {
        let mut parts = self.path.rsplit(['/', '\\']);
        let file = parts.next().unwrap_or(self.path);
        let stem = file.split('.').next().unwrap_or(file);
        match parts.next() {
            Some(dir) if stem == "index" && !dir.is_empty() => dir.to_string(),
            _ => stem.to_string(),
        }
    }

    /// The name a node holding a name stands for: an identifier's text, a quoted key
    /// without quotes, a member access's last part; none for a destructuring pattern.
    fn name_text(&self, mut node: Node) -> Option<String> {
        if self.kinds.lists.contains(&node.kind()) {
            node = node.named_child(0)?;
        }
        if let Some((_, field)) = self.kinds.members.iter().find(|(k, _)| *k == node.kind()) {
            node = node.child_by_field_name(field)?;
        }
        let text = node.utf8_text(self.src).ok()?;
        let kind = node.kind();
        if self.kinds.string.contains(&kind) {
            let t = text.trim_matches(|c| c == '"' || c == '\'' || c == '`');
            return (!t.is_empty()).then(|| t.to_string());
        }
        let plain = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '#' || c == '.');
        plain.then(|| text.to_string())
    }

    /// A name at the end of a declarator, split at the language's scope separator: the
    /// last part is the name, the rest (template arguments dropped) its scope
    /// (`ns::Store<T>::put` → `put` in `ns::Store`).
    fn qualified_text(&self, node: Node) -> Option<(String, Option<String>)> {
        let text = node.utf8_text(self.src).ok()?;
        let mut plain = String::with_capacity(text.len());
        let mut depth = 0usize;
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            match c {
                '<' if !plain.ends_with("operator") && !plain.ends_with('<') => depth += 1,
                '>' if depth > 0 => depth -= 1,
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let sep = self.kinds.separator;
        let (scope, name) = match plain.rsplit_once(sep) {
            Some((scope, name)) => (Some(scope.to_string()), name.to_string()),
            None => (None, plain),
        };
        // `operator==`, `~Store`: what C++ names by symbols; any other text is no name.
        let named = name.starts_with("operator")
            || (!name.is_empty()
                && name
                    .trim_start_matches('~')
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$'));
        named.then(|| (name, scope.filter(|s| !s.is_empty())))
    }

    /// The name a binding binds.
    fn binding_name(&self, b: Node) -> Option<String> {
        let name = self
            .kinds
            .bindings
            .iter()
            .filter(|k| k.kind == b.kind())
            .find_map(|k| child(b, k.name))?;
        self.name_text(name)
    }

    /// The binding whose value `node` is (its parent, or its grandparent through a list).
    fn binding<'t>(&self, node: Node<'t>, up: Up<'t>) -> Option<Node<'t>> {
        let mut value = node;
        // Where `parent` is in `up`.
        let mut at = 0;
        let mut parent = up[0]?;
        if self.kinds.lists.contains(&parent.kind()) {
            if parent.named_child_count() != 1 {
                return None;
            }
            value = parent;
            at = 1;
            parent = up[1]?;
        }
        // The first argument of a bound call: the call's binding names it.
        if self.kinds.call_arguments.contains(&parent.kind())
            && parent
                .named_child(0)
                .is_some_and(|first| first.id() == value.id())
        {
            value = up[at + 1]?;
            parent = up[at + 2]?;
        }
        self.kinds
            .bindings
            .iter()
            .filter(|b| b.kind == parent.kind())
            .any(|b| child(parent, b.value).is_some_and(|v| v.id() == value.id()))
            .then_some(parent)
    }

    /// The first type name in a subtree (`*Store[T]` → `Store`).
    fn type_name(&self, node: Node) -> Option<String> {
        let mut cursor = node.walk();
        loop {
            let n = cursor.node();
            if self.kinds.type_names.contains(&n.kind()) {
                return n.utf8_text(self.src).ok().map(str::to_string);
            }
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.node().id() == node.id() {
                    return None;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return None;
                }
            }
        }
    }

    /// The attribute siblings just before a definition (Rust `#[...]`), nearest first.
    fn attributes<'t>(&self, node: Node<'t>) -> impl Iterator<Item = Node<'t>> + use<'t, '_> {
        let none = self.kinds.attributes.is_empty();
        std::iter::successors(
            node.prev_named_sibling().filter(|_| !none),
            |n: &Node<'t>| n.prev_named_sibling(),
        )
        .take_while(|n| self.kinds.attributes.contains(&n.kind()))
    }

    /// Whether an attribute is one of `marks` (`#[test]`, `#[cfg(test)]`).
    fn is_test_mark(&self, attribute: Node, marks: &[&str]) -> bool {
        !marks.is_empty() && {
            let text: String = attribute
                .utf8_text(self.src)
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            marks.contains(&text.as_str())
        }
    }

    /// The node whose text is the definition's: the function itself, or its binding,
    /// climbing through wrappers that hold nothing else (decorators, `export`, `const`).
    fn outer<'t>(&self, def: Node<'t>, up: Up<'t>) -> Node<'t> {
        let mut outer = self.binding(def, up).unwrap_or(def);
        while let Some(p) = outer.parent() {
            if !self.kinds.wrappers.contains(&p.kind()) {
                break;
            }
            let mut cursor = p.walk();
            let alone = p
                .named_children(&mut cursor)
                .all(|c| c.id() == outer.id() || self.kinds.decorations.contains(&c.kind()));
            if !alone {
                break;
            }
            outer = p;
        }
        outer
    }

    fn function(
        &self,
        def: Node,
        up: Up,
        name: &str,
        scope: &[String],
        test: bool,
        body: Option<&str>,
    ) -> Option<Function> {
        let outer = self.outer(def, up);
        let first = self.attributes(outer).last().unwrap_or(outer);
        let wanted = |s: &SourceSpan| {
            s.start as usize == first.start_byte() && s.end as usize == outer.end_byte()
        };
        if self.lexemes.is_some_and(|spans| !spans.iter().any(wanted)) {
            return None;
        }
        let start_line = first.start_position().row as u32 + 1;
        // The line of the name, past any annotations inside the definition.
        let def_line = def
            .child_by_field_name("name")
            .unwrap_or(def)
            .start_position()
            .row as u32
            + 1;
        let end_line = def.end_position().row as u32 + 1;
        let raw = std::str::from_utf8(self.src.get(first.start_byte()..outer.end_byte())?).ok()?;
        let indent = first.start_position().column;
        let mut shape = Vec::new();
        let mut terms = Vec::new();
        let mut free_terms = Vec::new();
        let mut free_names = Vec::new();
        let mut calls = Vec::new();
        let mut statements = 0;
        let mut lexemes = self.lexemes.map(|_| Lexemes::default());
        let mut out = Tokens {
            shape: &mut shape,
            terms: &mut terms,
            free_terms: &mut free_terms,
            free_names: &mut free_names,
            calls: &mut calls,
            statements: &mut statements,
            lexemes: lexemes.as_mut(),
        };
        let body_byte = child(def, body.unwrap_or("body")).map(|b| b.start_byte());
        self.tokens(def, &mut out, body_byte);
        // The definition itself is no statement of its own.
        let statements = statements.saturating_sub(u32::from(self.is_statement(def)));
        let qualified_name = if scope.is_empty() {
            name.to_string()
        } else {
            format!(
                "{}{sep}{}",
                scope.join(self.kinds.separator),
                name,
                sep = self.kinds.separator
            )
        };
        let ignore_line = self.ignore_line(self.leading_comments_line(first), start_line, def_line);
        Some(Function {
            path: self.path.to_string(),
            name: name.to_string(),
            qualified_name,
            start_line,
            def_line,
            end_line,
            // Indentation is trimmed from every line, so the raw source hashes as the
            // dedented text would.
            text_hash: hash64(&normalized_text_with(raw, self.kinds.line_comments)),
            source: SourceSpan {
                start: first.start_byte() as u32,
                end: outer.end_byte() as u32,
                indent: indent as u32,
            },
            text: if self.keep_text {
                OnceLock::from(dedent(raw, indent))
            } else {
                OnceLock::new()
            },
            statements,
            shape,
            terms,
            free_terms,
            free_names,
            calls,
            suppressed: ignore_line.is_some(),
            ignore_line,
            test,
            lexemes: lexemes.map(Box::new),
            params: self.params_hash(def),
        })
    }

    /// The hash of a definition's parameter list without whitespace, 0 when it has none.
    /// C and C++ keep it in the declarator (`int *parse(const char *s)`); a grammar
    /// without the field has its kinds (`NodeKinds::parameter_kinds`).
    fn params_hash(&self, def: Node) -> u64 {
        let field = std::iter::once(def)
            .chain(declarator_chain(def, DECLARATOR_FIELD))
            .find_map(|n| {
                PARAMETER_FIELDS
                    .iter()
                    .find_map(|f| n.child_by_field_name(f))
            })
            .and_then(|p| p.utf8_text(self.src).ok());
        let text = match field {
            Some(text) => text.split_whitespace().collect::<String>(),
            None => {
                let mut cursor = def.walk();
                def.named_children(&mut cursor)
                    .filter(|c| self.kinds.parameter_kinds.contains(&c.kind()))
                    .filter_map(|c| c.utf8_text(self.src).ok())
                    .flat_map(str::split_whitespace)
                    .collect::<String>()
            }
        };
        if text.is_empty() { 0 } else { hash64(&text) }
    }

    fn is_statement(&self, n: Node) -> bool {
        self.table.is(n.kind_id(), flag::STATEMENT)
    }

    /// One pass over the function's subtree with a single cursor: the normalized token
    /// stream, the identifier sub-tokens (all, and those of unbound names), the calls
    /// and the statement count.
    fn tokens(&self, node: Node, out: &mut Tokens, body_byte: Option<usize>) {
        let Tokens {
            shape,
            terms,
            free_terms,
            free_names,
            calls,
            statements,
            lexemes,
        } = out;
        // With lexemes: the statement each ancestor lies in (parallel to `parents`), and
        // each identifier's lexeme, whose role is known once every binding is seen.
        let mut in_statement: Vec<u32> = Vec::new();
        let mut numbered = 0u32;
        let mut ident_lexemes: Vec<(usize, u64)> = Vec::new();
        let (str_token, num_token, id_token) = (hash32("<str>"), hash32("<num>"), hash32("<id>"));
        // The last three leaves: the hash of their text, and whether each is an identifier
        // that a `(` after it would call (not the definition's own name).
        let mut recent = [(0u64, false); 3];
        // The kind of the last leaf: a name after `.` may be a member (`member_tokens`).
        let mut prev_leaf = 0u16;
        let (dot, colons, paren) = (hash64("."), hash64("::"), hash64("("));
        let mut cursor = node.walk();
        // Kinds of the ancestors of the cursor's node, within this subtree, and the field
        // each holds in its own parent.
        let mut parents: Vec<u16> = Vec::new();
        let mut fields: Vec<Option<u16>> = Vec::new();
        // Each identifier: its text's hash, its sub-tokens' range in `terms` and its
        // position in `shape`.
        let mut names: Vec<(u64, std::ops::Range<usize>, u32)> = Vec::new();
        let mut bound: FxHashSet<u64> = FxHashSet::default();
        loop {
            let n = cursor.node();
            let kind = n.kind_id();
            let field = cursor.field_id().map(u16::from);
            let mut descend = true;
            let t = self.table;
            let mut statement = in_statement.last().copied().unwrap_or(0);
            if t.is(kind, flag::COMMENT) || self.left_out(n, &parents, field) {
                descend = false;
            } else {
                let listed = n.is_named()
                    && parents
                        .last()
                        .is_some_and(|&p| t.is(p, flag::STATEMENT_LIST));
                if listed || self.is_statement(n) {
                    **statements += 1;
                    if !parents.is_empty() {
                        numbered += 1;
                        statement = numbered;
                    }
                }
                let before = shape.len();
                // The role of the token pushed below; `None` for a name whose role is
                // known only once every binding is seen.
                let mut role = Some(TokenRole::Syntax);
                if t.is(kind, flag::STRING) {
                    role = Some(TokenRole::Literal);
                    shape.push(str_token);
                    recent = [(hash64("<str>"), false), recent[0], recent[1]];
                    descend = false;
                } else if n.child_count() == 0 {
                    let text = n.utf8_text(self.src).unwrap_or("");
                    let leaf = hash64(text);
                    // A `(` of the header opens the parameters (`Store::get(` of a C++
                    // definition names the function itself): calls are in the body.
                    let in_body = body_byte.is_none_or(|b| n.start_byte() >= b);
                    if leaf == paren && recent[0].1 && in_body {
                        let before = recent[1].0;
                        let receiver = if before == dot || before == colons {
                            recent[2].0
                        } else {
                            0
                        };
                        calls.push((receiver, recent[0].0));
                    }
                    let own_name = parents.len() == 1 && t.is_name_field(field);
                    let ident = t.is(kind, flag::IDENTIFIER);
                    recent = [(leaf, ident && !own_name), recent[0], recent[1]];
                    let before = std::mem::replace(&mut prev_leaf, kind);
                    if ident {
                        // Builtins are kept verbatim only where they name what is called or
                        // accessed (`len(x)`, `x.items()`), or are self/cls; a parameter
                        // called `items` is a name like any other.
                        let keep = self.kinds.always_kept.contains(&text)
                            || (t.is_builtin(text)
                                && parents.last().is_some_and(|&p| {
                                    t.kept_position(p, field.unwrap_or(NO_FIELD))
                                }));
                        shape.push(if keep { hash32(text) } else { id_token });
                        role = match () {
                            _ if keep => Some(TokenRole::Syntax),
                            _ if own_name => Some(TokenRole::Own),
                            _ => None,
                        };
                        let from = terms.len();
                        for_each_subtoken(text, |t| terms.push(hash64(t)));
                        let name = hash64(text);
                        let at = shape.len() as u32 - 1;
                        let position = parents.last().map(|&p| (p, field.unwrap_or(NO_FIELD)));
                        let member = position
                            .is_some_and(|(p, f)| t.member_name(p, f) || t.member_token(p, before));
                        if member {
                            // `obj.load`, `f(strict=...)`: never a local, whatever its text.
                            free_terms.extend_from_slice(&terms[from..]);
                            free_names.push((at, name as u32));
                            role = role.or(Some(TokenRole::Free));
                        } else {
                            if self.binds(&parents, &fields, field) {
                                bound.insert(name);
                            }
                            names.push((name, from..terms.len(), at));
                        }
                    } else if t.is(kind, flag::NUMBER) {
                        role = Some(TokenRole::Literal);
                        shape.push(num_token);
                    } else {
                        shape.push(t.shape_token(kind));
                        // `int`, `i64`: a type, read as a name by a verdict.
                        let primitive = t.is(kind, flag::PRIMITIVE_TYPE)
                            || parents
                                .last()
                                .is_some_and(|&p| t.is(p, flag::PRIMITIVE_TYPE));
                        if primitive {
                            role = Some(TokenRole::Free);
                        }
                    }
                }
                if let Some(lx) = lexemes.as_deref_mut()
                    && shape.len() > before
                {
                    let at = lx.items.len();
                    if role.is_none() {
                        ident_lexemes.push((at, hash64(n.utf8_text(self.src).unwrap_or(""))));
                    }
                    lx.push(
                        self,
                        n,
                        role.unwrap_or(TokenRole::Free),
                        statement,
                        body_byte,
                    );
                }
            }
            if descend && cursor.goto_first_child() {
                parents.push(kind);
                fields.push(field);
                in_statement.push(statement);
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    if let Some(lx) = lexemes.as_deref_mut() {
                        for &(at, name) in &ident_lexemes {
                            if bound.contains(&name) {
                                lx.items[at].role = TokenRole::Bound;
                            }
                        }
                    }
                    for (name, range, at) in names {
                        if !bound.contains(&name) {
                            free_terms.extend_from_slice(&terms[range]);
                            free_names.push((at, name as u32));
                        }
                    }
                    free_names.sort_unstable();
                    return;
                }
                parents.pop();
                fields.pop();
                in_statement.pop();
            }
        }
    }

    /// Whether an identifier under `parents` (innermost last; `field` its own field)
    /// binds a name: it stands in a binding position, directly or inside patterns.
    fn binds(&self, parents: &[u16], fields: &[Option<u16>], field: Option<u16>) -> bool {
        let t = self.table;
        let mut field = field;
        for (depth, &parent) in parents.iter().rev().enumerate() {
            if t.is(parent, flag::BINDING_PARENT)
                || t.binding_position(parent, field.unwrap_or(NO_FIELD))
            {
                return true;
            }
            // Up through patterns only (`a, b = ...`), never through `obj.attr = ...`.
            if depth >= 2 || !t.is(parent, flag::BINDING_PATTERN) {
                return false;
            }
            field = fields[fields.len() - 1 - depth];
        }
        false
    }

    /// Whether a node (`field` its field in its parent) stays out of the token stream
    /// though it is code: a type annotation and its colon or arrow, a docstring.
    fn left_out(&self, n: Node, parents: &[u16], field: Option<u16>) -> bool {
        let (t, kind) = (self.table, n.kind_id());
        if !n.is_named() {
            return parents.last().is_some_and(|&p| t.annotation_mark(p, kind));
        }
        t.is(kind, flag::ANNOTATION)
            || parents
                .last()
                .zip(field)
                .is_some_and(|(&p, f)| t.annotation_field(p, f))
            || (t.is(kind, flag::BARE_STRING)
                && n.named_child_count() == 1
                && n.named_child(0)
                    .is_some_and(|c| t.is(c.kind_id(), flag::STRING)))
    }

    /// The first line of the comments (doc comments, JSDoc, Javadoc) and attributes
    /// right above `node`, line after line; `node`'s own line when there are none.
    fn leading_comments_line(&self, node: Node) -> u32 {
        let mut first = node;
        while let Some(prev) = first.prev_sibling() {
            let kind = prev.kind();
            let adjacent = prev.end_position().row + 1 >= first.start_position().row;
            if !adjacent
                || !(self.kinds.comments.contains(&kind) || self.kinds.attributes.contains(&kind))
            {
                break;
            }
            first = prev;
        }
        first.start_position().row as u32 + 1
    }

    /// The line of the marker, when it is on the definition line, the line above it, or
    /// on or above the comments and attributes right above the definition.
    fn ignore_line(&self, lead_line: u32, start_line: u32, def_line: u32) -> Option<u32> {
        let line = |n: u32| -> &str {
            n.checked_sub(1)
                .and_then(|i| self.lines.get(i as usize))
                .copied()
                .unwrap_or("")
        };
        [def_line, def_line.saturating_sub(1)]
            .into_iter()
            .chain(lead_line.saturating_sub(1)..start_line)
            .find(|&n| n > 0 && self.lang.has_ignore_marker(line(n)))
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

/// `raw` (a definition starting at column `indent`) with up to `indent` spaces or tabs
/// cut from the start of every line after the first.
fn dedent(raw: &str, indent: usize) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, line) in raw.split('\n').enumerate() {
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
    out
}

/// Text with indentation, blank lines and whole-line `#` comments removed: what a move
/// or a re-indent does not change.
pub fn normalized_text(text: &str) -> String {
    normalized_text_with(text, &["#"])
}

/// `normalized_text` for a language whose whole-line comments start with one of `comments`.
pub fn normalized_text_with(text: &str, comments: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || comments.iter().any(|c| line.starts_with(c)) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The fields a definition's parameters stand in, in every supported grammar (an arrow
/// function of one bare parameter has `parameter`).
const PARAMETER_FIELDS: &[&str] = &["parameters", "parameter"];

/// The child of `node` in `field`, or in a grammar without that field (Kotlin's) its
/// first named child of that kind.
fn child<'t>(node: Node<'t>, field: &str) -> Option<Node<'t>> {
    node.child_by_field_name(field).or_else(|| {
        let mut cursor = node.walk();
        node.named_children(&mut cursor).find(|c| c.kind() == field)
    })
}

/// A function's receiver: its field, or a child of that kind before its name (Kotlin's
/// `fun String.toSlug()`).
fn receiver<'t>(def: Node<'t>, field: &str) -> Option<Node<'t>> {
    def.child_by_field_name(field).or_else(|| {
        let name = def.child_by_field_name("name")?.start_byte();
        let mut cursor = def.walk();
        def.named_children(&mut cursor)
            .find(|c| c.kind() == field && c.end_byte() <= name)
    })
}

/// The field of a C or C++ definition that holds its declarator, where its parameters are.
const DECLARATOR_FIELD: &str = "declarator";

/// The declarators below `node` through `field`, outermost first: a declarator kind
/// (`*_declarator`) without the field wraps its first named child (`int &get()`). The
/// last is what is declared: a name, or a qualified one.
fn declarator_chain<'t>(node: Node<'t>, field: &str) -> impl Iterator<Item = Node<'t>> {
    std::iter::successors(node.child_by_field_name(field), move |n| {
        n.child_by_field_name(field).or_else(|| {
            n.kind()
                .ends_with("_declarator")
                .then(|| n.named_child(0))
                .flatten()
        })
    })
}

pub fn hash64(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

pub(crate) fn hash32(s: &str) -> u32 {
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
                .text()
                .starts_with("@staticmethod\ndef m(x):\n    def inner")
        );
        assert!(!got.has_syntax_errors);
    }

    #[test]
    fn text_left_out_comes_back_from_the_file_and_only_from_the_same_code() {
        let src = "class A:\r\n    @staticmethod\r\n    def m(x):\r\n        return x + 1\r\n\r\ndef f(y):\r\n    return y\r\n";
        let full = extract(Language::Python, "a.py", src);
        let lean = extract_without_text(Language::Python, "a.py", src);
        assert_eq!(lean.functions.len(), 2);
        for (l, f) in lean.functions.iter().zip(&full.functions) {
            assert!(!l.has_text());
            assert!(l.load_text(src));
            assert_eq!(l.text(), f.text());
        }
        assert!(
            full.functions[0]
                .text()
                .starts_with("@staticmethod\r\ndef m(x):\r\n    return")
        );
        // The same span of an edited file holds other code: not taken for the function's.
        let edited = src.replace("x + 1", "x - 1");
        let again = extract_without_text(Language::Python, "a.py", src);
        assert!(!again.functions[0].load_text(&edited));
        assert!(!again.functions[0].has_text());
        assert!(!again.functions[1].load_text("def f(y):"));
        // An edit outside the function leaves it whole.
        assert!(again.functions[1].load_text(&edited));
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
    fn type_annotations_and_docstrings_leave_the_tokens_as_they_were() {
        let plain = "def scale(values, factor=2):\n    out = []\n    for v in values:\n        out.append(v * factor)\n    return out\n";
        let typed = "def scale(values: list[int], factor: int = 2) -> list[int]:\n    \"\"\"Multiply each value.\n\n    Long text.\n    \"\"\"\n    out: list[int] = []\n    for v in values:\n        out.append(v * factor)\n    return out\n";
        let a = &extract(Language::Python, "a.py", plain).functions[0];
        let b = &extract(Language::Python, "b.py", typed).functions[0];
        assert_eq!(a.shape, b.shape);
        assert_eq!(a.terms, b.terms);
        assert_eq!(a.statements, b.statements);
        // A string that is an argument is code.
        let call = "def scale(values, factor=2):\n    out = []\n    for v in values:\n        out.append(v * factor)\n    log('done')\n    return out\n";
        let c = &extract(Language::Python, "c.py", call).functions[0];
        assert_ne!(a.shape, c.shape);

        let ts_plain = "function scale(values, factor) {\n  const out = [];\n  for (const v of values) { out.push(v * factor); }\n  return out;\n}\n";
        let ts_typed = "function scale(values: number[], factor: number): number[] {\n  const out: number[] = [];\n  for (const v of values) { out.push(v * factor); }\n  return out;\n}\n";
        let a = &extract(Language::TypeScript, "a.ts", ts_plain).functions[0];
        let b = &extract(Language::TypeScript, "b.ts", ts_typed).functions[0];
        assert_eq!(a.shape, b.shape);

        // Rust: a type named by an alias or written out is one function.
        let rs_alias = "fn scale(values: &Values, factor: Factor) -> Values {\n    let out: Values = values.iter().map(|v| v * factor).collect();\n    out\n}\n";
        let rs_plain = "fn scale(values: &[i64], factor: i64) -> Vec<i64> {\n    let out: Vec<i64> = values.iter().map(|v| v * factor).collect();\n    out\n}\n";
        let a = &extract(Language::Rust, "a.rs", rs_alias).functions[0];
        let b = &extract(Language::Rust, "b.rs", rs_plain).functions[0];
        assert_eq!((&a.shape, &a.terms), (&b.shape, &b.terms));
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

    fn names(lang: Language, path: &str, src: &str) -> Vec<(String, u32, u32, u32)> {
        extract(lang, path, src)
            .functions
            .into_iter()
            .map(|f| (f.qualified_name, f.start_line, f.def_line, f.end_line))
            .collect()
    }

    fn qualified(lang: Language, path: &str, src: &str) -> Vec<String> {
        names(lang, path, src).into_iter().map(|n| n.0).collect()
    }

    const TS_SAMPLE: &str = "\
export function parseRows(rows: string[]): number {
  return rows.length;
}
const toCsv = (rows) => {
  return rows.join(\",\");
};
exports.load = function (x) { return x; };
function overloaded(a: string): void;
function overloaded(a: any) { return a; }
abstract class Shape {
  abstract area(): number;
  constructor(private w: number) { this.w = w; }
  get width() { return this.w; }
  set width(v) { this.w = v; }
  static *gen() { yield 1; }
  async load() { await fetch(\"x\"); }
  handler = (e) => { console.log(e); };
  // dedupe-check: ignore
  @dec
  decorated() { return 1; }
}
interface Api { get(): void; }
const api = {
  get() { return 1; },
  post: async () => { return 2; },
  nested: { deep() { return 3; } },
};
function outer() {
  function inner() { return 1; }
  return inner();
}
items.map(function (x) { return x; });
";

    #[test]
    fn typescript_functions_methods_bindings_and_no_signatures() {
        let got = extract(Language::TypeScript, "a.ts", TS_SAMPLE);
        let q: Vec<&str> = got
            .functions
            .iter()
            .map(|f| f.qualified_name.as_str())
            .collect();
        assert_eq!(
            q,
            [
                "parseRows",
                "toCsv",
                "load",
                "overloaded",
                "Shape.constructor",
                "Shape.width",
                "Shape.width",
                "Shape.gen",
                "Shape.load",
                "Shape.handler",
                "Shape.decorated",
                "api.get",
                "api.post",
                "api.nested.deep",
                "outer",
                "outer.inner",
            ]
        );
        // `export` and `const` belong to the definition; decorators too, and the marker
        // above them suppresses it.
        assert!(
            got.functions[0]
                .text()
                .starts_with("export function parseRows(")
        );
        assert!(
            got.functions[1]
                .text()
                .starts_with("const toCsv = (rows) => {")
        );
        let decorated = &got.functions[10];
        assert_eq!((decorated.start_line, decorated.def_line), (19, 20));
        assert!(decorated.suppressed);
        assert!(!got.functions[9].suppressed);
        // The same source is JavaScript (without the types) and TSX.
        assert_eq!(qualified(Language::Tsx, "a.tsx", TS_SAMPLE), q);
    }

    #[test]
    fn a_function_wrapped_in_a_bound_call_takes_the_binding_name() {
        let src = "export const Row = memo(({ items }) => {\n  return items.map((it) => it.name);\n});\nconst onClick = useCallback((event) => {\n  event.preventDefault();\n}, []);\nrun(() => {\n  work();\n});\nconst later = setTimeout(tick, () => {\n  work();\n});\n";
        let got = qualified(Language::JavaScript, "a.jsx", src);
        assert_eq!(got, ["Row", "onClick"], "{got:?}");
    }

    #[test]
    fn an_anonymous_default_export_is_the_module_default() {
        let src = "\
export default function () {
  return 1;
}
";
        let got = names(Language::JavaScript, "src/parseRows.js", src);
        assert_eq!(got, [("parseRows.default".into(), 1, 1, 3)]);
        let got = extract(Language::JavaScript, "src/parseRows.js", src);
        assert_eq!(got.functions[0].name, "default");
        assert!(
            got.functions[0]
                .text()
                .starts_with("export default function () {")
        );
        // An arrow, an async function, a generator; an `index` file is its directory's
        // module; the stem stops at the first dot; a named default keeps its name.
        let arrow = "export default (rows) => {\n  return rows.map((r) => r.id);\n};\n";
        assert_eq!(
            qualified(Language::TypeScript, "src/rows/index.ts", arrow),
            ["rows.default"]
        );
        let r#async = "export default async function (url) {\n  const res = await fetch(url);\n  return res.json();\n}\n";
        assert_eq!(
            qualified(Language::Tsx, "lib/load.client.tsx", r#async),
            ["load.default"]
        );
        let generator = "export default function* () {\n  function inner() { return 1; }\n  yield inner();\n}\n";
        assert_eq!(
            qualified(Language::JavaScript, "index.mjs", generator),
            ["index.default", "index.default.inner"]
        );
        let class = "export default class {\n  run() { return 1; }\n}\n";
        assert_eq!(
            qualified(Language::JavaScript, "src/job.js", class),
            ["job.default.run"]
        );
        let named = "export default function parse(text) { return text; }\n";
        assert_eq!(
            qualified(Language::JavaScript, "src/p.js", named),
            ["parse"]
        );
        // A default object scopes its methods (a Vue options object); an anonymous
        // callback elsewhere stays part of the code around it.
        let object = "export default {\n  data() { return { n: 1 }; },\n  methods: { inc() { this.n++; } },\n};\nrun(function () { return 1; });\n";
        assert_eq!(
            qualified(Language::JavaScript, "src/Counter.js", object),
            ["Counter.default.data", "Counter.default.methods.inc"]
        );
    }

    #[test]
    fn javascript_with_jsx_and_generators() {
        let src = "\
export const Row = ({ item }) => {
  const label = item.name;
  return <li className=\"row\">{label}</li>;
};
function* ids() { let i = 0; while (true) yield i++; }
module.exports.parse = async function (text) { return JSON.parse(text); };
";
        let got = extract(Language::JavaScript, "a.jsx", src);
        assert!(!got.has_syntax_errors);
        assert_eq!(
            qualified(Language::JavaScript, "a.jsx", src),
            ["Row", "ids", "parse"]
        );
    }

    #[test]
    fn go_functions_methods_by_receiver_type_and_bound_literals() {
        let src = "\
package store

// Get returns a value.
func (s *Store[T]) Get(key string) string {
\thelper := func(k string) string { return k }
\treturn helper(key)
}

func (s Store) Put(k string) {}

func Free(a int) int { return a }

var handler = func() {}

func declared() int
";
        assert_eq!(
            names(Language::Go, "a.go", src),
            [
                ("Store.Get".into(), 4, 4, 7),
                ("Store.Get.helper".into(), 5, 5, 5),
                ("Store.Put".into(), 9, 9, 9),
                ("Free".into(), 11, 11, 11),
                ("handler".into(), 13, 13, 13),
            ]
        );
    }

    #[test]
    fn rust_impl_and_trait_methods_nested_fns_closures_and_test_modules() {
        let src = "\
pub fn free(a: i32) -> i32 { a }

impl<T> Store<T> {
    // dedupe-check: ignore
    #[inline]
    pub fn get(&self) -> i32 {
        fn nested() -> i32 { 1 }
        let add = |x: i32| x + 1;
        add(nested())
    }
}

impl fmt::Display for Store {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { Ok(()) }
}

trait Named {
    fn name(&self) -> String;
    fn hello(&self) -> String { String::new() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn works() { assert!(true); }
}
";
        let got = extract(Language::Rust, "a.rs", src);
        let q: Vec<(&str, u32, u32, bool, bool)> = got
            .functions
            .iter()
            .map(|f| {
                (
                    f.qualified_name.as_str(),
                    f.start_line,
                    f.def_line,
                    f.suppressed,
                    f.test,
                )
            })
            .collect();
        assert_eq!(
            q,
            [
                ("free", 1, 1, false, false),
                ("Store::get", 5, 6, true, false),
                ("Store::get::nested", 7, 7, false, false),
                ("Store::get::add", 8, 8, false, false),
                ("<Store as Display>::fmt", 14, 14, false, false),
                ("Named::hello", 19, 19, false, false),
                ("tests::works", 24, 25, false, true),
            ]
        );
        assert!(
            got.functions[1]
                .text()
                .starts_with("#[inline]\npub fn get(&self)")
        );
    }

    #[test]
    fn java_methods_and_constructors_but_no_lambdas_or_bodiless_methods() {
        let src = "\
package a;

public class A {
    public A(int x) { this.x = x; }
    @Override
    public String toString() { return \"a\"; }
    abstract void abs();
    Runnable r = () -> { run(); };
    static class Inner { void m() {} }
}
interface I { default int d() { return 1; } int nobody(); }
enum E { X; int v() { return 1; } }
record R(int a) { R { check(a); } int twice() { return a * 2; } }
";
        assert_eq!(
            names(Language::Java, "A.java", src),
            [
                ("A.A".into(), 4, 4, 4),
                ("A.toString".into(), 5, 6, 6),
                ("A.Inner.m".into(), 9, 9, 9),
                ("I.d".into(), 11, 11, 11),
                ("E.v".into(), 12, 12, 12),
                ("R.R".into(), 13, 13, 13),
                ("R.twice".into(), 13, 13, 13),
            ]
        );
    }

    #[test]
    fn c_functions_by_their_declarators_under_the_preprocessor_and_no_prototypes() {
        let src = "\
#include <stdio.h>

static int add(int a, int *b) {
    return a + *b;
}

int declared(int a);

char **names(void) { return NULL; }

#ifdef FEATURE
// dedupe-check: ignore
void under_if(void) { puts(\"x\"); }
#endif
";
        assert_eq!(
            names(Language::C, "a.c", src),
            [
                ("add".into(), 3, 3, 5),
                ("names".into(), 9, 9, 9),
                ("under_if".into(), 13, 13, 13),
            ]
        );
        let got = extract(Language::C, "a.c", src);
        assert!(got.functions[2].suppressed && !got.functions[0].suppressed);
        assert!(!got.has_syntax_errors);
    }

    const CPP_SAMPLE: &str = "\
namespace ns {
template <typename T>
class Store : public Base {
public:
    Store(int n) : n_(n) {}
    ~Store() { clear(); }
    int &get(const std::string &k) const { return map_.at(k); }
    void put(int v);
    virtual void abs() = 0;
    bool operator==(const Store &o) const { return n_ == o.n_; }
};

template <typename T>
void Store<T>::put(int v) { items.push_back(v); }

template <typename T>
void Store<T>::put(const std::string &v) { items.push_back(v.size()); }
}  // namespace ns

int ns::Store<int>::count(double x) {
    auto twice = [&](int y) { return y * 2; };
    return twice(1);
}

auto add = [](int a, int b) { return a + b; };
";

    #[test]
    fn cpp_methods_in_and_out_of_class_lambdas_templates_and_no_declarations() {
        assert_eq!(
            names(Language::Cpp, "a.cpp", CPP_SAMPLE),
            [
                ("ns::Store::Store".into(), 5, 5, 5),
                ("ns::Store::~Store".into(), 6, 6, 6),
                ("ns::Store::get".into(), 7, 7, 7),
                ("ns::Store::operator==".into(), 10, 10, 10),
                ("ns::Store::put".into(), 13, 14, 14),
                ("ns::Store::put".into(), 16, 17, 17),
                ("ns::Store::count".into(), 20, 20, 23),
                ("ns::Store::count::twice".into(), 21, 21, 21),
                ("add".into(), 25, 25, 25),
            ]
        );
        let got = extract(Language::Cpp, "a.cpp", CPP_SAMPLE);
        assert!(!got.has_syntax_errors);
        // Overloads are two functions; the template and the binding belong to them.
        let (a, b) = (&got.functions[4], &got.functions[5]);
        assert_eq!(a.name, "put");
        assert_ne!(a.identity(), b.identity());
        assert!(
            a.text()
                .starts_with("template <typename T>\nvoid Store<T>::put(")
        );
        assert!(got.functions[8].text().starts_with("auto add = [](int a"));
    }

    #[test]
    fn a_c_header_of_a_cpp_project_is_cpp() {
        let cpp =
            "#pragma once\nclass Store {\n  public:\n    int get() const { return n_; }\n};\n";
        assert_eq!(Language::C.for_text("include/store.h", cpp), Language::Cpp);
        assert_eq!(
            qualified(Language::C, "include/store.h", cpp),
            ["Store::get"]
        );
        // A C header stays C, whatever its comments say; a `.c` file is always C.
        let c = "/* the class of errors:: */\nstatic inline int get(const struct store *s) {\n    return s->n;\n}\n";
        assert_eq!(Language::C.for_text("store.h", c), Language::C);
        assert_eq!(Language::C.for_text("store.c", cpp), Language::C);
        assert_eq!(qualified(Language::C, "store.h", c), ["get"]);
        assert_eq!(Language::C.family(), Language::Cpp.family());
    }

    #[test]
    fn csharp_methods_constructors_local_functions_and_accessors_with_bodies() {
        let src = "\
namespace Web.Urls
{
    public class Store<T> : Base
    {
        public Store(int n) { this.n = n; }
        public int Get(string k) => map[k];
        public int Get(int k) { return k; }
        public string Name { get { return name; } set { name = value; } }
        public int Count { get; private set; }
        public int this[int i] { get { return items[i]; } }
        public abstract void Abs();
        void Run()
        {
            int Twice(int x) { return x * 2; }
            Twice(1);
        }
    }

    public record Point(int X, int Y) { public double Len() { return Math.Sqrt(X * X); } }
    public struct S { void M() { } }
    public interface I { void N(); int D() { return 1; } }
}
";
        let got = extract(Language::CSharp, "Store.cs", src);
        let q: Vec<&str> = got
            .functions
            .iter()
            .map(|f| f.qualified_name.as_str())
            .collect();
        assert_eq!(
            q,
            [
                "Store.Store",
                "Store.Get",
                "Store.Get",
                "Store.Name.get",
                "Store.Name.set",
                "Store.this.get",
                "Store.Run",
                "Store.Run.Twice",
                "Point.Len",
                "S.M",
                "I.D",
            ]
        );
        assert!(!got.has_syntax_errors);
        // Overloads are two functions.
        assert_ne!(got.functions[1].identity(), got.functions[2].identity());
    }

    #[test]
    fn kotlin_functions_methods_extensions_constructors_and_bound_lambdas() {
        let src = "\
class Urls(val base: String) : Base() {
    constructor(x: Int) : this(\"a\") {
        init(x)
    }

    init {
        check(base.isNotEmpty())
    }

    fun makeSlug(text: String): String {
        return text.lowercase()
    }

    fun makeSlug(text: String, sep: Char): String = text.replace(' ', sep)

    abstract fun abs(): Int

    companion object {
        fun of(s: String): Urls = Urls(s)
    }
}

fun String.toSlug(sep: String = \"-\"): String {
    val parts = split(\" \")
    return parts.joinToString(sep)
}

fun <T> List<T>.second(): T = this[1]

val handler = { x: Int -> x + 1 }

object Registry {
    fun load(path: String) {
        val square = fun(x: Int): Int { return x * x }
        println(square(2))
    }
}

interface Named {
    fun hello(): String {
        return \"hi\"
    }
    fun name(): String
}
";
        let got = extract(Language::Kotlin, "Urls.kt", src);
        let q: Vec<&str> = got
            .functions
            .iter()
            .map(|f| f.qualified_name.as_str())
            .collect();
        assert_eq!(
            q,
            [
                "Urls.constructor",
                "Urls.init",
                "Urls.makeSlug",
                "Urls.makeSlug",
                "Urls.of",
                "String.toSlug",
                "List.second",
                "handler",
                "Registry.load",
                "Registry.load.square",
                "Named.hello",
            ]
        );
        assert!(!got.has_syntax_errors);
        // Overloads are two functions.
        assert_ne!(got.functions[2].identity(), got.functions[3].identity());
        assert_eq!(got.functions[2].statements, 1);
    }

    #[test]
    fn php_functions_methods_and_bound_closures() {
        let src = "\
<?php
namespace App\\Web;

function slugify(string $title): string {
    return strtolower($title);
}

class Urls extends Base {
    public function __construct(private string $base) { $this->base = $base; }

    // dedupe-check: ignore
    public static function make(string $t): string { return self::x($t); }

    abstract protected function abs(): int;
}

interface Named { public function name(): string; }

trait Greets { public function hello() { return 'hi'; } }

enum Suit { case Hearts; public function label(): string { return 'h'; } }

$handler = function ($x) use ($y) { return $x + $y; };
$double = fn($x) => $x * 2;
array_map(function ($x) { return $x; }, $xs);
";
        let got = extract(Language::Php, "src/Urls.php", src);
        let q: Vec<&str> = got
            .functions
            .iter()
            .map(|f| f.qualified_name.as_str())
            .collect();
        assert_eq!(
            q,
            [
                "slugify",
                "Urls::__construct",
                "Urls::make",
                "Greets::hello",
                "Suit::label",
                "handler",
                "double",
            ]
        );
        assert!(!got.has_syntax_errors);
        assert!(got.functions[2].suppressed && !got.functions[1].suppressed);
        assert!(
            got.functions[5]
                .text()
                .starts_with("$handler = function ($x)")
        );
    }

    #[test]
    fn ruby_methods_class_methods_define_method_and_bound_lambdas() {
        let src = "\
module Web
  class Urls < Base
    def initialize(base)
      @base = base
    end

    # dedupe-check: ignore
    def self.make(text, sep = \"-\")
      text.downcase.split(\" \").join(sep)
    end

    define_method(:dyn) do |a, b|
      a + b
    end

    HANDLER = ->(x) { x + 1 }

    [1, 2].each do |i|
      puts i
    end
  end
end

class Web::Page
  def slug = title.downcase
end

def Store.load(path)
  File.read(path)
end

def top(a)
  twice = lambda { |x| x * 2 }
  twice.call(a)
end
";
        let got = extract(Language::Ruby, "lib/web/urls.rb", src);
        let q: Vec<&str> = got
            .functions
            .iter()
            .map(|f| f.qualified_name.as_str())
            .collect();
        assert_eq!(
            q,
            [
                "Web.Urls.initialize",
                "Web.Urls.make",
                "Web.Urls.dyn",
                "Web.Urls.HANDLER",
                "Page.slug",
                "Store.load",
                "top",
                "top.twice",
            ]
        );
        assert!(!got.has_syntax_errors);
        assert!(got.functions[1].suppressed && !got.functions[0].suppressed);
    }

    #[test]
    fn swift_functions_methods_initializers_computed_properties_and_extensions() {
        let src = "\
struct Urls: Base {
    init(base: String) {
        self.base = base
    }

    func makeSlug(_ text: String) -> String {
        return text.lowercased()
    }

    func makeSlug(_ text: String, separator: String) -> String {
        return text.lowercased() + separator
    }

    var count: Int {
        return items.count
    }

    var name: String {
        get { return stored }
        set { stored = newValue }
    }

    var plain: Int = 1

    static func make() -> Urls {
        let build = { (x: Int) -> Int in
            return x + 1
        }
        return Urls(base: String(build(1)))
    }
}

extension String {
    // dedupe-check: ignore
    func toSlug() -> String {
        return self
    }
}

protocol Named {
    func name() -> String
}

class Session {
    deinit {
        close()
    }
}

let handler = { (x: Int) -> Int in x + 1 }
";
        let got = extract(Language::Swift, "Sources/Urls.swift", src);
        let q: Vec<&str> = got
            .functions
            .iter()
            .map(|f| f.qualified_name.as_str())
            .collect();
        assert_eq!(
            q,
            [
                "Urls.init",
                "Urls.makeSlug",
                "Urls.makeSlug",
                "Urls.count",
                "Urls.name",
                "Urls.make",
                "Urls.make.build",
                "String.toSlug",
                "Session.deinit",
                "handler",
            ]
        );
        assert!(!got.has_syntax_errors);
        // Overloads are two functions.
        assert_ne!(got.functions[1].identity(), got.functions[2].identity());
        assert!(got.functions[7].suppressed && !got.functions[6].suppressed);
    }

    #[test]
    fn scala_defs_in_classes_objects_traits_and_bound_lambdas() {
        let src = "\
package web

object Urls extends Base {
  def makeSlug(text: String): String = {
    val parts = text.toLowerCase.split(\" \")
    parts.mkString(\"-\")
  }

  def makeSlug(text: String, sep: String): String = text.toLowerCase + sep

  def abs(x: Int): Int

  val handler = (x: Int) => x + 1

  val typed: Int => Int = { x => x * 2 }
}

class Page(val title: String) {
  def this(n: Int) = this(n.toString)

  // dedupe-check: ignore
  def slug(): String = title.toLowerCase
}

trait Named {
  def hello(): String = \"hi\"
  def name(): String
}

extension (s: String)
  def toSlug: String = s.toLowerCase
";
        let got = extract(Language::Scala, "src/main/scala/web/Urls.scala", src);
        let q: Vec<&str> = got
            .functions
            .iter()
            .map(|f| f.qualified_name.as_str())
            .collect();
        assert_eq!(
            q,
            [
                "Urls.makeSlug",
                "Urls.makeSlug",
                "Urls.handler",
                "Urls.typed",
                "Page.this",
                "Page.slug",
                "Named.hello",
                "String.toSlug",
            ]
        );
        assert!(!got.has_syntax_errors);
        assert_ne!(got.functions[0].identity(), got.functions[1].identity());
        assert_eq!(got.functions[0].statements, 2);
        assert!(got.functions[5].suppressed && !got.functions[4].suppressed);
    }

    #[test]
    fn a_function_that_calls_another_reuses_it() {
        let src = "def load(path):\n    return parse(read(path))\n\ndef parse(text):\n    return text.split()\n\ndef fib(n):\n    return fib(n - 1) + fib(n - 2)\n\nclass Registry:\n    def load(self, path):\n        return load(path)\n\n    def fib(self, n):\n        return self.fib(n - 1)\n\nclass Child(Registry):\n    def load(self, path):\n        return super().load(path)\n\nclass Session:\n    def send(self, request):\n        return self.adapter.send(request)\n\nclass Client:\n    def send(self, request):\n        return self.adapter.send(request)\n\n    def retry(self, request):\n        return Session.send(self, request)\n";
        let fs = extract(Language::Python, "m.py", src).functions;
        let f = |q: &str| fs.iter().find(|f| f.qualified_name == q).unwrap();
        assert!(f("load").calls(f("parse")));
        assert!(!f("parse").calls(f("load")));
        // Recursion is no reuse of a namesake.
        assert!(!f("fib").calls(f("Registry.fib")));
        assert!(!f("Registry.fib").calls(f("fib")));
        // A method delegating to the module function, or to a method by its class.
        assert!(f("Registry.load").calls(f("load")));
        assert!(f("Client.retry").calls(f("Session.send")));
        // `super()` may reach a base class or not: sibling overrides stay comparable.
        assert!(!f("Child.load").calls(f("Registry.load")));
        // Another object's method of the same name is not this one.
        assert!(!f("Client.send").calls(f("Session.send")));
    }

    #[test]
    fn renaming_its_own_names_keeps_what_a_function_calls_and_accesses() {
        // (language, original, its own names renamed, a sibling that calls something else)
        let cases = [
            (
                Language::Python,
                "def load(path, strict=False):\n    with open(path) as fh:\n        data, rest = json.load(fh), None\n    for key in data:\n        check_key(key, strict=strict)\n    return self.cache.store(data)\n",
                "def read_cfg(p, s=False):\n    with open(p) as f:\n        d, r = json.load(f), None\n    for k in d:\n        check_key(k, strict=s)\n    return self.cache.store(d)\n",
                "def load(path, strict=False):\n    with open(path) as fh:\n        data, rest = yaml.safe_load(fh), None\n    for key in data:\n        check_value(key, strict=strict)\n    return self.cache.store(data)\n",
            ),
            (
                Language::JavaScript,
                "function load(path, opts) {\n  const data = fs.readFileSync(path);\n  for (const key of data) { checkKey(key, opts); }\n  return this.cache.store(data);\n}\n",
                "function readCfg(p, o) {\n  const d = fs.readFileSync(p);\n  for (const k of d) { checkKey(k, o); }\n  return this.cache.store(d);\n}\n",
                "function load(path, opts) {\n  const data = fs.readFileSync(path);\n  for (const key of data) { checkValue(key, opts); }\n  return this.cache.evict(data);\n}\n",
            ),
            (
                Language::Go,
                "package a\n\nfunc Load(path string) error {\n\tdata, err := os.ReadFile(path)\n\tfor _, key := range data {\n\t\tcheckKey(key)\n\t}\n\treturn store(data, err)\n}\n",
                "package a\n\nfunc ReadCfg(p string) error {\n\td, e := os.ReadFile(p)\n\tfor _, k := range d {\n\t\tcheckKey(k)\n\t}\n\treturn store(d, e)\n}\n",
                "package a\n\nfunc Load(path string) error {\n\tdata, err := os.ReadFile(path)\n\tfor _, key := range data {\n\t\tcheckValue(key)\n\t}\n\treturn evict(data, err)\n}\n",
            ),
            (
                Language::Rust,
                "fn load(path: &Path) -> Data {\n    let (data, rest) = fs::read(path);\n    let Some(head) = data.first() else { return rest; };\n    match head.kind() { Some(tag) => check_key(tag), None => skip() }\n    for key in data.iter() { check_key(key); }\n    store(data, rest)\n}\n",
                "fn read_cfg(p: &Path) -> Data {\n    let (d, r) = fs::read(p);\n    let Some(h) = d.first() else { return r; };\n    match h.kind() { Some(t) => check_key(t), None => skip() }\n    for k in d.iter() { check_key(k); }\n    store(d, r)\n}\n",
                "fn load(path: &Path) -> Data {\n    let (data, rest) = fs::read(path);\n    let Some(head) = data.first() else { return rest; };\n    match head.kind() { Some(tag) => check_key(tag), None => skip() }\n    for key in data.iter() { check_value(key); }\n    evict(data, rest)\n}\n",
            ),
            (
                Language::Java,
                "class A {\n  Data load(Path path) {\n    Data data = Files.read(path);\n    try (Reader in = Files.open(path)) { in.close(); }\n    for (Key key : data.keys()) { checkKey(key); }\n    return cache.store(data);\n  }\n}\n",
                "class A {\n  Data readCfg(Path p) {\n    Data d = Files.read(p);\n    try (Reader rd = Files.open(p)) { rd.close(); }\n    for (Key k : d.keys()) { checkKey(k); }\n    return cache.store(d);\n  }\n}\n",
                "class A {\n  Data load(Path path) {\n    Data data = Files.read(path);\n    try (Reader in = Files.open(path)) { in.close(); }\n    for (Key key : data.keys()) { checkValue(key); }\n    return cache.evict(data);\n  }\n}\n",
            ),
            (
                Language::C,
                "int load(const char *path) {\n    FILE *fh = fopen(path, \"r\");\n    char *data = read_all(fh);\n    for (int i = 0; data[i]; i++) { check_key(data[i]); }\n    return store(cache, data);\n}\n",
                "int read_cfg(const char *p) {\n    FILE *f = fopen(p, \"r\");\n    char *d = read_all(f);\n    for (int j = 0; d[j]; j++) { check_key(d[j]); }\n    return store(cache, d);\n}\n",
                "int load(const char *path) {\n    FILE *fh = fopen(path, \"r\");\n    char *data = read_all(fh);\n    for (int i = 0; data[i]; i++) { check_value(data[i]); }\n    return evict(cache, data);\n}\n",
            ),
            (
                Language::CSharp,
                "class A {\n  Data Load(string path) {\n    var data = Files.Read(path);\n    foreach (var key in data.Keys) { CheckKey(key); }\n    if (Files.TryOpen(path, out var handle)) { handle.Close(); }\n    return cache.Store(data);\n  }\n}\n",
                "class A {\n  Data ReadCfg(string p) {\n    var d = Files.Read(p);\n    foreach (var k in d.Keys) { CheckKey(k); }\n    if (Files.TryOpen(p, out var h)) { h.Close(); }\n    return cache.Store(d);\n  }\n}\n",
                "class A {\n  Data Load(string path) {\n    var data = Files.Read(path);\n    foreach (var key in data.Keys) { CheckValue(key); }\n    if (Files.TryOpen(path, out var handle)) { handle.Close(); }\n    return cache.Evict(data);\n  }\n}\n",
            ),
            (
                Language::Kotlin,
                "fun load(path: Path): Data {\n    val data = Files.read(path)\n    for ((key, value) in data) {\n        checkKey(key, value)\n    }\n    data.entries.forEach { entry -> checkKey(entry.key, entry) }\n    return cache.store(data)\n}\n",
                "fun readCfg(p: Path): Data {\n    val d = Files.read(p)\n    for ((k, v) in d) {\n        checkKey(k, v)\n    }\n    d.entries.forEach { e -> checkKey(e.key, e) }\n    return cache.store(d)\n}\n",
                "fun load(path: Path): Data {\n    val data = Files.read(path)\n    for ((key, value) in data) {\n        checkValue(key, value)\n    }\n    data.entries.forEach { entry -> checkKey(entry.key, entry) }\n    return cache.evict(data)\n}\n",
            ),
            (
                Language::Php,
                "<?php\nfunction load($path, $opts) {\n    $data = Files::read($path);\n    foreach ($data as $key => $value) { check_key($key, $opts); }\n    [$head, $rest] = $data;\n    return $this->cache->store($data, $head);\n}\n",
                "<?php\nfunction read_cfg($p, $o) {\n    $d = Files::read($p);\n    foreach ($d as $k => $v) { check_key($k, $o); }\n    [$h, $r] = $d;\n    return $this->cache->store($d, $h);\n}\n",
                "<?php\nfunction load($path, $opts) {\n    $data = Files::read($path);\n    foreach ($data as $key => $value) { check_value($key, $opts); }\n    [$head, $rest] = $data;\n    return $this->cache->evict($data, $head);\n}\n",
            ),
            (
                Language::Ruby,
                "def load(path, strict: false)\n  data, rest = Files.read(path), nil\n  data.each { |key| check_key(key, strict) }\n  @cache.store(data)\nend\n",
                "def read_cfg(p, strict: false)\n  d, r = Files.read(p), nil\n  d.each { |k| check_key(k, strict) }\n  @cache.store(d)\nend\n",
                "def load(path, strict: false)\n  data, rest = Files.read(path), nil\n  data.each { |key| check_value(key, strict) }\n  @cache.evict(data)\nend\n",
            ),
            (
                Language::Swift,
                "func load(path: String, strict: Bool) -> Data {\n    let data = Files.read(path)\n    for (key, value) in data {\n        checkKey(key, value: value, strict: strict)\n    }\n    if let head = data.first {\n        cache.note(head)\n    }\n    return cache.store(data)\n}\n",
                "func readCfg(p: String, s: Bool) -> Data {\n    let d = Files.read(p)\n    for (k, v) in d {\n        checkKey(k, value: v, strict: s)\n    }\n    if let h = d.first {\n        cache.note(h)\n    }\n    return cache.store(d)\n}\n",
                "func load(path: String, strict: Bool) -> Data {\n    let data = Files.read(path)\n    for (key, value) in data {\n        checkValue(key, value: value, strict: strict)\n    }\n    if let head = data.first {\n        cache.note(head)\n    }\n    return cache.evict(data)\n}\n",
            ),
            (
                Language::Scala,
                "object A {\n  def load(path: Path): Data = {\n    val data = Files.read(path)\n    for ((key, value) <- data) checkKey(key, value)\n    val (head, rest) = data.splitAt(1)\n    cache.store(data, head)\n  }\n}\n",
                "object A {\n  def readCfg(p: Path): Data = {\n    val d = Files.read(p)\n    for ((k, v) <- d) checkKey(k, v)\n    val (h, r) = d.splitAt(1)\n    cache.store(d, h)\n  }\n}\n",
                "object A {\n  def load(path: Path): Data = {\n    val data = Files.read(path)\n    for ((key, value) <- data) checkValue(key, value)\n    val (head, rest) = data.splitAt(1)\n    cache.evict(data, head)\n  }\n}\n",
            ),
            (
                Language::Cpp,
                "Data Loader::load(const std::string &path) {\n    auto data = files::read(path);\n    for (const auto &key : data.keys()) { check_key(key); }\n    return cache_.store(data);\n}\n",
                "Data Loader::read_cfg(const std::string &p) {\n    auto d = files::read(p);\n    for (const auto &k : d.keys()) { check_key(k); }\n    return cache_.store(d);\n}\n",
                "Data Loader::load(const std::string &path) {\n    auto data = files::read(path);\n    for (const auto &key : data.keys()) { check_value(key); }\n    return cache_.evict(data);\n}\n",
            ),
        ];
        let sorted = |f: &Function| {
            let mut v = f.free_terms.clone();
            v.sort_unstable();
            v
        };
        // The unbound names, where they stand: what a swap is told by.
        let names = |f: &Function| f.free_names.clone();
        for (lang, original, renamed, sibling) in cases {
            let [a, b, c] =
                [original, renamed, sibling].map(|src| extract(lang, "a", src).functions.remove(0));
            assert!(!a.free_terms.is_empty(), "{lang:?}");
            assert_ne!(a.terms, b.terms, "{lang:?}");
            assert_eq!(
                sorted(&a),
                sorted(&b),
                "{lang:?}: renaming changed the free names"
            );
            assert_eq!(names(&a), names(&b), "{lang:?}: renaming moved a free name");
            assert_ne!(sorted(&a), sorted(&c), "{lang:?}");
        }
    }

    #[test]
    fn renamed_copies_share_their_shape_in_every_language() {
        let pairs = [
            (
                Language::JavaScript,
                "function total(items) {\n  let s = 0;\n  for (const it of items) { s += it.price * 2; }\n  console.log(s);\n  return s;\n}\n",
                "function sumUp(rows) {\n  let acc = 0;\n  for (const r of rows) { acc += r.cost * 3; }\n  console.log(acc);\n  return acc;\n}\n",
            ),
            (
                Language::Go,
                "package a\n\nfunc Total(items []Item) int {\n\ts := 0\n\tfor _, it := range items {\n\t\ts += it.Price * 2\n\t}\n\treturn len(items) + s\n}\n",
                "package a\n\nfunc SumUp(rows []Row) int {\n\tacc := 0\n\tfor _, r := range rows {\n\t\tacc += r.Cost * 3\n\t}\n\treturn len(rows) + acc\n}\n",
            ),
            (
                Language::Rust,
                "fn total(items: &[Item]) -> u32 {\n    let mut s = 0;\n    for it in items.iter() { s += it.price * 2; }\n    s\n}\n",
                "fn sum_up(rows: &[Row]) -> u32 {\n    let mut acc = 0;\n    for r in rows.iter() { acc += r.cost * 3; }\n    acc\n}\n",
            ),
            (
                Language::Java,
                "class A {\n  int total(List<Item> items) {\n    int s = 0;\n    for (Item it : items) { s += it.price * 2; }\n    return items.size() + s;\n  }\n}\n",
                "class B {\n  int sumUp(List<Row> rows) {\n    int acc = 0;\n    for (Row r : rows) { acc += r.cost * 3; }\n    return rows.size() + acc;\n  }\n}\n",
            ),
        ];
        for (lang, a, b) in pairs {
            let fa = &extract(lang, "a", a).functions[0];
            let fb = &extract(lang, "b", b).functions[0];
            assert_eq!(fa.shape, fb.shape, "{lang:?}");
            assert_ne!(fa.terms, fb.terms, "{lang:?}");
            assert!(fa.statements >= 2, "{lang:?}: {}", fa.statements);
        }
        // Builtins named where they are called stay verbatim: `len` is not `count`.
        let go = |body: &str| {
            let src = format!(
                "package a\n\nfunc F(x []int) int {{\n\ty := 1\n\treturn {body}(x) + y\n}}\n"
            );
            extract(Language::Go, "a.go", &src).functions[0]
                .shape
                .clone()
        };
        assert_eq!(go("count"), go("total"));
        assert_ne!(go("len"), go("count"));
    }

    #[test]
    fn comments_and_layout_stay_out_of_the_shape_and_the_text_hash() {
        let a = "function f(a) {\n  const b = a + 1;\n  return b;\n}\n";
        let b = "function f(a) {\n  // add one\n  const b = a + 1; /* why */\n\n    return b;\n}\n";
        let fa = &extract(Language::JavaScript, "a.js", a).functions[0];
        let fb = &extract(Language::JavaScript, "b.js", b).functions[0];
        assert_eq!(fa.shape, fb.shape);
        assert_eq!(fa.statements, 2);
        let c = "function f(a) {\n  const b = a + 1;\n  // note\n    return b;\n}\n";
        let fc = &extract(Language::JavaScript, "c.js", c).functions[0];
        assert_eq!(fa.text_hash, fc.text_hash);
    }

    #[test]
    fn crlf_lines_keep_their_spans() {
        let src =
            "package a\r\n\r\n// doc\r\nfunc A(x int) int {\r\n\ty := x + 1\r\n\treturn y\r\n}\r\n";
        assert_eq!(names(Language::Go, "a.go", src), [("A".into(), 4, 4, 7)]);
    }

    #[test]
    fn thousands_of_nested_callbacks_do_not_overflow_the_stack() {
        let n = 5000;
        let deep = format!(
            "function top() {{\n{}x();\n{}}}\n",
            "f(function () {\n".repeat(n),
            "});\n".repeat(n)
        );
        let got = extract(Language::JavaScript, "deep.js", &deep);
        assert_eq!(qualified(Language::JavaScript, "deep.js", &deep), ["top"]);
        assert!(!got.has_syntax_errors);
        // Named ones too: the deepest are part of their outer functions only.
        let named: String = (0..n).map(|i| format!("const a{i} = () => {{\n")).collect();
        let named = format!("{named}x();\n{}", "};\n".repeat(n));
        let got = extract(Language::JavaScript, "named.js", &named);
        assert_eq!(got.functions.len(), MAX_NESTING);
        assert!(got.functions[1].qualified_name.starts_with("a0.a1"));
    }

    #[test]
    fn generated_and_minified_text_is_not_parsed() {
        let go = "// Code generated by stringer; DO NOT EDIT.\n\npackage a\n\nfunc A(x int) int {\n\treturn x\n}\n";
        let got = extract(Language::Go, "a.go", go);
        assert!(got.generated.is_some() && got.functions.is_empty());
        let min = format!("function a(){{{}}}\n", "x();".repeat(1000));
        assert!(
            extract(Language::JavaScript, "m.js", &min)
                .generated
                .is_some()
        );
        // Python is read as before, long lines and all.
        let py = format!("def f():\n    return {}\n", "1 + ".repeat(500) + "1");
        assert!(extract(Language::Python, "a.py", &py).generated.is_none());
    }

    #[test]
    fn the_marker_may_stand_above_doc_comments_and_attributes() {
        let java = "class A {\n    // dedupe-check: ignore\n    /**\n     * Doc.\n     */\n    @Override\n    public int f() { return 1; }\n\n    // dedupe-check: ignore\n\n    /** Doc. */\n    int g() { return 2; }\n}\n";
        let got = extract(Language::Java, "A.java", java);
        let s: Vec<bool> = got.functions.iter().map(|f| f.suppressed).collect();
        // A blank line parts the marker from what follows it.
        assert_eq!(s, [true, false]);
        let rust = "// dedupe-check: ignore\n/// Doc.\n#[inline]\npub fn f() -> u32 {\n    1\n}\n";
        assert!(extract(Language::Rust, "a.rs", rust).functions[0].suppressed);
        let ts = "// dedupe-check: ignore\n/** Doc. */\nexport const f = (a: number) => a + 1;\n";
        assert!(extract(Language::TypeScript, "a.ts", ts).functions[0].suppressed);
    }

    #[test]
    fn the_marker_may_be_spelled_with_any_spacing_and_case() {
        for marker in [
            "# dedupe-check: ignore",
            "#dedupe-check:ignore",
            "#dedupe-check: ignore",
            "# DEDUPE-CHECK: ignore",
            "## Dedupe-Check : IGNORE (a wrapper of the vendored one)",
        ] {
            let py = format!("{marker}\ndef f():\n    return 1\n");
            assert!(
                extract(Language::Python, "a.py", &py).functions[0].suppressed,
                "{marker}"
            );
        }
        for marker in [
            "// dedupe-check: ignore",
            "//dedupe-check:ignore",
            "/// DEDUPE-CHECK:  Ignore",
        ] {
            let js = format!("{marker}\nfunction f() {{ return 1; }}\n");
            assert!(
                extract(Language::JavaScript, "a.js", &js).functions[0].suppressed,
                "{marker}"
            );
        }
        for not_a_marker in [
            "# dedupe-check ignore",
            "# dedupe-check: keep",
            "# dedupecheck: ignore",
            "// dedupe-check: ignore",
        ] {
            let py = format!("{not_a_marker}\ndef f():\n    return 1\n");
            assert!(
                !extract(Language::Python, "a.py", &py).functions[0].suppressed,
                "{not_a_marker}"
            );
        }
    }

    #[test]
    fn rust_match_arms_count_as_statements() {
        let src = "fn kind(v: &Value) -> &str {\n    match v {\n        Value::A => \"a\",\n        Value::B => \"b\",\n        _ => \"other\",\n    }\n}\n";
        assert_eq!(
            extract(Language::Rust, "a.rs", src).functions[0].statements,
            4
        );
    }

    #[test]
    fn rust_impls_for_primitive_and_generic_types() {
        let src = "impl Parse for i32 {\n    fn parse(s: &str) -> i32 { s.len() as i32 }\n}\nimpl<'a, T: Clone> From<&'a [T]> for Stack<T> {\n    fn from(v: &'a [T]) -> Self { Stack(v.to_vec()) }\n}\n";
        assert_eq!(
            qualified(Language::Rust, "a.rs", src),
            ["<i32 as Parse>::parse", "<Stack as From>::from"]
        );
    }

    #[test]
    fn a_function_lexed_from_its_own_lines_equals_the_whole_files_version() {
        let cases = [
            (
                Language::Python,
                "a.py",
                "import os\n\nclass A:\n    @staticmethod\n    def load(path):\n        with open(path) as fh:\n            return fh.read()\n",
            ),
            (
                Language::JavaScript,
                "a.js",
                "class A {\n  load(path) {\n    const t = read(path);\n    return t.trim();\n  }\n}\n",
            ),
            (
                Language::TypeScript,
                "a.ts",
                "export const load = (path: string): string => {\n  const t = read(path);\n  return t.trim();\n};\n",
            ),
            (
                Language::Java,
                "A.java",
                "class A {\n  @Override\n  public String load(String path) {\n    String t = read(path);\n    return t.trim();\n  }\n}\n",
            ),
            (
                Language::Rust,
                "a.rs",
                "impl A {\n    pub fn load(&self, path: &str) -> String {\n        let t = read(path);\n        t.trim().to_string()\n    }\n}\n",
            ),
            (
                Language::Go,
                "a.go",
                "package a\n\nfunc (a *A) Load(path string) string {\n\tt := read(path)\n\treturn strings.TrimSpace(t)\n}\n",
            ),
            (
                Language::C,
                "a.c",
                "#include <string.h>\n\nstatic char *load(const char *path) {\n    char *t = read(path);\n    return trim(t);\n}\n",
            ),
            (
                Language::CSharp,
                "A.cs",
                "class A\n{\n    [Obsolete]\n    public string Load(string path)\n    {\n        var t = Read(path);\n        return t.Trim();\n    }\n}\n",
            ),
            (
                Language::Kotlin,
                "A.kt",
                "class A {\n    @Deprecated(\"old\")\n    fun load(path: String): String {\n        val t = read(path)\n        return t.trim()\n    }\n}\n",
            ),
            (
                Language::Php,
                "a.php",
                "<?php\n\nclass A\n{\n    public function load(string $path): string\n    {\n        $t = read($path);\n        return trim($t);\n    }\n}\n",
            ),
            (
                Language::Ruby,
                "a.rb",
                "class A\n  def load(path)\n    t = read(path)\n    t.strip\n  end\nend\n",
            ),
            (
                Language::Swift,
                "A.swift",
                "class A {\n    @discardableResult\n    func load(path: String) -> String {\n        let t = read(path)\n        return t.trimmed()\n    }\n}\n",
            ),
            (
                Language::Scala,
                "A.scala",
                "class A {\n  @inline\n  def load(path: String): String = {\n    val t = read(path)\n    t.trim\n  }\n}\n",
            ),
            (
                Language::Cpp,
                "a.cpp",
                "class A {\n  public:\n    std::string load(const std::string &path) const {\n      auto t = read(path);\n      return trim(t);\n    }\n};\n",
            ),
        ];
        for (lang, path, src) in cases {
            let f = extract(lang, path, src).functions.remove(0);
            let whole = lex(lang, path, src, &[f.source]).functions.remove(0);
            let alone = lex_alone(lang, &f, src).unwrap_or_else(|| panic!("{path} alone"));
            assert_eq!(alone.source, f.source, "{path}");
            assert_eq!(alone.shape, whole.shape, "{path}");
            assert_eq!(alone.text(), whole.text(), "{path}");
            let (a, w) = (alone.lexemes.unwrap(), whole.lexemes.unwrap());
            let key = |l: &Lexeme| (l.role, l.text.clone(), l.statement, l.line, l.column);
            assert_eq!(
                a.items.iter().map(key).collect::<Vec<_>>(),
                w.items.iter().map(key).collect::<Vec<_>>(),
                "{path}"
            );
            assert_eq!(a.body_start, w.body_start, "{path}");
        }
    }
}
