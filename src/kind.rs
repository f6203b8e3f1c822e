//! The kind of a duplicate and its evidence: two functions' tokens aligned, names told
//! apart by their role (bound by the function, or used from outside), and what differs
//! counted in statements.
//!
//! A score says how alike two functions are; the kind says how they are alike, which
//! is what a reviewer acts on: a renamed copy is reused, a sibling that differs in the
//! one name that matters is not.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use std::time::{Duration, Instant};

use crate::extract::{Function, Lexeme, Lexemes, TokenRole};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The same code under a consistent renaming of the names it binds; what it calls
    /// and its literals equal.
    Copy,
    /// A copy with a few statements inserted, deleted or changed.
    EditedCopy,
    /// The same statements with other external names or literals.
    ParameterisedCopy,
    /// One is the other with a parameter added (or fixed to a value).
    Generalisation,
    /// Anything else the deciding engine put above its threshold.
    Similar,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Copy,
        Kind::EditedCopy,
        Kind::ParameterisedCopy,
        Kind::Generalisation,
        Kind::Similar,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Copy => "copy",
            Kind::EditedCopy => "edited copy",
            Kind::ParameterisedCopy => "parameterised copy",
            Kind::Generalisation => "generalisation",
            Kind::Similar => "similar",
        }
    }
}

/// A name the new function binds where the existing one binds another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renaming {
    pub existing: String,
    pub new: String,
}

/// What stands in the new function where the existing one has something else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// `name` (a callee, attribute, type or module) or `literal`.
    pub what: &'static str,
    pub existing: String,
    pub new: String,
}

/// Statements of the two functions, and those a difference touches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatementCounts {
    pub existing: u32,
    pub new: u32,
    /// Statements with a difference (the larger count of the two sides).
    pub changed: u32,
    /// The first line of each statement only the new function has.
    pub only_new: Vec<String>,
    /// The first line of each statement only the existing function has.
    pub only_existing: Vec<String>,
    /// Whether the signatures differ (parameters, defaults).
    pub signature_differs: bool,
}

/// Which side of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    New,
    Existing,
}

/// One function is the other with more parameters: the narrower one can delegate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Generalised {
    pub narrower: Side,
    /// The wider function's parameters the narrower one lacks.
    pub parameters: Vec<String>,
    /// What the narrower function has where the wider one uses such a parameter.
    pub fixed: Vec<(String, String)>,
}

/// What comparing two functions token by token found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub kind: Kind,
    pub renamings: Vec<Renaming>,
    pub differences: Vec<Difference>,
    pub statements: StatementCounts,
    pub generalisation: Option<Generalised>,
    /// Every renaming, not only the first few: what the existing function's text is
    /// rewritten with to show only real differences.
    #[serde(skip)]
    pub all_renamings: Vec<Renaming>,
    /// Literals of the existing function equal to the new one's once the names they
    /// interpolate are renamed: (line, column, existing text, new text).
    #[serde(skip)]
    pub literal_rewrites: Vec<(u32, u32, String, String)>,
}

/// How many renamings and differences a comparison keeps: evidence, not an inventory.
const KEEP: usize = 8;

/// A copy may differ in this share of its statements and stay an edited copy.
pub const EDITED_SHARE: f32 = 0.2;

/// Compares `existing` and `new`, both with their lexemes ([`crate::extract::lex`]);
/// `None` when either has none.
pub fn compare(existing: &Function, new: &Function) -> Option<Comparison> {
    let (e, n) = (existing.lexemes.as_deref()?, new.lexemes.as_deref()?);
    if e.items.len() != existing.shape.len() || n.items.len() != new.shape.len() {
        return None;
    }
    let deadline = Instant::now() + Duration::from_millis(100);
    let ops = capture_diff_slices_deadline(
        Algorithm::Myers,
        &keys(existing, e),
        &keys(new, n),
        Some(deadline),
    );
    let mut walk = Alignment::new(existing, new);
    for op in &ops {
        walk.op(e, n, op);
    }
    walk.settle_literals();
    let structural = ops.iter().any(|op| !matches!(op, DiffOp::Equal { .. }));
    let statements = walk.statements(e, n, existing, new);
    let generalisation = structural
        .then(|| walk.generalisation(e, n, &statements))
        .flatten();
    // A body that differs in nothing is a copy, whatever form its definition takes (a
    // function declaration, an arrow function bound to a name).
    let body_same = statements.changed == 0 && walk.differences.is_empty();
    let kind = if body_same && generalisation.is_none() {
        Kind::Copy
    } else if !structural {
        Kind::ParameterisedCopy
    } else if generalisation.is_some() {
        Kind::Generalisation
    } else if edited_within(&statements) {
        Kind::EditedCopy
    } else {
        Kind::Similar
    };
    let mut differences = walk.differences;
    differences.truncate(KEEP);
    let all_renamings = walk.renamings;
    let renamings = all_renamings.iter().take(KEEP).cloned().collect();
    Some(Comparison {
        kind,
        renamings,
        differences,
        statements,
        generalisation,
        all_renamings,
        literal_rewrites: walk.rewrites,
    })
}

/// What the alignment compares: the shape token and what kind of name it is, so that
/// a called name never pairs with a local one.
fn keys(f: &Function, lx: &Lexemes) -> Vec<u64> {
    f.shape
        .iter()
        .zip(&lx.items)
        .map(|(&shape, l)| {
            match l.role {
                // Every external name aligns with every other (a type keyword included):
                // which one it is, is evidence, not shape.
                TokenRole::Free => 2 << 32,
                TokenRole::Bound | TokenRole::Own => u64::from(shape) | (1 << 32),
                TokenRole::Literal => u64::from(shape) | (3 << 32),
                TokenRole::Syntax => u64::from(shape),
            }
        })
        .collect()
}

/// At most a fifth of the statements (at least one) differ.
fn edited_within(s: &StatementCounts) -> bool {
    let total = s.existing.max(s.new) as f32;
    s.changed as f32 <= (total * EDITED_SHARE).max(1.0)
}

/// The state of one walk over the aligned token streams.
struct Alignment<'a> {
    /// The types the two functions are methods of (`""` for none): a method naming its
    /// own type (a Go receiver, `Self`-like constructors) names the same thing.
    types: (&'a str, &'a str),
    forward: FxHashMap<&'a str, &'a str>,
    backward: FxHashMap<&'a str, &'a str>,
    renamings: Vec<Renaming>,
    differences: Vec<Difference>,
    /// Statements with a difference, per side (0: the signature).
    dirty: [FxHashSet<u32>; 2],
    /// Statements with at least one token aligned to the other side.
    aligned: [FxHashSet<u32>; 2],
    /// Literals that differ in text, to compare again under the whole renaming.
    literals: Vec<(&'a Lexeme, &'a Lexeme)>,
    /// Those that differ only by the renaming, as [`Comparison::literal_rewrites`].
    rewrites: Vec<(u32, u32, String, String)>,
    /// Tokens of the wider side's extra parameters aligned to something else: (side of
    /// the parameter, its name, what the other side has there).
    substituted: Vec<(usize, &'a str, &'a str)>,
}

impl<'a> Alignment<'a> {
    fn new(existing: &'a Function, new: &'a Function) -> Self {
        Alignment {
            types: (own_type(existing), own_type(new)),
            forward: FxHashMap::default(),
            backward: FxHashMap::default(),
            renamings: Vec::new(),
            differences: Vec::new(),
            dirty: Default::default(),
            aligned: Default::default(),
            substituted: Vec::new(),
            literals: Vec::new(),
            rewrites: Vec::new(),
        }
    }

    /// Literals that still differ once the names they interpolate are renamed are
    /// differences.
    fn settle_literals(&mut self) {
        for (a, b) in std::mem::take(&mut self.literals) {
            if equal_under(&a.text, &b.text, &self.forward) {
                if a.text != b.text {
                    self.rewrites
                        .push((a.line, a.column, a.text.clone(), b.text.clone()));
                }
                continue;
            }
            let d = Difference {
                what: "literal",
                existing: a.text.clone(),
                new: b.text.clone(),
            };
            if !self.differences.contains(&d) {
                self.differences.push(d);
            }
            self.dirty[0].insert(a.statement);
            self.dirty[1].insert(b.statement);
        }
    }

    fn op(&mut self, e: &'a Lexemes, n: &'a Lexemes, op: &DiffOp) {
        match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (a, b) = (&e.items[old_index + k], &n.items[new_index + k]);
                    self.aligned[0].insert(a.statement);
                    self.aligned[1].insert(b.statement);
                    if !self.pair(a, b) {
                        self.dirty[0].insert(a.statement);
                        self.dirty[1].insert(b.statement);
                    }
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => self.unaligned(0, &e.items[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => self.unaligned(1, &n.items[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } if old_len == new_len => {
                // Token for token: a literal where the other side has a name is evidence;
                // punctuation or a keyword where the other has a name is a change of shape.
                for k in 0..old_len {
                    let (a, b) = (&e.items[old_index + k], &n.items[new_index + k]);
                    if a.role != TokenRole::Syntax && b.role != TokenRole::Syntax {
                        self.pair(a, b);
                    }
                    self.dirty[0].insert(a.statement);
                    self.dirty[1].insert(b.statement);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                self.unaligned(0, &e.items[old_index..old_index + old_len]);
                self.unaligned(1, &n.items[new_index..new_index + new_len]);
            }
        }
    }

    fn unaligned(&mut self, side: usize, items: &[Lexeme]) {
        self.dirty[side].extend(items.iter().map(|l| l.statement));
    }

    /// Whether two aligned tokens agree: syntax by shape, literals and external names
    /// by text, bound names by one consistent renaming.
    fn pair(&mut self, a: &'a Lexeme, b: &'a Lexeme) -> bool {
        use TokenRole::*;
        match (a.role, b.role) {
            (Syntax, Syntax) => true,
            (Literal, Literal) if a.text == b.text => true,
            // A string that interpolates names (`f"{path}: …"`) may differ only by the
            // renaming, which is known once the walk is over.
            (Literal, Literal) if a.text.contains(|c: char| c.is_alphabetic()) => {
                self.literals.push((a, b));
                true
            }
            (Own, Own) => true,
            (Bound, Bound) => self.rename(&a.text, &b.text),
            (Free, Free)
                if a.text == b.text
                    || (!self.types.0.is_empty()
                        && a.text == self.types.0
                        && b.text == self.types.1) =>
            {
                true
            }
            _ => {
                let what = if a.role == Literal && b.role == Literal {
                    "literal"
                } else {
                    "name"
                };
                if a.role == Bound || b.role == Bound {
                    let (param, other, side) = if a.role == Bound {
                        (&a.text, &b.text, 0)
                    } else {
                        (&b.text, &a.text, 1)
                    };
                    self.substituted.push((side, param, other));
                }
                let d = Difference {
                    what,
                    existing: a.text.clone(),
                    new: b.text.clone(),
                };
                if !self.differences.contains(&d) {
                    self.differences.push(d);
                }
                false
            }
        }
    }

    /// One-to-one: a name bound on one side stands for one name on the other.
    fn rename(&mut self, a: &'a str, b: &'a str) -> bool {
        match (self.forward.get(a), self.backward.get(b)) {
            (Some(&x), Some(&y)) => x == b && y == a,
            (None, None) => {
                self.forward.insert(a, b);
                self.backward.insert(b, a);
                if a != b {
                    self.renamings.push(Renaming {
                        existing: a.to_string(),
                        new: b.to_string(),
                    });
                }
                true
            }
            _ => {
                let d = Difference {
                    what: "name",
                    existing: a.to_string(),
                    new: b.to_string(),
                };
                if !self.differences.contains(&d) {
                    self.differences.push(d);
                }
                false
            }
        }
    }

    fn statements(
        &self,
        e: &Lexemes,
        n: &Lexemes,
        existing: &Function,
        new: &Function,
    ) -> StatementCounts {
        let body = |side: usize| self.dirty[side].iter().filter(|&&s| s != 0).count() as u32;
        let only = |side: usize, lx: &Lexemes, f: &Function| -> Vec<String> {
            let mut ids: Vec<u32> = self.dirty[side]
                .iter()
                .copied()
                .filter(|s| *s != 0 && !self.aligned[side].contains(s))
                .collect();
            ids.sort_unstable();
            ids.iter()
                .filter_map(|&s| first_line(lx, f, s))
                .take(KEEP)
                .collect()
        };
        StatementCounts {
            existing: existing.statements,
            new: new.statements,
            changed: body(0).max(body(1)),
            only_new: only(1, n, new),
            only_existing: only(0, e, existing),
            signature_differs: self.dirty[0].contains(&0) || self.dirty[1].contains(&0),
        }
    }

    /// One side has parameters the other lacks, and every statement that differs on that
    /// side uses one of them: the other side is it with those parameters fixed.
    fn generalisation(&self, e: &Lexemes, n: &Lexemes, s: &StatementCounts) -> Option<Generalised> {
        let (pe, pn) = (e.parameters(), n.parameters());
        if pe.len() == pn.len() {
            return None;
        }
        let (wide, wide_lx, narrow_params, map, narrower) = if pe.len() > pn.len() {
            (0, e, &pn, &self.forward, Side::New)
        } else {
            (1, n, &pe, &self.backward, Side::Existing)
        };
        let extra: Vec<&str> = wide_lx
            .parameters()
            .into_iter()
            .filter(|p| map.get(p).is_none_or(|q| !narrow_params.contains(q)))
            .collect();
        if extra.is_empty() {
            return None;
        }
        let uses_extra = |stmt: u32| {
            wide_lx.items.iter().any(|l| {
                l.statement == stmt
                    && l.role == TokenRole::Bound
                    && extra.contains(&l.text.as_str())
            })
        };
        let dirty_body = || self.dirty[wide].iter().filter(|&&st| st != 0);
        let total = s.existing.max(s.new) as f32;
        // A parameter the body never uses (a receiver, a callback's unused argument)
        // generalises nothing.
        if dirty_body().next().is_none()
            || !dirty_body().all(|&st| uses_extra(st))
            || self.dirty[1 - wide].iter().filter(|&&st| st != 0).count() > dirty_body().count()
            || s.changed as f32 > (total / 3.0).max(2.0)
        {
            return None;
        }
        let mut fixed: Vec<(String, String)> = Vec::new();
        for &(side, param, other) in &self.substituted {
            let pair = (param.to_string(), other.to_string());
            if side == wide && extra.contains(&param) && !fixed.contains(&pair) {
                fixed.push(pair);
            }
        }
        Some(Generalised {
            narrower,
            parameters: extra.iter().map(|p| p.to_string()).collect(),
            fixed,
        })
    }
}

/// The text of `existing` with the names it binds, and its own name, written as `new`
/// writes them: a diff against `new` then marks only what a renaming does not explain.
/// `None` without lexemes or text.
pub fn renamed_text(existing: &Function, new: &Function, c: &Comparison) -> Option<String> {
    let lx = existing.lexemes.as_deref()?;
    let map: FxHashMap<&str, &str> = c
        .all_renamings
        .iter()
        .map(|r| (r.existing.as_str(), r.new.as_str()))
        .collect();
    let literal: FxHashMap<(u32, u32), &str> = c
        .literal_rewrites
        .iter()
        .map(|(line, column, _, to)| ((*line, *column), to.as_str()))
        .collect();
    let mut lines: Vec<String> = existing.text.get()?.lines().map(str::to_string).collect();
    let indent = existing.source.indent;
    let mut edits: Vec<(usize, usize, &Lexeme, &str)> = lx
        .items
        .iter()
        .filter_map(|l| {
            let to = match l.role {
                TokenRole::Bound => *map.get(l.text.as_str())?,
                TokenRole::Own => new.name.as_str(),
                TokenRole::Literal => *literal.get(&(l.line, l.column))?,
                _ => return None,
            };
            let row = l.line.checked_sub(existing.start_line)? as usize;
            let column = l.column.checked_sub(indent)? as usize;
            Some((row, column, l, to))
        })
        .collect();
    // Right to left, so that each edit leaves the columns of the ones still to come.
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    for (row, column, l, to) in edits {
        let Some(line) = lines.get_mut(row) else {
            continue;
        };
        if line.get(column..column + l.text.len()) == Some(l.text.as_str()) {
            line.replace_range(column..column + l.text.len(), to);
        }
    }
    Some(lines.join("\n"))
}

/// Whether two literals are equal word for word, where a word of `a` may stand for the
/// word of `b` that `map` renames it to.
fn equal_under(a: &str, b: &str, map: &FxHashMap<&str, &str>) -> bool {
    let (wa, wb) = (words(a), words(b));
    wa.len() == wb.len()
        && wa
            .iter()
            .zip(&wb)
            .all(|(x, y)| x == y || map.get(x).is_some_and(|m| m == y))
}

/// Runs of identifier characters, and every other character alone.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_' || c == '$';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
        if !word {
            out.push(&text[i..i + c.len_utf8()]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The type (or other scope) a function is defined in: `Config` of `Config.load`.
fn own_type(f: &Function) -> &str {
    let scope = f.qualified_name.strip_suffix(f.name.as_str()).unwrap_or("");
    let scope = scope.trim_end_matches(['.', ':', '#']);
    scope.rsplit(['.', ':']).next().unwrap_or("")
}

/// The first line of statement `s`, trimmed.
fn first_line(lx: &Lexemes, f: &Function, s: u32) -> Option<String> {
    let line = *lx.statement_lines.get(s as usize)?;
    let at = line.checked_sub(f.start_line)? as usize;
    let text = f.text.get()?.lines().nth(at)?.trim();
    Some(text.chars().take(100).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lex;
    use crate::lang::Language;

    fn pair(lang: Language, path: &str, src: &str) -> Comparison {
        let all = crate::extract::extract(lang, path, src).functions;
        let spans: Vec<_> = all.iter().map(|f| f.source).collect();
        let fs = lex(lang, path, src, &spans).functions;
        assert_eq!(fs.len(), 2, "two functions in {src}");
        compare(&fs[0], &fs[1]).expect("both have lexemes")
    }

    #[test]
    fn a_renamed_copy_is_a_copy_with_its_renamings() {
        let c = pair(
            Language::Python,
            "a.py",
            "def load(path):\n    with open(path) as fh:\n        data = fh.read()\n    return parse(data)\n\n\
             def read_it(p):\n    with open(p) as f:\n        text = f.read()\n    return parse(text)\n",
        );
        assert_eq!(c.kind, Kind::Copy);
        let names: Vec<(&str, &str)> = c
            .renamings
            .iter()
            .map(|r| (r.existing.as_str(), r.new.as_str()))
            .collect();
        assert_eq!(names, [("path", "p"), ("fh", "f"), ("data", "text")]);
        assert!(c.differences.is_empty());
    }

    #[test]
    fn a_sibling_with_another_callee_is_a_parameterised_copy_naming_it() {
        let c = pair(
            Language::Python,
            "a.py",
            "def end_object(w):\n    w.flush()\n    w.write('}')\n    return w.end_object()\n\n\
             def end_array(w):\n    w.flush()\n    w.write(']')\n    return w.end_array()\n",
        );
        assert_eq!(c.kind, Kind::ParameterisedCopy);
        let diffs: Vec<(&str, &str, &str)> = c
            .differences
            .iter()
            .map(|d| (d.what, d.existing.as_str(), d.new.as_str()))
            .collect();
        assert_eq!(
            diffs,
            [
                ("literal", "'}'", "']'"),
                ("name", "end_object", "end_array")
            ]
        );
    }

    #[test]
    fn an_inserted_statement_makes_an_edited_copy_and_is_quoted() {
        let body = "    a = x + 1\n    b = a * 2\n    c = b - 3\n    d = c / 4\n    e = d % 5\n    return e\n";
        let src = format!("def f(x):\n{body}\ndef g(x):\n    log(x)\n{body}",);
        let c = pair(Language::Python, "a.py", &src);
        assert_eq!(c.kind, Kind::EditedCopy);
        assert_eq!(c.statements.changed, 1);
        assert_eq!(c.statements.only_new, ["log(x)"]);
        assert!(c.statements.only_existing.is_empty());
    }

    #[test]
    fn a_function_with_a_parameter_fixed_is_a_generalisation() {
        let c = pair(
            Language::Python,
            "a.py",
            "def schema(x):\n    s = {'type': 'string', 'enum': x}\n    s['description'] = ''\n    return s\n\n\
             def schema_with_description(x, desc):\n    s = {'type': 'string', 'enum': x}\n    s['description'] = desc\n    return s\n",
        );
        assert_eq!(c.kind, Kind::Generalisation);
        let g = c.generalisation.unwrap();
        assert_eq!(g.narrower, Side::Existing);
        assert_eq!(g.parameters, ["desc"]);
        assert_eq!(g.fixed, [("desc".to_string(), "''".to_string())]);
    }

    #[test]
    fn interpolated_strings_differ_only_by_the_renaming() {
        let c = pair(
            Language::Python,
            "a.py",
            "def load(path):\n    if not path:\n        raise ValueError(f'{path}: empty')\n    return path\n\n\
             def read(p):\n    if not p:\n        raise ValueError(f'{p}: empty')\n    return p\n",
        );
        assert_eq!(c.kind, Kind::Copy, "{c:?}");
        let c = pair(
            Language::Python,
            "a.py",
            "def load(path):\n    if not path:\n        raise ValueError(f'{path}: empty')\n    return path\n\n\
             def read(p):\n    if not p:\n        raise ValueError(f'{p}: blank')\n    return p\n",
        );
        assert_eq!(c.kind, Kind::ParameterisedCopy, "{c:?}");
    }

    #[test]
    fn overloads_for_two_primitive_types_are_parameterised_copies() {
        let c = pair(
            Language::Java,
            "A.java",
            "class A {\n  static double max(double[] a) {\n    double m = a[0];\n    for (int j = 1; j < a.length; j++) {\n      if (Double.isNaN(a[j])) {\n        return Double.NaN;\n      }\n      m = Math.max(m, a[j]);\n    }\n    return m;\n  }\n\
             static float max(float[] a) {\n    float m = a[0];\n    for (int j = 1; j < a.length; j++) {\n      if (Float.isNaN(a[j])) {\n        return Float.NaN;\n      }\n      m = Math.max(m, a[j]);\n    }\n    return m;\n  }\n}\n",
        );
        assert_eq!(c.kind, Kind::ParameterisedCopy, "{c:?}");
        assert!(
            c.differences
                .iter()
                .any(|d| d.existing == "double" && d.new == "float"),
            "{c:?}"
        );
    }

    #[test]
    fn a_rewrite_is_similar() {
        let c = pair(
            Language::Python,
            "a.py",
            "def total(xs):\n    t = 0\n    for x in xs:\n        t += x\n    return t\n\n\
             def total2(xs):\n    return sum(x for x in xs if x)\n",
        );
        assert_eq!(c.kind, Kind::Similar);
    }

    #[test]
    fn swapped_bound_names_are_not_a_copy() {
        let c = pair(
            Language::Go,
            "a.go",
            "package p\n\nfunc sub(a int, b int) int {\n\treturn a - b\n}\n\n\
             func rsub(a int, b int) int {\n\treturn b - a\n}\n",
        );
        assert_eq!(c.kind, Kind::ParameterisedCopy);
    }
}
