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

/// Where a language keeps its test code: files named like a test, or anywhere under a
/// test directory.
pub struct TestConventions {
    /// File-name patterns; `*` stands for any run of characters.
    pub files: &'static [&'static str],
    /// Directory names: a file anywhere below one is test code.
    pub dirs: &'static [&'static str],
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

    pub fn test_conventions(self) -> &'static TestConventions {
        match self {
            Language::Python => &TestConventions {
                // `tests.py` is Django's per-app test module.
                files: &["test_*.py", "*_test.py", "tests.py", "conftest.py"],
                dirs: &["tests", "test", "testing"],
            },
        }
    }

    /// Whether `path` (repository-relative, `/`-separated) holds test code by the
    /// language's conventions.
    pub fn is_test_path(self, path: &str) -> bool {
        let conv = self.test_conventions();
        let mut parts: Vec<&str> = path.split('/').collect();
        let file = parts.pop().unwrap_or("");
        parts.iter().any(|d| conv.dirs.contains(d))
            || conv.files.iter().any(|p| wildcard_match(p, file))
    }

    /// The comment marker that suppresses a function when it is on its def line
    /// or the line above.
    pub fn ignore_marker(self) -> &'static str {
        match self {
            Language::Python => "# dedupe-check: ignore",
        }
    }
}

/// `*`-only glob match of a whole name.
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else {
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_test_code_by_name_and_directory() {
        let py = Language::Python;
        for p in [
            "test_util.py",
            "pkg/test_util.py",
            "pkg/util_test.py",
            "conftest.py",
            "tests/helpers.py",
            "src/pkg/test/data.py",
            "testing/tools.py",
            "app/tests.py",
        ] {
            assert!(py.is_test_path(p), "{p}");
        }
        for p in [
            "pkg/util.py",
            "pkg/testutil.py",
            "pkg/contest.py",
            "pkg/latest_test_results/x.py",
            "attest_it.py",
            "pkg/tests_helpers.py",
        ] {
            assert!(!py.is_test_path(p), "{p}");
        }
    }

    #[test]
    fn wildcards_match_whole_names() {
        assert!(wildcard_match("test_*.py", "test_.py"));
        assert!(!wildcard_match("test_*.py", "test_a.pyc"));
        assert!(wildcard_match("*_test.py", "a_test.py"));
        assert!(!wildcard_match("*_test.py", "_test.p"));
        assert!(wildcard_match("conftest.py", "conftest.py"));
        assert!(!wildcard_match("conftest.py", "xconftest.py"));
    }
}
