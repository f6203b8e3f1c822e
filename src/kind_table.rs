//! A language's node kinds ([`NodeKinds`], written as kind and field names) as tables
//! indexed by the grammar's kind and field ids. The extractor asks what a node is for
//! every node of every file; a name lookup costs a C string walk and string compares
//! each time, a table lookup costs an index.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::lang::{Language, NodeKinds};

/// What a kind is, as bits of [`KindTable::flags`].
pub mod flag {
    pub const COMMENT: u32 = 1;
    pub const STRING: u32 = 1 << 1;
    pub const IDENTIFIER: u32 = 1 << 2;
    pub const NUMBER: u32 = 1 << 3;
    /// A statement of its own (named, `*_statement` or an extra statement kind).
    pub const STATEMENT: u32 = 1 << 4;
    pub const ANNOTATION: u32 = 1 << 5;
    pub const BARE_STRING: u32 = 1 << 6;
    pub const BINDING_PARENT: u32 = 1 << 7;
    pub const BINDING_PATTERN: u32 = 1 << 8;
    /// A built-in type spelled as a keyword, or the node around one.
    pub const PRIMITIVE_TYPE: u32 = 1 << 9;
    /// Its named children are statements.
    pub const STATEMENT_LIST: u32 = 1 << 10;
}

/// A (parent kind id, field or child kind id) pair.
type Position = (u16, u16);

/// The field id of a child without a field, in a [`Position`].
pub const NO_FIELD: u16 = 0;

pub struct KindTable {
    flags: Vec<u32>,
    /// The shape token of a leaf of each kind: the hash of its kind name.
    shape: Vec<u32>,
    /// Index into `NodeKinds::functions` / `containers`.
    function: Vec<Option<u8>>,
    container: Vec<Option<u8>>,
    name_field: Option<u16>,
    kept_positions: FxHashSet<Position>,
    member_names: FxHashSet<Position>,
    binding_positions: FxHashSet<Position>,
    annotation_fields: FxHashSet<Position>,
    /// (parent kind, anonymous token kind) pairs: the punctuation of annotations.
    annotation_marks: FxHashSet<Position>,
    /// (parent kind, anonymous token kind) pairs: a name after the token is a member.
    member_tokens: FxHashSet<Position>,
    builtins: FxHashSet<&'static str>,
}

impl KindTable {
    /// The table of a language, built on first use.
    pub fn of(lang: Language) -> &'static KindTable {
        static TABLES: [OnceLock<KindTable>; Language::ALL.len()] =
            [const { OnceLock::new() }; Language::ALL.len()];
        let slot = Language::ALL
            .iter()
            .position(|&l| l == lang)
            .expect("every language is in Language::ALL");
        TABLES[slot].get_or_init(|| KindTable::build(&lang.grammar(), lang.kinds()))
    }

    fn build(grammar: &tree_sitter::Language, kinds: &'static NodeKinds) -> KindTable {
        let count = grammar.node_kind_count();
        let name_of = |id: usize| grammar.node_kind_for_id(id as u16).unwrap_or("");
        // Every id of a name: a name can stand for several symbols (aliases, a named
        // and an anonymous node of one name), as it did when kinds were compared by name.
        let ids_of = |name: &str| -> Vec<u16> {
            (0..count)
                .filter(|&id| name_of(id) == name)
                .map(|id| id as u16)
                .collect()
        };
        let field = |name: &str| {
            if name.is_empty() {
                Some(NO_FIELD)
            } else {
                grammar.field_id_for_name(name).map(u16::from)
            }
        };
        let positions = |pairs: &[(&str, &str)]| -> FxHashSet<Position> {
            pairs
                .iter()
                .filter_map(|&(parent, f)| Some((ids_of(parent), field(f)?)))
                .flat_map(|(parents, f)| parents.into_iter().map(move |p| (p, f)))
                .collect()
        };
        let mut flags = vec![0u32; count];
        let mut function = vec![None; count];
        let mut container = vec![None; count];
        let mut shape = Vec::with_capacity(count);
        for (id, slot) in flags.iter_mut().enumerate() {
            let name = name_of(id);
            let named = grammar.node_kind_is_named(id as u16);
            let has = |list: &[&str]| list.contains(&name);
            let mut f = 0;
            for (bit, on) in [
                (flag::COMMENT, named && has(kinds.comments)),
                (flag::STRING, named && has(kinds.string)),
                (flag::IDENTIFIER, named && has(kinds.identifier)),
                (flag::NUMBER, named && has(kinds.number)),
                (
                    flag::STATEMENT,
                    named
                        && ((name.ends_with("_statement") && !has(kinds.not_statements))
                            || has(kinds.extra_statements)),
                ),
                (flag::ANNOTATION, named && has(kinds.annotations)),
                (flag::BARE_STRING, named && has(kinds.bare_strings)),
                (flag::BINDING_PARENT, has(kinds.binding_parents)),
                (flag::BINDING_PATTERN, has(kinds.binding_patterns)),
                (flag::PRIMITIVE_TYPE, named && has(kinds.primitive_types)),
                (flag::STATEMENT_LIST, named && has(kinds.statement_lists)),
            ] {
                if on {
                    f |= bit;
                }
            }
            *slot = f;
            function[id] = kinds
                .functions
                .iter()
                .position(|k| k.kind == name)
                .map(|i| i as u8);
            container[id] = kinds
                .containers
                .iter()
                .position(|k| k.kind == name)
                .map(|i| i as u8);
            shape.push(crate::extract::hash32(name));
        }
        let token_positions = |pairs: &[(&str, &str)]| -> FxHashSet<Position> {
            pairs
                .iter()
                .flat_map(|&(parent, token)| {
                    let tokens: Vec<u16> = ids_of(token)
                        .into_iter()
                        .filter(|&t| !grammar.node_kind_is_named(t))
                        .collect();
                    ids_of(parent)
                        .into_iter()
                        .flat_map(move |p| tokens.clone().into_iter().map(move |t| (p, t)))
                })
                .collect()
        };
        let annotation_marks = token_positions(kinds.annotation_marks);
        let member_tokens = token_positions(kinds.member_tokens);
        KindTable {
            flags,
            shape,
            function,
            container,
            name_field: field("name"),
            kept_positions: positions(kinds.kept_positions),
            member_names: positions(kinds.member_names),
            binding_positions: positions(kinds.binding_positions),
            annotation_fields: positions(kinds.annotation_fields),
            annotation_marks,
            member_tokens,
            builtins: kinds.builtins.iter().copied().collect(),
        }
    }

    pub fn is(&self, kind: u16, bit: u32) -> bool {
        self.flags
            .get(usize::from(kind))
            .is_some_and(|f| f & bit != 0)
    }

    pub fn shape_token(&self, kind: u16) -> u32 {
        self.shape.get(usize::from(kind)).copied().unwrap_or(0)
    }

    pub fn function(&self, kind: u16) -> Option<usize> {
        self.function
            .get(usize::from(kind))
            .copied()
            .flatten()
            .map(usize::from)
    }

    pub fn container(&self, kind: u16) -> Option<usize> {
        self.container
            .get(usize::from(kind))
            .copied()
            .flatten()
            .map(usize::from)
    }

    pub fn is_name_field(&self, field: Option<u16>) -> bool {
        field.is_some() && field == self.name_field
    }

    pub fn kept_position(&self, parent: u16, field: u16) -> bool {
        self.kept_positions.contains(&(parent, field))
    }

    pub fn member_name(&self, parent: u16, field: u16) -> bool {
        self.member_names.contains(&(parent, field))
    }

    pub fn binding_position(&self, parent: u16, field: u16) -> bool {
        self.binding_positions.contains(&(parent, field))
    }

    pub fn is_builtin(&self, name: &str) -> bool {
        self.builtins.contains(name)
    }

    pub fn annotation_field(&self, parent: u16, field: u16) -> bool {
        self.annotation_fields.contains(&(parent, field))
    }

    pub fn annotation_mark(&self, parent: u16, token: u16) -> bool {
        self.annotation_marks.contains(&(parent, token))
    }

    pub fn member_token(&self, parent: u16, token: u16) -> bool {
        self.member_tokens.contains(&(parent, token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kind or field name the grammar does not have never matches: a typo in a
    /// language's data would silently switch a rule off.
    #[test]
    fn every_kind_and_field_a_language_names_is_in_its_grammar() {
        let mut report = Vec::new();
        for lang in Language::ALL {
            // JavaScript, TypeScript and TSX share their lists: a name need only be in one.
            let ecma = [Language::JavaScript, Language::TypeScript, Language::Tsx];
            let grammars: Vec<tree_sitter::Language> = if ecma.contains(&lang) {
                ecma.iter().map(|l| l.grammar()).collect()
            } else {
                vec![lang.grammar()]
            };
            let k = lang.kinds();
            let has_kind = |name: &str| {
                grammars.iter().any(|g| {
                    (0..g.node_kind_count()).any(|id| g.node_kind_for_id(id as u16) == Some(name))
                })
            };
            let has_field =
                |name: &str| grammars.iter().any(|g| g.field_id_for_name(name).is_some());
            let mut missing = Vec::new();
            let mut kinds: Vec<&str> = Vec::new();
            kinds.extend(k.functions.iter().map(|f| f.kind));
            kinds.extend(k.containers.iter().map(|c| c.kind));
            kinds.extend(k.bindings.iter().map(|b| b.kind));
            for list in [
                k.lists,
                k.call_arguments,
                k.type_names,
                k.wrappers,
                k.decorations,
                k.attributes,
                k.comments,
                k.identifier,
                k.string,
                k.number,
                k.extra_statements,
                k.not_statements,
                k.statement_lists,
                k.parameter_kinds,
                k.annotations,
                k.bare_strings,
                k.binding_parents,
                k.binding_patterns,
            ] {
                kinds.extend(list.iter().copied());
            }
            let mut fields: Vec<&str> = Vec::new();
            for pairs in [
                k.members,
                k.kept_positions,
                k.binding_positions,
                k.member_names,
                k.annotation_fields,
            ] {
                kinds.extend(pairs.iter().map(|p| p.0));
                fields.extend(pairs.iter().map(|p| p.1));
            }
            kinds.extend(k.annotation_marks.iter().flat_map(|p| [p.0, p.1]));
            kinds.extend(k.member_tokens.iter().flat_map(|p| [p.0, p.1]));
            // A binding's name and value are fields, or kinds where the grammar has no field.
            missing.extend(
                k.bindings
                    .iter()
                    .flat_map(|b| [b.name, b.value])
                    .filter(|n| !has_field(n) && !has_kind(n))
                    .map(|n| format!("field or kind {n}")),
            );
            missing.extend(
                kinds
                    .into_iter()
                    .filter(|n| !has_kind(n))
                    .map(|n| format!("kind {n}")),
            );
            missing.extend(
                fields
                    .into_iter()
                    .filter(|n| !n.is_empty() && !has_field(n))
                    .map(|n| format!("field {n}")),
            );
            missing.sort();
            missing.dedup();
            if !missing.is_empty() {
                report.push(format!("{}: {missing:?}", lang.name()));
            }
        }
        assert!(report.is_empty(), "{report:#?}");
    }
}
