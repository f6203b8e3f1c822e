//! Languages as data: each tree-sitter grammar is one variant with its node-kind names,
//! so adding a language adds a variant, not new control flow.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Python,
}

/// The node kinds the extractor needs to know about in one grammar.
pub struct NodeKinds {
    pub function: &'static str,
    pub decorated: &'static str,
    pub class: &'static str,
    pub comment: &'static str,
    pub identifier: &'static [&'static str],
    pub string: &'static [&'static str],
    pub number: &'static [&'static str],
    /// A call node with a `function` field, an attribute access with an `attribute` field.
    pub call: &'static str,
    pub attribute: &'static str,
    /// Kinds that count as one statement each (besides any kind ending in `_statement`).
    pub extra_statements: &'static [&'static str],
    /// Names that renaming never touches, kept verbatim in the normalized token stream.
    pub builtins: &'static [&'static str],
}

const PYTHON_BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "bool",
    "bytes",
    "callable",
    "chr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "hasattr",
    "hash",
    "id",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "object",
    "open",
    "ord",
    "print",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "zip",
    "self",
    "cls",
    "Exception",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "AttributeError",
    "RuntimeError",
    "NotImplementedError",
    "StopIteration",
    "OSError",
    "append",
    "extend",
    "items",
    "keys",
    "values",
    "get",
    "pop",
    "join",
    "split",
    "strip",
    "startswith",
    "endswith",
    "format",
    "update",
    "add",
    "remove",
    "insert",
    "lower",
    "upper",
    "replace",
    "encode",
    "decode",
    "read",
    "write",
    "close",
];

impl Language {
    pub fn from_path(path: &str) -> Option<Language> {
        match Path::new(path).extension()?.to_str()? {
            "py" => Some(Language::Python),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
        }
    }

    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Python => tree_sitter_python::LANGUAGE.into(),
        }
    }

    pub fn kinds(self) -> &'static NodeKinds {
        match self {
            Language::Python => &NodeKinds {
                function: "function_definition",
                decorated: "decorated_definition",
                class: "class_definition",
                comment: "comment",
                identifier: &["identifier"],
                string: &["string", "concatenated_string"],
                number: &["integer", "float"],
                call: "call",
                attribute: "attribute",
                extra_statements: &["function_definition", "class_definition"],
                builtins: PYTHON_BUILTINS,
            },
        }
    }

    /// The comment marker that suppresses a function when it is on its def line
    /// or the line above.
    pub fn ignore_marker(self) -> &'static str {
        match self {
            Language::Python => "# dedupe-check: ignore",
        }
    }
}
