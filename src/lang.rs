//! Languages as data: each tree-sitter grammar is one variant with its node-kind names,
//! so adding a language adds a variant and its data, not new control flow.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
#[value(rename_all = "lowercase")]
pub enum Language {
    Python,
    JavaScript,
    /// TypeScript; `typescript` in a config selects TSX too.
    TypeScript,
    Tsx,
    Go,
    Rust,
    Java,
    C,
    Cpp,
    CSharp,
    Kotlin,
    Php,
    Ruby,
    Swift,
    Scala,
}

/// How the name of a function or a scope is found. A kind may list several; the first
/// that gives a name wins.
#[derive(Debug, Clone, Copy)]
pub enum NameFrom {
    /// The text of this field of the node (a member access such as `exports.parse`
    /// gives its last part, a quoted key loses its quotes).
    Field(&'static str),
    /// The name of the binding whose value the node is (`const parse = () => {...}`,
    /// `parse: function () {...}`, `let parse = |x| ...`): see `NodeKinds::bindings`.
    Binding,
    /// The name at the end of this field's chain of declarators (C and C++: `char
    /// **names(void)` → `names`, `int &Store::get()` → `get`). A qualified name there
    /// scopes the function by its qualifier, template arguments dropped
    /// (`ns::Store<T>::put` → `ns::Store::put`); `~Store` and `operator==` are names.
    Declarator(&'static str),
    /// A name the grammar spells as a keyword (a C# indexer is `this`).
    Fixed(&'static str),
    /// A block passed to a call of one of `methods` (Ruby's `define_method(:name) do
    /// ... end`, `handler = lambda { |x| ... }`): named by the call's first argument, a
    /// symbol or a string, else by the binding whose value the call is. `method` and
    /// `arguments` are the call's fields.
    CalledBlock {
        method: &'static str,
        arguments: &'static str,
        methods: &'static [&'static str],
    },
    /// The first type name inside this field (`impl<T> Store<T>` → `Store`), else the
    /// field's text when it is a plain name (`impl Display for i32` → `i32`).
    TypeIn(&'static str),
    /// An anonymous default export (`export default function () {...}`, `export default
    /// () => ...`): the node is the `field` of a `parent` node holding the `keyword`
    /// token. The name is the keyword, scoped by the module it is the default of: the
    /// file's stem up to its first dot (`src/parseRows.js` → `parseRows.default`), and
    /// for an `index` file its directory's name (`src/rows/index.ts` → `rows.default`).
    ModuleDefault {
        parent: &'static str,
        field: &'static str,
        keyword: &'static str,
    },
}

/// A node kind that is a function. Its fields (`body`, `receiver`) may name, in a grammar
/// that gives few fields (Kotlin's), the kind of a child instead.
pub struct FunctionKind {
    pub kind: &'static str,
    pub name: &'static [NameFrom],
    /// When set, a node without this field is a declaration, not a function (a Java
    /// interface method, an abstract method).
    pub body: Option<&'static str>,
    /// A field holding the receiver, whose type name scopes the function (Go methods),
    /// or the kind of a child before the function's name that is its receiver (Kotlin's
    /// `fun String.toSlug()`).
    pub receiver: Option<&'static str>,
}

/// A node kind that adds a scope to the qualified names of the functions inside it.
pub struct ContainerKind {
    pub kind: &'static str,
    pub name: &'static [NameFrom],
    /// A field naming the trait a block implements: the scope reads `<Type as Trait>`.
    pub as_trait: Option<&'static str>,
}

/// A node that binds a name to a value (a function, an object literal): its name and
/// value fields, or the kinds of those children in a grammar without the fields. A kind
/// may be listed once per kind of value it binds.
pub struct BindingKind {
    pub kind: &'static str,
    pub name: &'static str,
    pub value: &'static str,
}

/// The node kinds the extractor needs to know about in one grammar.
pub struct NodeKinds {
    pub functions: &'static [FunctionKind],
    pub containers: &'static [ContainerKind],
    pub bindings: &'static [BindingKind],
    /// Kinds a binding's name or value may be wrapped in (Go's `expression_list`).
    pub lists: &'static [&'static str],
    /// Argument lists of a call that passes a function on to be bound: the first argument
    /// of a bound call takes the call's binding (`const Row = memo((p) => ...)`,
    /// `const onClick = useCallback(() => ..., [])`).
    pub call_arguments: &'static [&'static str],
    /// A member access and the field holding its last part (`exports.parse` → `parse`).
    pub members: &'static [(&'static str, &'static str)],
    /// Type-name kinds, for `NameFrom::TypeIn`.
    pub type_names: &'static [&'static str],
    /// Built-in types spelled as keywords (Java `int`, Rust `i64`, TypeScript `number`): the
    /// kinds of those leaves or of their parent. A verdict reads them as names, so that a
    /// `double` and a `float` overload of one body are parameterised copies, not edits.
    pub primitive_types: &'static [&'static str],
    /// Scope separator of qualified names: `Class.method`, `Type::method`.
    pub separator: &'static str,
    /// Nodes that wrap a function without adding to it (decorators, `export`, `const`):
    /// the definition's text and first line are the wrapper's when the wrapper holds
    /// nothing else but `decorations`.
    pub wrappers: &'static [&'static str],
    pub decorations: &'static [&'static str],
    /// Sibling nodes just before a definition that belong to it (Rust attributes).
    pub attributes: &'static [&'static str],
    pub comments: &'static [&'static str],
    /// How a whole-line comment starts, for the layout-free text hash.
    pub line_comments: &'static [&'static str],
    pub identifier: &'static [&'static str],
    pub string: &'static [&'static str],
    pub number: &'static [&'static str],
    /// Where a builtin is kept verbatim: (parent kind, field) pairs naming what is called
    /// or accessed (`len(x)`, `x.push(y)`, `console.log`). In these position lists a field
    /// `""` stands for any child without a field (Kotlin's `println(x)`).
    pub kept_positions: &'static [(&'static str, &'static str)],
    /// Names kept verbatim wherever they stand (`self`, `cls`).
    pub always_kept: &'static [&'static str],
    /// Kinds that count as one statement each (besides any kind ending in `_statement`).
    pub extra_statements: &'static [&'static str],
    /// Kinds ending in `_statement` that are only a block around statements (C's
    /// `compound_statement`): no statement of their own.
    pub not_statements: &'static [&'static str],
    /// Kinds whose named children are each a statement, for grammars whose statements are
    /// expressions (Kotlin's `block`).
    pub statement_lists: &'static [&'static str],
    /// Kinds of a parameter list, or of each parameter, where the grammar gives them no
    /// field (Kotlin's `function_value_parameters`): their text tells overloads apart.
    pub parameter_kinds: &'static [&'static str],
    /// Names that renaming never touches, kept verbatim in the normalized token stream.
    pub builtins: &'static [&'static str],
    /// Optional type annotations (Python's, TypeScript's): left out of the token stream,
    /// with the punctuation that introduces them ((parent kind, token) pairs), so that
    /// adding types to old code leaves its tokens as they were.
    pub annotations: &'static [&'static str],
    /// Type annotations told by where they stand, (parent kind, field) pairs (a Rust
    /// parameter's or binding's type, a return type): left out like `annotations`. A
    /// signature that names a type by an alias or by what it stands for is one function.
    pub annotation_fields: &'static [(&'static str, &'static str)],
    pub annotation_marks: &'static [(&'static str, &'static str)],
    /// Statement kinds that do nothing when they hold a lone string (docstrings): left
    /// out of the token stream and the statement count.
    pub bare_strings: &'static [&'static str],
    /// Where a function binds a name rather than uses one: (parent kind, field) pairs of
    /// assignments, loop variables and the like, and kinds whose identifier children all
    /// bind (parameter lists). Renaming a copy renames exactly these names; the others
    /// (what is called, accessed, imported) say what the function does.
    pub binding_positions: &'static [(&'static str, &'static str)],
    pub binding_parents: &'static [&'static str],
    /// Kinds a bound name may sit in within a binding position (`a, b = ...`).
    pub binding_patterns: &'static [&'static str],
    /// Where a name is a member or keyword, never a local (`obj.load`, `f(strict=1)`).
    pub member_names: &'static [(&'static str, &'static str)],
    /// (parent kind, token) pairs: a name right after the token in such a parent is a
    /// member, where the grammar gives members no field (Kotlin's `person.name`).
    pub member_tokens: &'static [(&'static str, &'static str)],
}

/// Where a language keeps its test code: files named like a test, or anywhere under a
/// test directory.
pub struct TestConventions {
    /// File-name patterns; `*` stands for any run of characters.
    pub files: &'static [&'static str],
    /// Directory names (or `/`-joined runs of them, `src/test`; a single name may hold
    /// `*`, `*.Tests`): a file anywhere below one is test code.
    pub dirs: &'static [&'static str],
    /// Attributes (as written, spaces removed) that make the item after them test code
    /// (Rust `#[cfg(test)]` modules, `#[test]` functions).
    pub attributes: &'static [&'static str],
    /// Whether a module whose body lies in a file of its own is test code when its
    /// declaration in its parent module's file carries one of `attributes` (Rust's
    /// `#[cfg(test)] mod tests;`): told by `test_modules`, which reads that file.
    pub declared_modules: bool,
}

/// Code a repository carries but does not write: vendored and generated files.
pub struct GeneratedConventions {
    /// Directory names (as in `TestConventions::dirs`).
    pub dirs: &'static [&'static str],
    /// File-name patterns.
    pub files: &'static [&'static str],
    /// A line among the first few holding all the parts of one marker marks the file
    /// generated (`// Code generated by stringer; DO NOT EDIT.`).
    pub markers: &'static [&'static [&'static str]],
    /// A file with a line longer than this is minified or generated.
    pub max_line_bytes: Option<usize>,
}

/// Everything one language is, besides its grammar.
pub struct Spec {
    /// Config and cache name.
    pub name: &'static str,
    /// How the README and messages name it.
    pub display: &'static str,
    pub extensions: &'static [&'static str],
    /// Files of the language by their whole name (`Rakefile`).
    pub file_names: &'static [&'static str],
    pub kinds: NodeKinds,
    /// The comment marker that suppresses a function when it is on its definition line
    /// or the line above (above its decorators, attributes or annotations too).
    pub ignore_marker: &'static str,
    /// The text around a function of a type (a method) that makes it parse on its own,
    /// before and after: a verdict parses a function's text rather than its whole file.
    pub member_wrapper: (&'static str, &'static str),
    pub tests: TestConventions,
    pub generated: GeneratedConventions,
    /// Files of some of its extensions that may be written in another language (a `.h`
    /// header of a C++ project): told by their text.
    pub dialect: Option<Dialect>,
}

/// Files that a language's extension names but whose text may be another language's.
pub struct Dialect {
    pub extensions: &'static [&'static str],
    /// The language such a file is read as when its text has a marker.
    pub language: Language,
    /// A code line (not a whole-line comment) holding one of these reads as `language`.
    pub markers: &'static [&'static str],
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

const JS_BUILTINS: &[&str] = &[
    "console",
    "log",
    "error",
    "warn",
    "info",
    "debug",
    "Math",
    "JSON",
    "Object",
    "Array",
    "Promise",
    "String",
    "Number",
    "Boolean",
    "Date",
    "Map",
    "Set",
    "Error",
    "Symbol",
    "parseInt",
    "parseFloat",
    "isNaN",
    "require",
    "fetch",
    "setTimeout",
    "clearTimeout",
    "stringify",
    "parse",
    "isArray",
    "from",
    "assign",
    "keys",
    "values",
    "entries",
    "freeze",
    "resolve",
    "reject",
    "all",
    "then",
    "catch",
    "finally",
    "floor",
    "ceil",
    "round",
    "max",
    "min",
    "abs",
    "random",
    "now",
    "push",
    "pop",
    "shift",
    "unshift",
    "map",
    "filter",
    "reduce",
    "forEach",
    "find",
    "findIndex",
    "some",
    "every",
    "includes",
    "indexOf",
    "slice",
    "splice",
    "concat",
    "join",
    "split",
    "trim",
    "toLowerCase",
    "toUpperCase",
    "replace",
    "startsWith",
    "endsWith",
    "length",
    "has",
    "get",
    "set",
    "add",
    "delete",
    "sort",
    "reverse",
    "toString",
    "hasOwnProperty",
    "charAt",
    "substring",
    "match",
    "test",
    "flat",
    "flatMap",
    "padStart",
    "document",
    "window",
    "querySelector",
    "querySelectorAll",
    "getElementById",
    "addEventListener",
    "removeEventListener",
    "appendChild",
    "preventDefault",
    "process",
    "env",
    "exit",
];

const GO_BUILTINS: &[&str] = &[
    "append",
    "len",
    "cap",
    "make",
    "new",
    "copy",
    "delete",
    "panic",
    "recover",
    "print",
    "println",
    "close",
    "min",
    "max",
    "clear",
    "fmt",
    "strings",
    "strconv",
    "errors",
    "sort",
    "os",
    "Println",
    "Printf",
    "Sprintf",
    "Errorf",
    "Fprintf",
    "New",
    "Contains",
    "HasPrefix",
    "HasSuffix",
    "Split",
    "Join",
    "TrimSpace",
    "ToLower",
    "ToUpper",
    "Replace",
    "ReplaceAll",
    "Fields",
    "Itoa",
    "Atoi",
    "Is",
    "As",
    "Lock",
    "Unlock",
    "RLock",
    "RUnlock",
    "Close",
    "Error",
    "String",
    "Slice",
    "Strings",
    "Ints",
    "Trim",
    "TrimPrefix",
    "TrimSuffix",
    "Index",
    "EqualFold",
    "ParseInt",
    "ParseFloat",
    "FormatInt",
    "Sprint",
    "Marshal",
    "Unmarshal",
    "Now",
    "Since",
    "Sleep",
    "Exit",
    "Getenv",
    "Open",
    "Create",
    "ReadFile",
    "WriteFile",
    "Add",
    "Done",
    "Wait",
    "json",
    "time",
    "io",
];

const RUST_BUILTINS: &[&str] = &[
    "push",
    "pop",
    "iter",
    "iter_mut",
    "into_iter",
    "map",
    "filter",
    "filter_map",
    "collect",
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "ok_or",
    "ok",
    "err",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "and_then",
    "clone",
    "to_string",
    "to_owned",
    "as_str",
    "as_ref",
    "len",
    "is_empty",
    "get",
    "get_mut",
    "insert",
    "remove",
    "contains",
    "contains_key",
    "entry",
    "or_insert",
    "or_default",
    "extend",
    "join",
    "split",
    "trim",
    "starts_with",
    "ends_with",
    "lines",
    "chars",
    "parse",
    "sum",
    "count",
    "enumerate",
    "zip",
    "rev",
    "sort",
    "sort_by",
    "sort_by_key",
    "any",
    "all",
    "find",
    "max",
    "min",
    "format",
    "println",
    "eprintln",
    "print",
    "vec",
    "write",
    "writeln",
    "panic",
    "assert",
    "assert_eq",
    "Some",
    "Ok",
    "Err",
    "Box",
    "Vec",
    "String",
    "HashMap",
    "HashSet",
    "BTreeMap",
    "Option",
    "Result",
    "new",
    "from",
    "into",
    "default",
    "with_capacity",
    "map_err",
    "push_str",
    "to_vec",
    "as_bytes",
    "split_once",
    "first",
    "last",
    "take",
    "skip",
    "flat_map",
    "fold",
    "copied",
    "cloned",
    "extend_from_slice",
    "retain",
    "drain",
    "truncate",
    "dedup",
    "saturating_sub",
];

const JAVA_BUILTINS: &[&str] = &[
    "add",
    "get",
    "put",
    "set",
    "remove",
    "size",
    "isEmpty",
    "contains",
    "containsKey",
    "equals",
    "hashCode",
    "toString",
    "length",
    "charAt",
    "substring",
    "indexOf",
    "trim",
    "split",
    "append",
    "stream",
    "map",
    "filter",
    "collect",
    "forEach",
    "println",
    "printf",
    "format",
    "valueOf",
    "parseInt",
    "System",
    "Math",
    "String",
    "Integer",
    "Long",
    "Objects",
    "Arrays",
    "Collections",
    "Collectors",
    "List",
    "Map",
    "Set",
    "Optional",
    "out",
    "err",
    "of",
    "asList",
    "requireNonNull",
    "max",
    "min",
    "abs",
    "toList",
    "toLowerCase",
    "toUpperCase",
    "startsWith",
    "endsWith",
    "iterator",
    "hasNext",
    "next",
    "close",
    "orElse",
    "isPresent",
    "ArrayList",
    "HashMap",
    "HashSet",
    "StringBuilder",
    "join",
    "replace",
    "replaceAll",
    "matches",
    "compareTo",
    "getOrDefault",
    "entrySet",
    "keySet",
    "values",
    "getKey",
    "getValue",
    "sort",
    "addAll",
    "removeIf",
    "computeIfAbsent",
    "isBlank",
    "strip",
    "sum",
    "count",
    "sorted",
    "distinct",
    "limit",
    "findFirst",
    "anyMatch",
    "allMatch",
    "reduce",
];

/// Vendored code and generated-code markers, the same in every ecosystem here.
const VENDORED_DIRS: &[&str] = &["vendor", "third_party"];
/// JavaScript's build output and package folders besides: `dist/` holds no Go, Rust or
/// Java sources anyone generated (Go's own `cmd/dist` is hand-written).
const JS_VENDORED_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    "vendor",
    "third_party",
    "dist",
];
const GENERATED_MARKERS: &[&[&str]] = &[&["Code generated", "DO NOT EDIT"], &["@generated"]];
const MAX_LINE_BYTES: usize = 2000;
/// A file is minified when one non-blank line in this many (or more) is over
/// `MAX_LINE_BYTES`.
const MINIFIED_LONG_LINE_SHARE: usize = 10;

/// Why a file's text marks it as not hand-written.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Generated {
    /// A generated-code marker near the top (`Code generated … DO NOT EDIT`, `@generated`).
    Marker,
    /// Minified: long lines make up much of the file.
    Minified,
}

const C_LINE_COMMENTS: &[&str] = &["//", "/*", "*"];
const C_MARKER: &str = "// dedupe-check: ignore";

/// `export default <value>`: an anonymous function or class there is the module's default.
const JS_DEFAULT_EXPORT: NameFrom = NameFrom::ModuleDefault {
    parent: "export_statement",
    field: "value",
    keyword: "default",
};

const JS_FUNCTIONS: &[FunctionKind] = &[
    FunctionKind {
        kind: "function_declaration",
        name: &[NameFrom::Field("name")],
        body: None,
        receiver: None,
    },
    FunctionKind {
        kind: "generator_function_declaration",
        name: &[NameFrom::Field("name")],
        body: None,
        receiver: None,
    },
    FunctionKind {
        kind: "method_definition",
        name: &[NameFrom::Field("name")],
        body: Some("body"),
        receiver: None,
    },
    FunctionKind {
        kind: "function_expression",
        name: &[NameFrom::Binding, JS_DEFAULT_EXPORT],
        body: None,
        receiver: None,
    },
    FunctionKind {
        kind: "generator_function",
        name: &[NameFrom::Binding, JS_DEFAULT_EXPORT],
        body: None,
        receiver: None,
    },
    FunctionKind {
        kind: "arrow_function",
        name: &[NameFrom::Binding, JS_DEFAULT_EXPORT],
        body: None,
        receiver: None,
    },
];

const JS_CONTAINERS: &[ContainerKind] = &[
    ContainerKind {
        kind: "class_declaration",
        name: &[NameFrom::Field("name")],
        as_trait: None,
    },
    ContainerKind {
        kind: "abstract_class_declaration",
        name: &[NameFrom::Field("name")],
        as_trait: None,
    },
    ContainerKind {
        kind: "class",
        name: &[
            NameFrom::Field("name"),
            NameFrom::Binding,
            JS_DEFAULT_EXPORT,
        ],
        as_trait: None,
    },
    ContainerKind {
        kind: "object",
        name: &[NameFrom::Binding, JS_DEFAULT_EXPORT],
        as_trait: None,
    },
    ContainerKind {
        kind: "internal_module",
        name: &[NameFrom::Field("name")],
        as_trait: None,
    },
];

const JS_BINDINGS: &[BindingKind] = &[
    BindingKind {
        kind: "variable_declarator",
        name: "name",
        value: "value",
    },
    BindingKind {
        kind: "assignment_expression",
        name: "left",
        value: "right",
    },
    BindingKind {
        kind: "pair",
        name: "key",
        value: "value",
    },
    BindingKind {
        kind: "field_definition",
        name: "property",
        value: "value",
    },
    BindingKind {
        kind: "public_field_definition",
        name: "name",
        value: "value",
    },
];

const JS_KINDS: NodeKinds = NodeKinds {
    functions: JS_FUNCTIONS,
    containers: JS_CONTAINERS,
    bindings: JS_BINDINGS,
    lists: &[],
    call_arguments: &["arguments"],
    members: &[("member_expression", "property")],
    type_names: &["type_identifier"],
    primitive_types: &["predefined_type"],
    separator: ".",
    wrappers: &[
        "export_statement",
        "lexical_declaration",
        "variable_declaration",
        "expression_statement",
    ],
    decorations: &["decorator", "comment", "html_comment"],
    // Decorators of class members are siblings before them.
    attributes: &["decorator"],
    comments: &["comment", "html_comment"],
    line_comments: C_LINE_COMMENTS,
    identifier: &[
        "identifier",
        "property_identifier",
        "shorthand_property_identifier",
        "shorthand_property_identifier_pattern",
        "private_property_identifier",
        "statement_identifier",
        "type_identifier",
    ],
    string: &["string", "template_string", "regex"],
    number: &["number"],
    kept_positions: &[
        ("call_expression", "function"),
        ("member_expression", "property"),
        ("member_expression", "object"),
        ("new_expression", "constructor"),
    ],
    always_kept: &[],
    not_statements: &[],
    statement_lists: &[],
    parameter_kinds: &[],
    extra_statements: &[
        "lexical_declaration",
        "variable_declaration",
        "function_declaration",
        "generator_function_declaration",
        "class_declaration",
    ],
    builtins: JS_BUILTINS,
    // TypeScript's `: T` (the colon is inside the node).
    annotations: &["type_annotation"],
    annotation_fields: &[],
    annotation_marks: &[],
    bare_strings: &[],
    binding_positions: &[
        ("variable_declarator", "name"),
        ("assignment_expression", "left"),
        ("augmented_assignment_expression", "left"),
        ("function_declaration", "name"),
        ("generator_function_declaration", "name"),
        ("function_expression", "name"),
        ("class_declaration", "name"),
        ("for_in_statement", "left"),
        ("catch_clause", "parameter"),
        ("arrow_function", "parameter"),
        ("required_parameter", "pattern"),
        ("optional_parameter", "pattern"),
        ("assignment_pattern", "left"),
    ],
    binding_parents: &["formal_parameters", "rest_pattern"],
    binding_patterns: &["array_pattern", "object_pattern", "pair_pattern"],
    member_tokens: &[],
    member_names: &[("member_expression", "property")],
};

const JS_TESTS: TestConventions = TestConventions {
    files: &["*.test.*", "*.spec.*"],
    // Mocha and Jest keep tests under `test/` as often as in `__tests__/`.
    dirs: &["__tests__", "__mocks__", "test", "tests"],
    attributes: &[],
    declared_modules: false,
};

const JS_GENERATED: GeneratedConventions = GeneratedConventions {
    dirs: JS_VENDORED_DIRS,
    files: &[
        "*.min.js",
        "*.min.mjs",
        "*.min.cjs",
        "*.bundle.js",
        "*.d.ts",
    ],
    markers: GENERATED_MARKERS,
    max_line_bytes: Some(MAX_LINE_BYTES),
};

const PYTHON: Spec = Spec {
    name: "python",
    display: "Python",
    extensions: &["py"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[FunctionKind {
            kind: "function_definition",
            name: &[NameFrom::Field("name")],
            body: None,
            receiver: None,
        }],
        containers: &[ContainerKind {
            kind: "class_definition",
            name: &[NameFrom::Field("name")],
            as_trait: None,
        }],
        bindings: &[],
        lists: &[],
        call_arguments: &[],
        members: &[],
        type_names: &[],
        primitive_types: &[],
        separator: ".",
        wrappers: &["decorated_definition"],
        decorations: &["decorator", "comment"],
        attributes: &[],
        comments: &["comment"],
        line_comments: &["#"],
        identifier: &["identifier"],
        string: &["string", "concatenated_string"],
        number: &["integer", "float"],
        kept_positions: &[("call", "function"), ("attribute", "attribute")],
        always_kept: &["self", "cls"],
        extra_statements: &["function_definition", "class_definition"],
        not_statements: &[],
        statement_lists: &[],
        parameter_kinds: &[],
        builtins: PYTHON_BUILTINS,
        annotations: &["type"],
        annotation_fields: &[],
        annotation_marks: &[
            ("typed_parameter", ":"),
            ("typed_default_parameter", ":"),
            ("function_definition", "->"),
            ("assignment", ":"),
        ],
        bare_strings: &["expression_statement"],
        binding_positions: &[
            ("assignment", "left"),
            ("augmented_assignment", "left"),
            ("named_expression", "name"),
            ("for_statement", "left"),
            ("for_in_clause", "left"),
            ("default_parameter", "name"),
            ("typed_default_parameter", "name"),
            ("function_definition", "name"),
            ("class_definition", "name"),
        ],
        binding_parents: &[
            "parameters",
            "lambda_parameters",
            "typed_parameter",
            "list_splat_pattern",
            "dictionary_splat_pattern",
            "as_pattern_target",
        ],
        binding_patterns: &["pattern_list", "tuple_pattern", "list_pattern"],
        member_tokens: &[],
        member_names: &[("attribute", "attribute"), ("keyword_argument", "name")],
    },
    ignore_marker: "# dedupe-check: ignore",
    member_wrapper: ("class _:", ""),
    tests: TestConventions {
        // `tests.py` is Django's per-app test module.
        files: &["test_*.py", "*_test.py", "tests.py", "conftest.py"],
        dirs: &["tests", "test", "testing"],
        attributes: &[],
        declared_modules: false,
    },
    // Python's checks stay as they were: vendored Python is excluded by `exclude` globs.
    generated: GeneratedConventions {
        // `_vendor/` is where pip and setuptools keep the packages they vendor.
        dirs: &["vendor", "_vendor", "third_party"],
        files: &["*_pb2.py", "*_pb2_grpc.py"],
        markers: PYTHON_GENERATED_MARKERS,
        max_line_bytes: None,
    },
    dialect: None,
};

/// Python's generators say so in their own words: xarray's aggregations ("This file
/// was generated using ... Do not edit manually."), Django's migrations, protoc.
const PYTHON_GENERATED_MARKERS: &[&[&str]] = &[
    &["Code generated", "DO NOT EDIT"],
    &["@generated"],
    &["generated", "Do not edit"],
    &["generated", "do not edit"],
    &["generated", "DO NOT EDIT"],
    &["Generated by Django"],
    &["Generated by the protocol buffer compiler"],
];

const JAVASCRIPT: Spec = Spec {
    name: "javascript",
    display: "JavaScript",
    extensions: &["js", "mjs", "cjs", "jsx"],
    file_names: &[],
    kinds: JS_KINDS,
    ignore_marker: C_MARKER,
    member_wrapper: ("class _ {", "}"),
    tests: JS_TESTS,
    generated: JS_GENERATED,
    dialect: None,
};

const TYPESCRIPT: Spec = Spec {
    name: "typescript",
    display: "TypeScript",
    extensions: &["ts", "mts", "cts"],
    file_names: &[],
    kinds: JS_KINDS,
    ignore_marker: C_MARKER,
    member_wrapper: ("class _ {", "}"),
    tests: JS_TESTS,
    generated: JS_GENERATED,
    dialect: None,
};

const TSX: Spec = Spec {
    name: "tsx",
    display: "TSX",
    extensions: &["tsx"],
    file_names: &[],
    kinds: JS_KINDS,
    ignore_marker: C_MARKER,
    member_wrapper: ("class _ {", "}"),
    tests: JS_TESTS,
    generated: JS_GENERATED,
    dialect: None,
};

const GO: Spec = Spec {
    name: "go",
    display: "Go",
    extensions: &["go"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[
            FunctionKind {
                kind: "function_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "method_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: Some("receiver"),
            },
            FunctionKind {
                kind: "func_literal",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
        ],
        containers: &[],
        bindings: &[
            BindingKind {
                kind: "short_var_declaration",
                name: "left",
                value: "right",
            },
            BindingKind {
                kind: "assignment_statement",
                name: "left",
                value: "right",
            },
            BindingKind {
                kind: "var_spec",
                name: "name",
                value: "value",
            },
        ],
        lists: &["expression_list"],
        call_arguments: &[],
        members: &[("selector_expression", "field")],
        type_names: &["type_identifier"],
        primitive_types: &[],
        separator: ".",
        wrappers: &["var_declaration"],
        decorations: &["comment"],
        attributes: &[],
        comments: &["comment"],
        line_comments: C_LINE_COMMENTS,
        identifier: &[
            "identifier",
            "field_identifier",
            "type_identifier",
            "package_identifier",
            "label_name",
        ],
        string: &[
            "interpreted_string_literal",
            "raw_string_literal",
            "rune_literal",
        ],
        number: &["int_literal", "float_literal", "imaginary_literal"],
        kept_positions: &[
            ("call_expression", "function"),
            ("selector_expression", "field"),
            ("selector_expression", "operand"),
        ],
        always_kept: &[],
        not_statements: &[],
        statement_lists: &[],
        parameter_kinds: &[],
        extra_statements: &[
            "short_var_declaration",
            "var_declaration",
            "const_declaration",
        ],
        builtins: GO_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[
            ("short_var_declaration", "left"),
            ("assignment_statement", "left"),
            ("var_spec", "name"),
            ("const_spec", "name"),
            ("parameter_declaration", "name"),
            ("variadic_parameter_declaration", "name"),
            ("range_clause", "left"),
            ("function_declaration", "name"),
        ],
        binding_parents: &[],
        binding_patterns: &["expression_list"],
        member_tokens: &[],
        member_names: &[("selector_expression", "field"), ("keyed_element", "key")],
    },
    ignore_marker: C_MARKER,
    member_wrapper: ("", ""),
    tests: TestConventions {
        files: &["*_test.go"],
        dirs: &["testdata"],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        dirs: VENDORED_DIRS,
        files: &["*.pb.go"],
        markers: GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

const RUST: Spec = Spec {
    name: "rust",
    display: "Rust",
    extensions: &["rs"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[
            FunctionKind {
                kind: "function_item",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "closure_expression",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
        ],
        containers: &[
            ContainerKind {
                kind: "impl_item",
                name: &[NameFrom::TypeIn("type")],
                as_trait: Some("trait"),
            },
            ContainerKind {
                kind: "trait_item",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "mod_item",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
        ],
        bindings: &[BindingKind {
            kind: "let_declaration",
            name: "pattern",
            value: "value",
        }],
        lists: &[],
        call_arguments: &[],
        members: &[],
        type_names: &["type_identifier"],
        primitive_types: &["primitive_type"],
        separator: "::",
        wrappers: &[],
        decorations: &[],
        attributes: &["attribute_item"],
        comments: &["line_comment", "block_comment"],
        line_comments: C_LINE_COMMENTS,
        identifier: &[
            "identifier",
            "field_identifier",
            "type_identifier",
            "shorthand_field_identifier",
        ],
        string: &["string_literal", "raw_string_literal", "char_literal"],
        number: &["integer_literal", "float_literal"],
        kept_positions: &[
            ("call_expression", "function"),
            ("field_expression", "field"),
            ("scoped_identifier", "path"),
            ("scoped_identifier", "name"),
            ("macro_invocation", "macro"),
        ],
        always_kept: &[],
        // Block-like expressions (`if`, `match`, loops) in statement position, the tail
        // included, are `expression_statement`s already. An arm is Rust's `case`: a
        // `match` of five arms is no one-liner.
        extra_statements: &["let_declaration", "function_item", "match_arm"],
        not_statements: &[],
        statement_lists: &[],
        parameter_kinds: &[],
        builtins: RUST_BUILTINS,
        annotations: &[],
        annotation_fields: &[
            ("parameter", "type"),
            ("let_declaration", "type"),
            ("function_item", "return_type"),
            ("closure_expression", "return_type"),
        ],
        annotation_marks: &[
            ("parameter", ":"),
            ("let_declaration", ":"),
            ("function_item", "->"),
            ("closure_expression", "->"),
        ],
        bare_strings: &[],
        binding_positions: &[
            ("let_declaration", "pattern"),
            ("let_condition", "pattern"),
            ("parameter", "pattern"),
            ("for_expression", "pattern"),
            ("match_arm", "pattern"),
            ("function_item", "name"),
            ("assignment_expression", "left"),
            ("compound_assignment_expr", "left"),
        ],
        binding_parents: &["closure_parameters"],
        binding_patterns: &[
            "tuple_pattern",
            "mut_pattern",
            "ref_pattern",
            "reference_pattern",
            "slice_pattern",
            "tuple_struct_pattern",
            "match_pattern",
        ],
        member_tokens: &[],
        member_names: &[
            ("field_expression", "field"),
            ("field_initializer", "field"),
            // `Some` of `let Some(x) = ...`: the pattern's type, never a local.
            ("tuple_struct_pattern", "type"),
        ],
    },
    ignore_marker: C_MARKER,
    member_wrapper: ("impl _ {", "}"),
    tests: TestConventions {
        files: &[],
        dirs: &["tests", "benches"],
        attributes: &["#[cfg(test)]", "#[test]"],
        // `#[cfg(test)] mod tests;` with its body in `tests.rs` or `tests/mod.rs`.
        declared_modules: true,
    },
    generated: GeneratedConventions {
        dirs: VENDORED_DIRS,
        files: &[],
        markers: GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

const JAVA: Spec = Spec {
    name: "java",
    display: "Java",
    extensions: &["java"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[
            FunctionKind {
                kind: "method_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "constructor_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "compact_constructor_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
        ],
        containers: &[
            ContainerKind {
                kind: "class_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "interface_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "enum_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "record_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
        ],
        bindings: &[],
        lists: &[],
        call_arguments: &[],
        members: &[],
        type_names: &["type_identifier"],
        primitive_types: &[
            "integral_type",
            "floating_point_type",
            "boolean_type",
            "void_type",
        ],
        separator: ".",
        wrappers: &[],
        decorations: &[],
        attributes: &[],
        comments: &["line_comment", "block_comment"],
        line_comments: C_LINE_COMMENTS,
        identifier: &["identifier", "type_identifier"],
        string: &["string_literal", "character_literal"],
        number: &[
            "decimal_integer_literal",
            "hex_integer_literal",
            "octal_integer_literal",
            "binary_integer_literal",
            "decimal_floating_point_literal",
            "hex_floating_point_literal",
        ],
        kept_positions: &[
            ("method_invocation", "name"),
            ("method_invocation", "object"),
            ("field_access", "field"),
            ("field_access", "object"),
            ("object_creation_expression", "type"),
        ],
        always_kept: &[],
        extra_statements: &["local_variable_declaration", "switch_expression"],
        not_statements: &[],
        statement_lists: &[],
        parameter_kinds: &[],
        builtins: JAVA_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[
            ("variable_declarator", "name"),
            ("formal_parameter", "name"),
            ("catch_formal_parameter", "name"),
            ("enhanced_for_statement", "name"),
            ("resource", "name"),
            ("assignment_expression", "left"),
            ("lambda_expression", "parameters"),
            ("method_declaration", "name"),
            ("constructor_declaration", "name"),
        ],
        binding_parents: &["inferred_parameters", "spread_parameter"],
        binding_patterns: &[],
        member_tokens: &[],
        member_names: &[("field_access", "field"), ("method_invocation", "name")],
    },
    ignore_marker: C_MARKER,
    member_wrapper: ("class _ {", "}"),
    tests: TestConventions {
        files: &["*Test.java", "*Tests.java"],
        // Maven's and Gradle's test source sets, Gradle's test fixtures and its
        // integration-test and JMH benchmark source sets (by their conventional names).
        dirs: &[
            "src/test",
            "src/testFixtures",
            "src/integrationTest",
            "src/jmh",
        ],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        dirs: VENDORED_DIRS,
        files: &[],
        markers: GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

/// The C standard library: what a renamed copy still calls.
const C_BUILTINS: &[&str] = &[
    "memcpy",
    "memmove",
    "memset",
    "memcmp",
    "strlen",
    "strcmp",
    "strncmp",
    "strcpy",
    "strncpy",
    "strcat",
    "strncat",
    "strchr",
    "strrchr",
    "strstr",
    "strdup",
    "strtok",
    "strtol",
    "strtoul",
    "strtod",
    "atoi",
    "atol",
    "atof",
    "malloc",
    "calloc",
    "realloc",
    "free",
    "printf",
    "fprintf",
    "sprintf",
    "snprintf",
    "vsnprintf",
    "puts",
    "fputs",
    "putchar",
    "fputc",
    "getchar",
    "fgetc",
    "fgets",
    "fopen",
    "fclose",
    "fread",
    "fwrite",
    "fflush",
    "fseek",
    "ftell",
    "feof",
    "ferror",
    "perror",
    "sscanf",
    "scanf",
    "assert",
    "abs",
    "labs",
    "exit",
    "abort",
    "qsort",
    "bsearch",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "toupper",
    "tolower",
    "getenv",
    "time",
    "clock",
    "rand",
    "srand",
    "sqrt",
    "pow",
    "floor",
    "ceil",
    "fabs",
    "size_t",
    "FILE",
];

/// The C++ standard library besides C's.
const CPP_BUILTINS: &[&str] = &[
    "memcpy",
    "memset",
    "memcmp",
    "strlen",
    "strcmp",
    "strncmp",
    "malloc",
    "free",
    "printf",
    "fprintf",
    "snprintf",
    "assert",
    "abs",
    "exit",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "toupper",
    "tolower",
    "sqrt",
    "pow",
    "floor",
    "ceil",
    "size_t",
    "std",
    "string",
    "string_view",
    "vector",
    "map",
    "unordered_map",
    "set",
    "unordered_set",
    "pair",
    "tuple",
    "optional",
    "unique_ptr",
    "shared_ptr",
    "array",
    "deque",
    "list",
    "function",
    "cout",
    "cerr",
    "endl",
    "push_back",
    "emplace_back",
    "pop_back",
    "push",
    "pop",
    "top",
    "emplace",
    "insert",
    "erase",
    "find",
    "count",
    "contains",
    "at",
    "front",
    "back",
    "begin",
    "end",
    "cbegin",
    "cend",
    "rbegin",
    "rend",
    "size",
    "empty",
    "clear",
    "reserve",
    "resize",
    "data",
    "c_str",
    "substr",
    "append",
    "length",
    "first",
    "second",
    "get",
    "reset",
    "release",
    "value",
    "has_value",
    "make_unique",
    "make_shared",
    "make_pair",
    "move",
    "forward",
    "swap",
    "sort",
    "stable_sort",
    "find_if",
    "any_of",
    "all_of",
    "none_of",
    "transform",
    "accumulate",
    "copy",
    "fill",
    "remove_if",
    "min",
    "max",
    "to_string",
    "stoi",
    "stol",
    "stod",
    "back_inserter",
    "distance",
    "advance",
    "lower_bound",
    "upper_bound",
    "reverse",
];

const C_STATEMENTS: &[&str] = &["declaration"];
const CPP_STATEMENTS: &[&str] = &["declaration", "for_range_loop"];

const C_LITERALS: (&[&str], &[&str]) = (
    &["string_literal", "char_literal", "concatenated_string"],
    &["number_literal"],
);

const C_VENDORED_DIRS: &[&str] = &["vendor", "third_party", "external"];

/// A C function: its name is at the end of its declarator (`char **names(void)`).
const C_FUNCTION: FunctionKind = FunctionKind {
    kind: "function_definition",
    name: &[NameFrom::Declarator("declarator")],
    body: Some("body"),
    receiver: None,
};

const C: Spec = Spec {
    name: "c",
    display: "C",
    extensions: &["c", "h"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[C_FUNCTION],
        containers: &[],
        bindings: &[],
        lists: &[],
        call_arguments: &[],
        members: &[],
        type_names: &["type_identifier"],
        primitive_types: &["primitive_type", "sized_type_specifier"],
        separator: "::",
        wrappers: &[],
        decorations: &[],
        attributes: &[],
        comments: &["comment"],
        line_comments: C_LINE_COMMENTS,
        identifier: &[
            "identifier",
            "field_identifier",
            "type_identifier",
            "statement_identifier",
        ],
        string: C_LITERALS.0,
        number: C_LITERALS.1,
        kept_positions: &[
            ("call_expression", "function"),
            ("field_expression", "field"),
        ],
        always_kept: &["NULL", "stdin", "stdout", "stderr", "errno"],
        extra_statements: C_STATEMENTS,
        not_statements: &["compound_statement"],
        statement_lists: &[],
        parameter_kinds: &[],
        builtins: C_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[
            ("declaration", "declarator"),
            ("init_declarator", "declarator"),
            ("parameter_declaration", "declarator"),
            ("function_declarator", "declarator"),
            ("assignment_expression", "left"),
        ],
        binding_parents: &[],
        binding_patterns: &["pointer_declarator", "array_declarator"],
        member_tokens: &[],
        member_names: &[("field_expression", "field")],
    },
    ignore_marker: C_MARKER,
    member_wrapper: ("", ""),
    tests: TestConventions {
        files: &["*_test.c", "test_*.c"],
        dirs: &["test", "tests"],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        dirs: C_VENDORED_DIRS,
        files: &["*.pb.h", "*.pb-c.c", "*.pb-c.h"],
        markers: GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    // A header of a C++ project is C++.
    dialect: Some(Dialect {
        extensions: &["h"],
        language: Language::Cpp,
        markers: &[
            "class ",
            "namespace ",
            "template<",
            "template <",
            "::",
            "public:",
            "private:",
            "protected:",
        ],
    }),
};

const CPP: Spec = Spec {
    name: "cpp",
    display: "C++",
    extensions: &["cc", "cpp", "cxx", "hpp", "hh", "hxx", "ipp"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[
            C_FUNCTION,
            FunctionKind {
                kind: "lambda_expression",
                name: &[NameFrom::Binding],
                body: Some("body"),
                receiver: None,
            },
        ],
        containers: &[
            ContainerKind {
                kind: "namespace_definition",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "class_specifier",
                name: &[NameFrom::TypeIn("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "struct_specifier",
                name: &[NameFrom::TypeIn("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "union_specifier",
                name: &[NameFrom::TypeIn("name")],
                as_trait: None,
            },
        ],
        bindings: &[BindingKind {
            kind: "init_declarator",
            name: "declarator",
            value: "value",
        }],
        lists: &[],
        call_arguments: &[],
        members: &[],
        type_names: &["type_identifier"],
        primitive_types: &["primitive_type", "sized_type_specifier"],
        separator: "::",
        // `template <typename T>` belongs to the definition; `auto add = [](...) {...};`
        // is the lambda's.
        wrappers: &["template_declaration", "declaration"],
        decorations: &[
            "template_parameter_list",
            "placeholder_type_specifier",
            "storage_class_specifier",
            "type_qualifier",
            "comment",
        ],
        attributes: &[],
        comments: &["comment"],
        line_comments: C_LINE_COMMENTS,
        identifier: &[
            "identifier",
            "field_identifier",
            "type_identifier",
            "namespace_identifier",
            "statement_identifier",
        ],
        string: &[
            "string_literal",
            "char_literal",
            "raw_string_literal",
            "concatenated_string",
        ],
        number: C_LITERALS.1,
        kept_positions: &[
            ("call_expression", "function"),
            ("field_expression", "field"),
            ("qualified_identifier", "scope"),
            ("qualified_identifier", "name"),
            ("template_function", "name"),
            ("template_type", "name"),
        ],
        always_kept: &["NULL", "stdin", "stdout", "stderr", "errno"],
        extra_statements: CPP_STATEMENTS,
        not_statements: &["compound_statement"],
        statement_lists: &[],
        parameter_kinds: &[],
        builtins: CPP_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[
            ("declaration", "declarator"),
            ("init_declarator", "declarator"),
            ("parameter_declaration", "declarator"),
            ("optional_parameter_declaration", "declarator"),
            ("function_declarator", "declarator"),
            ("for_range_loop", "declarator"),
            ("assignment_expression", "left"),
        ],
        binding_parents: &[],
        binding_patterns: &[
            "pointer_declarator",
            "array_declarator",
            "reference_declarator",
            "structured_binding_declarator",
            // The name of `Store::get` and `Store::~Store` where they are defined.
            "qualified_identifier",
            "destructor_name",
        ],
        member_tokens: &[],
        member_names: &[("field_expression", "field")],
    },
    ignore_marker: C_MARKER,
    member_wrapper: ("struct _ {", "};"),
    tests: TestConventions {
        files: &[
            "*_test.cc",
            "*_test.cpp",
            "*_unittest.cc",
            "*_unittest.cpp",
            "*_tests.cc",
            "*_tests.cpp",
        ],
        dirs: &["test", "tests"],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        dirs: C_VENDORED_DIRS,
        files: &["*.pb.cc", "*.pb.h", "*.grpc.pb.cc", "*.grpc.pb.h"],
        markers: GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

/// .NET's base library and LINQ: what a renamed copy still calls.
const CSHARP_BUILTINS: &[&str] = &[
    "ToString",
    "Equals",
    "GetHashCode",
    "GetType",
    "Add",
    "AddRange",
    "Remove",
    "RemoveAt",
    "Insert",
    "Clear",
    "Contains",
    "ContainsKey",
    "TryGetValue",
    "TryAdd",
    "GetValueOrDefault",
    "Count",
    "Length",
    "Keys",
    "Values",
    "Value",
    "HasValue",
    "Key",
    "Select",
    "SelectMany",
    "Where",
    "OrderBy",
    "OrderByDescending",
    "ThenBy",
    "GroupBy",
    "First",
    "FirstOrDefault",
    "Last",
    "LastOrDefault",
    "Single",
    "SingleOrDefault",
    "Any",
    "All",
    "ToList",
    "ToArray",
    "ToDictionary",
    "ToHashSet",
    "Sum",
    "Max",
    "Min",
    "Average",
    "Aggregate",
    "Concat",
    "Distinct",
    "Skip",
    "Take",
    "Zip",
    "Reverse",
    "Join",
    "Split",
    "Trim",
    "TrimStart",
    "TrimEnd",
    "ToLower",
    "ToUpper",
    "ToLowerInvariant",
    "ToUpperInvariant",
    "Replace",
    "Substring",
    "StartsWith",
    "EndsWith",
    "IndexOf",
    "IsNullOrEmpty",
    "IsNullOrWhiteSpace",
    "Format",
    "Parse",
    "TryParse",
    "Append",
    "AppendLine",
    "Console",
    "WriteLine",
    "Write",
    "Math",
    "Abs",
    "Round",
    "Floor",
    "Ceiling",
    "String",
    "List",
    "Dictionary",
    "HashSet",
    "StringBuilder",
    "Enumerable",
    "Array",
    "Empty",
    "Range",
    "Sort",
    "Task",
    "FromResult",
    "ConfigureAwait",
    "Dispose",
    "IsLetterOrDigit",
    "IsWhiteSpace",
    "Char",
    "Exception",
    "ArgumentNullException",
    "ArgumentException",
    "InvalidOperationException",
    "ThrowIfNull",
    "nameof",
];

const CSHARP: Spec = Spec {
    name: "csharp",
    display: "C#",
    extensions: &["cs"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[
            FunctionKind {
                kind: "method_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "constructor_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "destructor_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "local_function_statement",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            // `get`, `set`, `init`, `add`, `remove` of a property, indexer or event.
            FunctionKind {
                kind: "accessor_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
        ],
        containers: &[
            ContainerKind {
                kind: "class_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "struct_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "record_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "interface_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "property_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "event_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "indexer_declaration",
                name: &[NameFrom::Fixed("this")],
                as_trait: None,
            },
        ],
        bindings: &[],
        lists: &[],
        call_arguments: &[],
        members: &[],
        type_names: &["identifier"],
        primitive_types: &["predefined_type"],
        separator: ".",
        wrappers: &[],
        decorations: &[],
        attributes: &["attribute_list"],
        comments: &["comment"],
        line_comments: C_LINE_COMMENTS,
        identifier: &["identifier", "implicit_parameter"],
        string: &[
            "string_literal",
            "verbatim_string_literal",
            "raw_string_literal",
            "interpolated_string_expression",
            "character_literal",
        ],
        number: &["integer_literal", "real_literal"],
        kept_positions: &[
            ("invocation_expression", "function"),
            ("member_access_expression", "name"),
            ("member_access_expression", "expression"),
            ("object_creation_expression", "type"),
        ],
        always_kept: &[],
        extra_statements: &["switch_section"],
        not_statements: &[],
        statement_lists: &[],
        parameter_kinds: &[],
        builtins: CSHARP_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[
            ("variable_declarator", "name"),
            ("parameter", "name"),
            ("foreach_statement", "left"),
            ("catch_declaration", "name"),
            ("declaration_expression", "name"),
            ("tuple_pattern", "name"),
            ("assignment_expression", "left"),
            ("lambda_expression", "parameters"),
            ("local_function_statement", "name"),
            ("method_declaration", "name"),
            ("constructor_declaration", "name"),
        ],
        binding_parents: &[],
        binding_patterns: &["tuple_expression", "argument"],
        member_tokens: &[],
        member_names: &[("member_access_expression", "name")],
    },
    ignore_marker: C_MARKER,
    member_wrapper: ("class _ {", "}"),
    tests: TestConventions {
        files: &["*Tests.cs", "*Test.cs"],
        // A test project's directory: `Store.Tests/`, `Store.UnitTests/`.
        dirs: &[
            "*.Tests",
            "*.Test",
            "*.UnitTests",
            "*.IntegrationTests",
            "test",
            "tests",
        ],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        // `obj/` holds what the build generates.
        dirs: &["vendor", "third_party", "obj"],
        files: &[
            "*.g.cs",
            "*.g.i.cs",
            "*.Designer.cs",
            "*.designer.cs",
            "*.generated.cs",
            "*.AssemblyInfo.cs",
        ],
        markers: CSHARP_GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

/// Roslyn's and the designers' `// <auto-generated>` header besides the usual ones.
const CSHARP_GENERATED_MARKERS: &[&[&str]] = &[
    &["Code generated", "DO NOT EDIT"],
    &["@generated"],
    &["<auto-generated"],
];

/// Kotlin's standard library: what a renamed copy still calls.
const KOTLIN_BUILTINS: &[&str] = &[
    "let",
    "run",
    "apply",
    "also",
    "with",
    "takeIf",
    "takeUnless",
    "use",
    "map",
    "mapNotNull",
    "mapIndexed",
    "flatMap",
    "filter",
    "filterNot",
    "filterNotNull",
    "forEach",
    "forEachIndexed",
    "first",
    "firstOrNull",
    "last",
    "lastOrNull",
    "single",
    "find",
    "any",
    "all",
    "none",
    "count",
    "sum",
    "sumOf",
    "maxOf",
    "minOf",
    "maxOrNull",
    "minOrNull",
    "sorted",
    "sortedBy",
    "sortedByDescending",
    "reversed",
    "distinct",
    "groupBy",
    "associate",
    "associateBy",
    "associateWith",
    "partition",
    "zip",
    "take",
    "drop",
    "chunked",
    "windowed",
    "fold",
    "reduce",
    "joinToString",
    "toList",
    "toMutableList",
    "toSet",
    "toMutableSet",
    "toMap",
    "toTypedArray",
    "listOf",
    "mutableListOf",
    "setOf",
    "mutableSetOf",
    "mapOf",
    "mutableMapOf",
    "emptyList",
    "emptyMap",
    "emptySet",
    "arrayOf",
    "buildList",
    "buildString",
    "add",
    "addAll",
    "remove",
    "removeAll",
    "clear",
    "contains",
    "containsKey",
    "get",
    "getOrDefault",
    "getOrElse",
    "getOrPut",
    "put",
    "putAll",
    "isEmpty",
    "isNotEmpty",
    "isNullOrEmpty",
    "isBlank",
    "isNotBlank",
    "isNullOrBlank",
    "size",
    "length",
    "indices",
    "withIndex",
    "lowercase",
    "uppercase",
    "trim",
    "split",
    "replace",
    "startsWith",
    "endsWith",
    "substring",
    "padStart",
    "format",
    "toInt",
    "toLong",
    "toDouble",
    "toString",
    "toRegex",
    "isLetterOrDigit",
    "isDigit",
    "isWhitespace",
    "println",
    "print",
    "require",
    "requireNotNull",
    "check",
    "checkNotNull",
    "error",
    "TODO",
    "repeat",
    "lazy",
    "to",
    "Pair",
    "Triple",
    "String",
    "StringBuilder",
    "append",
    "Regex",
    "IllegalArgumentException",
    "IllegalStateException",
];

const KOTLIN: Spec = Spec {
    name: "kotlin",
    display: "Kotlin",
    extensions: &["kt", "kts"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[
            FunctionKind {
                kind: "function_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("function_body"),
                receiver: Some("user_type"),
            },
            FunctionKind {
                kind: "secondary_constructor",
                name: &[NameFrom::Fixed("constructor")],
                body: Some("block"),
                receiver: None,
            },
            FunctionKind {
                kind: "anonymous_initializer",
                name: &[NameFrom::Fixed("init")],
                body: Some("block"),
                receiver: None,
            },
            FunctionKind {
                kind: "lambda_literal",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
            FunctionKind {
                kind: "anonymous_function",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
        ],
        containers: &[
            ContainerKind {
                kind: "class_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "object_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            // A named companion scopes its members; `companion object` adds nothing, as
            // `Type.of()` calls them.
            ContainerKind {
                kind: "companion_object",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
        ],
        // `val handler = { x: Int -> ... }`: the grammar has no fields here.
        bindings: &[
            BindingKind {
                kind: "property_declaration",
                name: "variable_declaration",
                value: "lambda_literal",
            },
            BindingKind {
                kind: "property_declaration",
                name: "variable_declaration",
                value: "anonymous_function",
            },
        ],
        // `handler: (Int) -> Int`: the name is the declaration's first child.
        lists: &["variable_declaration"],
        call_arguments: &[],
        members: &[],
        type_names: &["identifier"],
        primitive_types: &[],
        separator: ".",
        wrappers: &[],
        decorations: &[],
        attributes: &[],
        comments: &["line_comment", "block_comment"],
        line_comments: C_LINE_COMMENTS,
        identifier: &["identifier"],
        string: &[
            "string_literal",
            "multiline_string_literal",
            "character_literal",
        ],
        number: &["number_literal", "float_literal"],
        // `println(x)`, `text.lowercase()`: the callee and the navigated names have no
        // field.
        kept_positions: &[("call_expression", ""), ("navigation_expression", "")],
        always_kept: &["it"],
        extra_statements: &["when_entry"],
        not_statements: &[],
        statement_lists: &["block"],
        parameter_kinds: &["function_value_parameters"],
        builtins: KOTLIN_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[("assignment", "left"), ("function_declaration", "name")],
        // Parameters, `val`/`var` and destructuring, lambda and loop variables.
        binding_parents: &["variable_declaration", "parameter", "class_parameter"],
        binding_patterns: &[],
        // `person.name`, `person?.name`, `Type::name`.
        member_tokens: &[
            ("navigation_expression", "."),
            ("navigation_expression", "?."),
            ("navigation_expression", "::"),
        ],
        member_names: &[],
    },
    ignore_marker: C_MARKER,
    member_wrapper: ("class _ {", "}"),
    tests: TestConventions {
        files: &["*Test.kt", "*Tests.kt"],
        dirs: &[
            "src/test",
            "src/androidTest",
            "src/testFixtures",
            "src/integrationTest",
            "src/commonTest",
            "src/jvmTest",
            "src/jsTest",
        ],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        dirs: VENDORED_DIRS,
        files: &[],
        markers: GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

/// PHP's standard functions: what a renamed copy still calls.
const PHP_BUILTINS: &[&str] = &[
    "count",
    "strlen",
    "strtolower",
    "strtoupper",
    "ucfirst",
    "lcfirst",
    "trim",
    "rtrim",
    "ltrim",
    "explode",
    "implode",
    "str_replace",
    "str_contains",
    "str_starts_with",
    "str_ends_with",
    "str_repeat",
    "str_pad",
    "substr",
    "strpos",
    "stripos",
    "sprintf",
    "printf",
    "number_format",
    "preg_match",
    "preg_match_all",
    "preg_replace",
    "preg_split",
    "preg_quote",
    "array_map",
    "array_filter",
    "array_reduce",
    "array_keys",
    "array_values",
    "array_merge",
    "array_combine",
    "array_key_exists",
    "array_search",
    "array_slice",
    "array_splice",
    "array_unique",
    "array_push",
    "array_pop",
    "array_shift",
    "array_unshift",
    "array_reverse",
    "array_flip",
    "array_fill",
    "array_column",
    "array_diff",
    "array_intersect",
    "in_array",
    "range",
    "sort",
    "usort",
    "ksort",
    "asort",
    "max",
    "min",
    "abs",
    "floor",
    "ceil",
    "round",
    "intval",
    "strval",
    "floatval",
    "boolval",
    "is_array",
    "is_string",
    "is_int",
    "is_numeric",
    "is_null",
    "isset",
    "unset",
    "empty",
    "json_encode",
    "json_decode",
    "htmlspecialchars",
    "urlencode",
    "rawurlencode",
    "mb_strtolower",
    "mb_strtoupper",
    "mb_strlen",
    "mb_substr",
    "iconv",
    "file_get_contents",
    "file_put_contents",
    "file_exists",
    "var_dump",
    "print_r",
    "var_export",
    "date",
    "time",
];

const PHP: Spec = Spec {
    name: "php",
    display: "PHP",
    extensions: &["php"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[
            FunctionKind {
                kind: "function_definition",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "method_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "anonymous_function",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
            FunctionKind {
                kind: "arrow_function",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
        ],
        containers: &[
            ContainerKind {
                kind: "class_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "interface_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "trait_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "enum_declaration",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
        ],
        bindings: &[BindingKind {
            kind: "assignment_expression",
            name: "left",
            value: "right",
        }],
        // `$handler`: the variable's name is the `name` inside it.
        lists: &["variable_name"],
        call_arguments: &[],
        members: &[],
        type_names: &[],
        primitive_types: &["primitive_type"],
        separator: "::",
        wrappers: &["expression_statement"],
        decorations: &["comment"],
        attributes: &[],
        comments: &["comment"],
        line_comments: &["//", "#", "/*", "*"],
        identifier: &["name"],
        string: &["string", "encapsed_string", "heredoc", "nowdoc"],
        number: &["integer", "float"],
        kept_positions: &[
            ("function_call_expression", "function"),
            ("member_call_expression", "name"),
            ("member_access_expression", "name"),
            ("scoped_call_expression", "name"),
            ("scoped_call_expression", "scope"),
            ("nullsafe_member_call_expression", "name"),
        ],
        // `$this`.
        always_kept: &["this"],
        extra_statements: &[],
        not_statements: &["compound_statement"],
        statement_lists: &[],
        parameter_kinds: &[],
        builtins: PHP_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[
            ("assignment_expression", "left"),
            ("augmented_assignment_expression", "left"),
            ("simple_parameter", "name"),
            ("variadic_parameter", "name"),
            ("property_promotion_parameter", "name"),
            ("function_definition", "name"),
            ("method_declaration", "name"),
        ],
        // `foreach ($rows as $key => $row)`, `[$a, $b] = ...`.
        binding_parents: &["foreach_statement", "pair", "list_literal"],
        binding_patterns: &["variable_name", "by_ref"],
        member_tokens: &[],
        member_names: &[
            ("member_call_expression", "name"),
            ("member_access_expression", "name"),
            ("nullsafe_member_call_expression", "name"),
            ("nullsafe_member_access_expression", "name"),
            ("scoped_call_expression", "name"),
        ],
    },
    ignore_marker: C_MARKER,
    // A function or a method parses alone as a method of a class.
    member_wrapper: ("<?php class _ {", "}"),
    tests: TestConventions {
        files: &["*Test.php"],
        dirs: &["tests", "test"],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        dirs: VENDORED_DIRS,
        files: &[],
        markers: GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

/// Ruby's core and standard library: what a renamed copy still calls.
const RUBY_BUILTINS: &[&str] = &[
    "each",
    "each_with_index",
    "each_with_object",
    "each_pair",
    "each_char",
    "each_line",
    "map",
    "flat_map",
    "collect",
    "select",
    "filter",
    "reject",
    "find",
    "detect",
    "reduce",
    "inject",
    "sum",
    "count",
    "min",
    "max",
    "min_by",
    "max_by",
    "sort",
    "sort_by",
    "group_by",
    "partition",
    "zip",
    "uniq",
    "compact",
    "flatten",
    "first",
    "last",
    "take",
    "drop",
    "any?",
    "all?",
    "none?",
    "empty?",
    "nil?",
    "include?",
    "key?",
    "is_a?",
    "respond_to?",
    "start_with?",
    "end_with?",
    "match?",
    "length",
    "size",
    "push",
    "pop",
    "shift",
    "unshift",
    "append",
    "concat",
    "delete",
    "insert",
    "keys",
    "values",
    "fetch",
    "dig",
    "merge",
    "merge!",
    "to_s",
    "to_i",
    "to_f",
    "to_sym",
    "to_a",
    "to_h",
    "downcase",
    "upcase",
    "capitalize",
    "strip",
    "chomp",
    "split",
    "join",
    "gsub",
    "sub",
    "tr",
    "chars",
    "lines",
    "freeze",
    "dup",
    "tap",
    "then",
    "times",
    "upto",
    "format",
    "puts",
    "print",
    "p",
    "pp",
    "require",
    "require_relative",
    "raise",
    "loop",
    "lambda",
    "proc",
    "new",
    "attr_reader",
    "attr_accessor",
    "File",
    "Dir",
    "Hash",
    "Array",
    "String",
    "Integer",
    "Float",
    "JSON",
    "Time",
    "StandardError",
    "ArgumentError",
];

const RUBY: Spec = Spec {
    name: "ruby",
    display: "Ruby",
    extensions: &["rb", "rake", "gemspec"],
    file_names: &["Rakefile", "Gemfile", "Guardfile", "Vagrantfile"],
    kinds: NodeKinds {
        functions: &[
            FunctionKind {
                kind: "method",
                name: &[NameFrom::Field("name")],
                body: None,
                receiver: None,
            },
            // `def self.load` is the class's; `def Store.load` is `Store`'s.
            FunctionKind {
                kind: "singleton_method",
                name: &[NameFrom::Field("name")],
                body: None,
                receiver: Some("object"),
            },
            FunctionKind {
                kind: "lambda",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
            FunctionKind {
                kind: "do_block",
                name: &[RUBY_CALLED_BLOCK],
                body: None,
                receiver: None,
            },
            FunctionKind {
                kind: "block",
                name: &[RUBY_CALLED_BLOCK],
                body: None,
                receiver: None,
            },
        ],
        containers: &[
            ContainerKind {
                kind: "class",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "module",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
        ],
        bindings: &[BindingKind {
            kind: "assignment",
            name: "left",
            value: "right",
        }],
        lists: &[],
        call_arguments: &[],
        // `class Web::Urls` is `Urls`.
        members: &[("scope_resolution", "name")],
        type_names: &["constant"],
        primitive_types: &[],
        separator: ".",
        wrappers: &[],
        decorations: &[],
        attributes: &[],
        comments: &["comment"],
        line_comments: &["#"],
        identifier: &[
            "identifier",
            "constant",
            "instance_variable",
            "class_variable",
            "global_variable",
        ],
        string: &[
            "string",
            "simple_symbol",
            "delimited_symbol",
            "regex",
            "character",
        ],
        number: &["integer", "float", "rational", "complex"],
        kept_positions: &[("call", "method"), ("call", "receiver")],
        always_kept: &[],
        extra_statements: &[],
        // A method's body, a branch, a loop's body, a block's: each child a statement.
        not_statements: &["body_statement"],
        statement_lists: &[
            "body_statement",
            "then",
            "else",
            "do",
            "block_body",
            "begin",
        ],
        parameter_kinds: &[],
        builtins: RUBY_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[
            ("assignment", "left"),
            ("operator_assignment", "left"),
            ("optional_parameter", "name"),
            ("keyword_parameter", "name"),
            ("splat_parameter", "name"),
            ("hash_splat_parameter", "name"),
            ("block_parameter", "name"),
            ("method", "name"),
            ("singleton_method", "name"),
            ("for", "pattern"),
        ],
        binding_parents: &[
            "method_parameters",
            "block_parameters",
            "lambda_parameters",
            "destructured_parameter",
            "left_assignment_list",
            "exception_variable",
        ],
        binding_patterns: &[],
        member_tokens: &[],
        member_names: &[("call", "method")],
    },
    ignore_marker: "# dedupe-check: ignore",
    member_wrapper: ("class X_", "end"),
    tests: TestConventions {
        files: &["*_spec.rb", "*_test.rb", "test_*.rb"],
        dirs: &["spec", "test"],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        dirs: VENDORED_DIRS,
        files: &[],
        markers: GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

/// `define_method(:name) do ... end` names its block; `handler = lambda { |x| ... }`
/// binds it.
const RUBY_CALLED_BLOCK: NameFrom = NameFrom::CalledBlock {
    method: "method",
    arguments: "arguments",
    methods: &["define_method", "define_singleton_method", "lambda", "proc"],
};

/// Swift's standard library and Foundation: what a renamed copy still calls.
const SWIFT_BUILTINS: &[&str] = &[
    "append",
    "insert",
    "remove",
    "removeAll",
    "removeFirst",
    "removeLast",
    "contains",
    "first",
    "last",
    "count",
    "isEmpty",
    "map",
    "compactMap",
    "flatMap",
    "filter",
    "reduce",
    "forEach",
    "sorted",
    "sort",
    "reversed",
    "enumerated",
    "zip",
    "joined",
    "split",
    "components",
    "lowercased",
    "uppercased",
    "trimmingCharacters",
    "replacingOccurrences",
    "hasPrefix",
    "hasSuffix",
    "prefix",
    "suffix",
    "dropFirst",
    "dropLast",
    "min",
    "max",
    "index",
    "firstIndex",
    "lastIndex",
    "allSatisfy",
    "keys",
    "values",
    "description",
    "print",
    "debugPrint",
    "fatalError",
    "precondition",
    "assert",
    "abs",
    "String",
    "Int",
    "Double",
    "Array",
    "Dictionary",
    "Set",
    "Character",
    "isLetter",
    "isNumber",
    "isWhitespace",
    "Data",
    "URL",
    "Date",
    "JSONEncoder",
    "JSONDecoder",
    "encode",
    "decode",
    "init",
];

const SWIFT: Spec = Spec {
    name: "swift",
    display: "Swift",
    extensions: &["swift"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[
            FunctionKind {
                kind: "function_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "init_declaration",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "deinit_declaration",
                name: &[NameFrom::Fixed("deinit")],
                body: Some("body"),
                receiver: None,
            },
            // `var count: Int { items.count }`, with or without `get`/`set`.
            FunctionKind {
                kind: "computed_property",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
            FunctionKind {
                kind: "lambda_literal",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
        ],
        // Classes, structs, enums, actors and extensions (`extension String` scopes
        // its methods as `String`).
        containers: &[
            ContainerKind {
                kind: "class_declaration",
                name: &[NameFrom::TypeIn("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "protocol_declaration",
                name: &[NameFrom::TypeIn("name")],
                as_trait: None,
            },
        ],
        bindings: &[
            BindingKind {
                kind: "property_declaration",
                name: "name",
                value: "computed_value",
            },
            BindingKind {
                kind: "property_declaration",
                name: "name",
                value: "value",
            },
        ],
        lists: &[],
        call_arguments: &[],
        members: &[],
        type_names: &["type_identifier"],
        primitive_types: &[],
        separator: ".",
        wrappers: &[],
        decorations: &[],
        attributes: &[],
        comments: &["comment", "multiline_comment"],
        line_comments: C_LINE_COMMENTS,
        identifier: &["simple_identifier", "type_identifier"],
        string: &[
            "line_string_literal",
            "multi_line_string_literal",
            "raw_string_literal",
            "regex_literal",
        ],
        number: &[
            "integer_literal",
            "real_literal",
            "hex_literal",
            "oct_literal",
            "bin_literal",
        ],
        // `print(x)`: the callee has no field.
        kept_positions: &[
            ("call_expression", ""),
            ("navigation_suffix", "suffix"),
            ("navigation_expression", "target"),
        ],
        always_kept: &["self", "newValue"],
        extra_statements: &[],
        not_statements: &[],
        statement_lists: &["statements"],
        parameter_kinds: &["parameter"],
        builtins: SWIFT_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[
            ("pattern", "bound_identifier"),
            ("parameter", "name"),
            ("lambda_parameter", "name"),
            ("if_statement", "bound_identifier"),
            ("guard_statement", "bound_identifier"),
            ("directly_assignable_expression", ""),
            ("function_declaration", "name"),
        ],
        // `for (i, item) in ...`, `case let (a, b)`.
        binding_parents: &["pattern"],
        binding_patterns: &[],
        member_tokens: &[],
        member_names: &[
            ("navigation_suffix", "suffix"),
            ("value_argument_label", ""),
        ],
    },
    ignore_marker: C_MARKER,
    member_wrapper: ("struct _ {", "}"),
    tests: TestConventions {
        files: &["*Tests.swift", "*Test.swift"],
        dirs: &["Tests"],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        // CocoaPods' and Carthage's checkouts, SwiftPM's build folder.
        dirs: &["vendor", "third_party", "Pods", "Carthage", ".build"],
        files: &["*.generated.swift"],
        markers: SWIFT_GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

/// Sourcery's and SwiftGen's headers besides the usual ones.
const SWIFT_GENERATED_MARKERS: &[&[&str]] = &[
    &["Code generated", "DO NOT EDIT"],
    &["@generated"],
    &["Generated using Sourcery"],
    &["Generated using SwiftGen"],
];

/// Scala's standard library: what a renamed copy still calls.
const SCALA_BUILTINS: &[&str] = &[
    "map",
    "flatMap",
    "filter",
    "filterNot",
    "foreach",
    "fold",
    "foldLeft",
    "foldRight",
    "reduce",
    "collect",
    "exists",
    "forall",
    "find",
    "head",
    "headOption",
    "tail",
    "last",
    "lastOption",
    "isEmpty",
    "nonEmpty",
    "size",
    "length",
    "mkString",
    "split",
    "toLowerCase",
    "toUpperCase",
    "trim",
    "toList",
    "toSeq",
    "toVector",
    "toMap",
    "toSet",
    "toArray",
    "toInt",
    "toString",
    "getOrElse",
    "get",
    "contains",
    "zip",
    "zipWithIndex",
    "sortBy",
    "sorted",
    "groupBy",
    "partition",
    "take",
    "drop",
    "sum",
    "max",
    "min",
    "count",
    "distinct",
    "updated",
    "isLetterOrDigit",
    "isDigit",
    "isWhitespace",
    "println",
    "print",
    "require",
    "Some",
    "None",
    "Option",
    "List",
    "Seq",
    "Map",
    "Set",
    "Vector",
    "Array",
    "String",
    "Right",
    "Left",
    "Future",
    "apply",
    "empty",
    "StringBuilder",
    "append",
];

const SCALA: Spec = Spec {
    name: "scala",
    display: "Scala",
    extensions: &["scala", "sc"],
    file_names: &[],
    kinds: NodeKinds {
        functions: &[
            FunctionKind {
                kind: "function_definition",
                name: &[NameFrom::Field("name")],
                body: Some("body"),
                receiver: None,
            },
            FunctionKind {
                kind: "lambda_expression",
                name: &[NameFrom::Binding],
                body: None,
                receiver: None,
            },
        ],
        containers: &[
            ContainerKind {
                kind: "class_definition",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "object_definition",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "trait_definition",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            ContainerKind {
                kind: "enum_definition",
                name: &[NameFrom::Field("name")],
                as_trait: None,
            },
            // `extension (s: String) def toSlug` is `String.toSlug`.
            ContainerKind {
                kind: "extension_definition",
                name: &[NameFrom::TypeIn("parameters")],
                as_trait: None,
            },
        ],
        bindings: &[
            BindingKind {
                kind: "val_definition",
                name: "pattern",
                value: "value",
            },
            BindingKind {
                kind: "var_definition",
                name: "pattern",
                value: "value",
            },
        ],
        // `val f: Int => Int = { x => x * 2 }`: a lambda alone in a block.
        lists: &["block"],
        call_arguments: &[],
        members: &[],
        type_names: &["type_identifier"],
        primitive_types: &[],
        separator: ".",
        wrappers: &[],
        decorations: &[],
        attributes: &[],
        comments: &["comment", "block_comment"],
        line_comments: C_LINE_COMMENTS,
        identifier: &["identifier", "type_identifier"],
        string: &[
            "string",
            "interpolated_string_expression",
            "character_literal",
        ],
        number: &["integer_literal", "floating_point_literal"],
        kept_positions: &[
            ("call_expression", "function"),
            ("field_expression", "field"),
            ("field_expression", "value"),
            ("infix_expression", "operator"),
            ("generic_function", "function"),
        ],
        always_kept: &[],
        extra_statements: &["case_clause"],
        not_statements: &[],
        statement_lists: &["block", "indented_block"],
        parameter_kinds: &[],
        builtins: SCALA_BUILTINS,
        annotations: &[],
        annotation_fields: &[],
        annotation_marks: &[],
        bare_strings: &[],
        binding_positions: &[
            ("val_definition", "pattern"),
            ("var_definition", "pattern"),
            ("parameter", "name"),
            ("binding", "name"),
            ("lambda_expression", "parameters"),
            ("assignment_expression", "left"),
            ("typed_pattern", "pattern"),
            ("case_clause", "pattern"),
            ("function_definition", "name"),
        ],
        // `for ((word, i) <- words.zipWithIndex)`, `val (a, b) = ...`.
        binding_parents: &["tuple_pattern", "enumerator"],
        binding_patterns: &[],
        member_tokens: &[],
        member_names: &[("field_expression", "field")],
    },
    ignore_marker: C_MARKER,
    member_wrapper: ("object _ {", "}"),
    tests: TestConventions {
        files: &["*Spec.scala", "*Suite.scala", "*Test.scala"],
        dirs: &["src/test", "src/it"],
        attributes: &[],
        declared_modules: false,
    },
    generated: GeneratedConventions {
        dirs: VENDORED_DIRS,
        files: &[],
        markers: GENERATED_MARKERS,
        max_line_bytes: Some(MAX_LINE_BYTES),
    },
    dialect: None,
};

impl Language {
    pub const ALL: [Language; 15] = [
        Language::Python,
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Go,
        Language::Rust,
        Language::Java,
        Language::C,
        Language::Cpp,
        Language::CSharp,
        Language::Kotlin,
        Language::Php,
        Language::Ruby,
        Language::Swift,
        Language::Scala,
    ];

    pub fn spec(self) -> &'static Spec {
        match self {
            Language::Python => &PYTHON,
            Language::JavaScript => &JAVASCRIPT,
            Language::TypeScript => &TYPESCRIPT,
            Language::Tsx => &TSX,
            Language::Go => &GO,
            Language::Rust => &RUST,
            Language::Java => &JAVA,
            Language::C => &C,
            Language::Cpp => &CPP,
            Language::CSharp => &CSHARP,
            Language::Kotlin => &KOTLIN,
            Language::Php => &PHP,
            Language::Ruby => &RUBY,
            Language::Swift => &SWIFT,
            Language::Scala => &SCALA,
        }
    }

    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
            Language::Rust => tree_sitter_rust::LANGUAGE.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
            Language::C => tree_sitter_c::LANGUAGE.into(),
            Language::Cpp => tree_sitter_cpp::LANGUAGE.into(),
            Language::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Language::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
            Language::Php => tree_sitter_php::LANGUAGE_PHP.into(),
            Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            Language::Swift => tree_sitter_swift::LANGUAGE.into(),
            Language::Scala => tree_sitter_scala::LANGUAGE.into(),
        }
    }

    /// The language whose functions this one's are compared with, and which a
    /// `languages` entry selects it by: TSX is TypeScript.
    pub fn family(self) -> Language {
        match self {
            Language::Tsx => Language::TypeScript,
            // C's functions are C++'s too, and a header may be either.
            Language::C => Language::Cpp,
            l => l,
        }
    }

    /// The language a file of this one's extension is read as, by its text: its
    /// dialect's when a code line holds one of the dialect's markers (a `.h` header
    /// declaring a `class` is C++), else this one.
    pub fn for_text(self, path: &str, text: &str) -> Language {
        let Some(dialect) = &self.spec().dialect else {
            return self;
        };
        let ext = Path::new(path).extension().and_then(|e| e.to_str());
        if !ext.is_some_and(|e| dialect.extensions.contains(&e)) {
            return self;
        }
        let comments = self.kinds().line_comments;
        let marked = text.lines().any(|line| {
            let code = line.trim_start();
            !comments.iter().any(|c| code.starts_with(c))
                && dialect.markers.iter().any(|m| code.contains(m))
        });
        if marked { dialect.language } else { self }
    }

    pub fn from_path(path: &str) -> Option<Language> {
        let path = Path::new(path);
        let name = path.file_name()?.to_str()?;
        let ext = path.extension().and_then(|e| e.to_str());
        Language::ALL.into_iter().find(|l| {
            let spec = l.spec();
            spec.file_names.contains(&name) || ext.is_some_and(|e| spec.extensions.contains(&e))
        })
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn display(self) -> &'static str {
        self.spec().display
    }

    pub fn kinds(self) -> &'static NodeKinds {
        &self.spec().kinds
    }

    pub fn test_conventions(self) -> &'static TestConventions {
        &self.spec().tests
    }

    /// Whether `path` (repository-relative, `/`-separated) holds test code by the
    /// language's conventions.
    pub fn is_test_path(self, path: &str) -> bool {
        let conv = self.test_conventions();
        matches_dirs_or_files(path, conv.dirs, conv.files)
    }

    /// Whether `path` is vendored or generated code by its name alone.
    pub fn is_vendored_path(self, path: &str) -> bool {
        let conv = &self.spec().generated;
        matches_dirs_or_files(path, conv.dirs, conv.files)
    }

    /// Whether a file's text says it is generated or minified: a generated-code marker
    /// near the top, or long lines that make up much of the file.
    pub fn is_generated_text(self, text: &str) -> bool {
        self.generated_text(text).is_some()
    }

    /// How a file's text says it is not hand-written: a generated-code marker near the
    /// top, or minified. One long line among ordinary ones (an inline SVG, a data URL)
    /// is hand-written source: a file is minified when at least one non-blank line in
    /// `MINIFIED_LONG_LINE_SHARE` is over the language's limit.
    pub fn generated_text(self, text: &str) -> Option<Generated> {
        let conv = &self.spec().generated;
        let marked = text.lines().take(10).any(|line| {
            conv.markers
                .iter()
                .any(|parts| parts.iter().all(|p| line.contains(p)))
        });
        if marked {
            return Some(Generated::Marker);
        }
        let max = conv.max_line_bytes?;
        let (mut lines, mut long) = (0usize, 0usize);
        for line in text.split('\n').filter(|l| !l.trim().is_empty()) {
            lines += 1;
            long += usize::from(line.len() > max);
        }
        (long > 0 && long * MINIFIED_LONG_LINE_SHARE >= lines).then_some(Generated::Minified)
    }

    /// The comment marker that suppresses a function when it is on its def line
    /// or the line above.
    pub fn ignore_marker(self) -> &'static str {
        self.spec().ignore_marker
    }

    /// Whether `line` holds this language's suppression comment in any spacing and case:
    /// `# dedupe-check: ignore`, `#dedupe-check:ignore`, `# DEDUPE-CHECK: Ignore`,
    /// `//dedupe-check:ignore`.
    pub fn has_ignore_marker(self, line: &str) -> bool {
        let marker = self.ignore_marker();
        let opener = marker.split(' ').next().unwrap_or(marker);
        line.match_indices(opener).any(|(at, _)| {
            let rest = line[at..].trim_start_matches(|c| opener.contains(c));
            directive_follows(rest)
        })
    }
}

/// Whether `text`, after a comment opener, starts with `dedupe-check: ignore`: blanks
/// allowed before and around the colon, letters in either case.
fn directive_follows(text: &str) -> bool {
    strip_word(text, "dedupe-check")
        .and_then(|rest| strip_word(rest, ":"))
        .and_then(|rest| strip_word(rest, "ignore"))
        .is_some()
}

/// `text` after leading blanks and `word` (in any case), if it starts so.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let text = text.trim_start();
    let head = text.get(..word.len())?;
    head.eq_ignore_ascii_case(word).then(|| &text[word.len()..])
}

/// The suppression marker for a file: its language's, or Python's for any other path.
pub fn ignore_marker_for(path: &str) -> &'static str {
    Language::from_path(path)
        .unwrap_or(Language::Python)
        .ignore_marker()
}

/// Whether a file lies below one of `dirs` (single names or `/`-joined runs; a single
/// name may hold `*`) or its name matches one of `files`.
fn matches_dirs_or_files(path: &str, dirs: &[&str], files: &[&str]) -> bool {
    let (parent, file) = path.rsplit_once('/').unwrap_or(("", path));
    let wrapped = format!("/{parent}/");
    dirs.iter().any(|d| {
        if d.contains('*') {
            parent.split('/').any(|dir| wildcard_match(d, dir))
        } else {
            wrapped.contains(&format!("/{d}/"))
        }
    }) || files.iter().any(|p| wildcard_match(p, file))
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

    #[test]
    fn files_by_extension() {
        for (p, l) in [
            ("a.py", Language::Python),
            ("a.js", Language::JavaScript),
            ("a.mjs", Language::JavaScript),
            ("a.cjs", Language::JavaScript),
            ("a.jsx", Language::JavaScript),
            ("a.ts", Language::TypeScript),
            ("a.mts", Language::TypeScript),
            ("a.cts", Language::TypeScript),
            ("a.tsx", Language::Tsx),
            ("a.go", Language::Go),
            ("src/a.rs", Language::Rust),
            ("A.java", Language::Java),
            ("a.c", Language::C),
            ("include/a.h", Language::C),
            ("a.cc", Language::Cpp),
            ("a.cpp", Language::Cpp),
            ("a.cxx", Language::Cpp),
            ("a.hpp", Language::Cpp),
            ("a.hh", Language::Cpp),
            ("a.hxx", Language::Cpp),
            ("a.ipp", Language::Cpp),
            ("Store.cs", Language::CSharp),
            ("Urls.kt", Language::Kotlin),
            ("build.gradle.kts", Language::Kotlin),
            ("src/Urls.php", Language::Php),
            ("lib/urls.rb", Language::Ruby),
            ("lib/tasks/db.rake", Language::Ruby),
            ("Rakefile", Language::Ruby),
            ("app/Gemfile", Language::Ruby),
            ("Sources/Web/Urls.swift", Language::Swift),
            ("src/main/scala/Urls.scala", Language::Scala),
            ("build.sc", Language::Scala),
        ] {
            assert_eq!(Language::from_path(p), Some(l), "{p}");
        }
        assert_eq!(Language::from_path("a.txt"), None);
        assert_eq!(Language::from_path("Rakefile.txt"), None);
        assert_eq!(Language::Tsx.family(), Language::TypeScript);
    }

    #[test]
    fn test_code_by_each_languages_conventions() {
        for (l, p) in [
            (Language::JavaScript, "src/util.test.js"),
            (Language::JavaScript, "src/util.spec.jsx"),
            (Language::TypeScript, "src/__tests__/util.ts"),
            (Language::Go, "store/store_test.go"),
            (Language::Rust, "tests/cli.rs"),
            (Language::Java, "src/test/java/a/UtilTest.java"),
            (Language::Java, "core/src/test/java/a/Helpers.java"),
            (Language::Java, "core/src/testFixtures/java/a/Fixtures.java"),
            (Language::Java, "core/src/integrationTest/java/a/Store.java"),
            (Language::Java, "bench/src/jmh/java/a/ParseBench.java"),
            (Language::C, "tests/parse.c"),
            (Language::C, "src/parse_test.c"),
            (Language::Cpp, "src/parse_unittest.cc"),
            (Language::Cpp, "src/parse_test.cpp"),
            (Language::Cpp, "test/parse.cc"),
            (Language::CSharp, "src/Store.Tests/StoreTest.cs"),
            (Language::CSharp, "test/Store.UnitTests/Fixtures.cs"),
            (Language::CSharp, "src/Web/UrlsTests.cs"),
            (Language::Kotlin, "app/src/test/kotlin/a/Helpers.kt"),
            (Language::Kotlin, "app/src/androidTest/kotlin/a/Screen.kt"),
            (Language::Kotlin, "src/main/kotlin/a/UrlsTest.kt"),
            (Language::Php, "tests/Unit/UrlsTest.php"),
            (Language::Php, "src/UrlsTest.php"),
            (Language::Ruby, "spec/models/user_spec.rb"),
            (Language::Ruby, "test/helpers.rb"),
            (Language::Ruby, "lib/urls_test.rb"),
            (Language::Swift, "Tests/WebTests/Helpers.swift"),
            (Language::Swift, "Sources/Web/UrlsTests.swift"),
            (Language::Scala, "core/src/test/scala/a/Helpers.scala"),
            (Language::Scala, "src/main/scala/a/UrlsSpec.scala"),
            (Language::Scala, "src/main/scala/a/UrlsSuite.scala"),
        ] {
            assert!(l.is_test_path(p), "{p}");
        }
        for (l, p) in [
            (Language::JavaScript, "src/latest.js"),
            (Language::Go, "store/store.go"),
            (Language::Rust, "src/testing.rs"),
            (Language::Java, "src/main/java/a/Util.java"),
            (Language::Java, "src/main/java/a/jmh/Runner.java"),
            (Language::C, "src/attest.c"),
            (Language::Cpp, "src/testing.cc"),
            (Language::CSharp, "src/Store/Tests.Helpers/Store.cs"),
            (Language::CSharp, "src/Store/Contest.cs"),
            (Language::Kotlin, "src/main/kotlin/a/Testing.kt"),
            (Language::Php, "src/Testing/Urls.php"),
            (Language::Ruby, "lib/inspector.rb"),
            (Language::Swift, "Sources/Testing/Urls.swift"),
            (Language::Scala, "src/main/scala/a/Inspect.scala"),
        ] {
            assert!(!l.is_test_path(p), "{p}");
        }
    }

    #[test]
    fn vendored_and_generated_paths() {
        for (l, p) in [
            (Language::JavaScript, "node_modules/x/index.js"),
            (Language::JavaScript, "web/dist/app.js"),
            (Language::JavaScript, "web/app.min.js"),
            (Language::Go, "vendor/github.com/x/y.go"),
            (Language::Java, "third_party/a/B.java"),
            (Language::C, "external/zlib/inflate.c"),
            (Language::C, "proto/api.pb.h"),
            (Language::Cpp, "proto/api.pb.cc"),
            (Language::Cpp, "third_party/abseil/str_cat.cc"),
            (Language::CSharp, "src/Forms/Main.Designer.cs"),
            (Language::CSharp, "obj/Debug/net8.0/App.g.cs"),
            (Language::Php, "vendor/laravel/framework/src/Str.php"),
            (Language::Swift, "Pods/Alamofire/Source/Session.swift"),
            (Language::Swift, "Sources/Web/Assets.generated.swift"),
        ] {
            assert!(l.is_vendored_path(p), "{p}");
        }
        assert!(!Language::JavaScript.is_vendored_path("src/distance.js"));
        assert!(!Language::Go.is_vendored_path("cmd/dist/build.go"));
        assert!(Language::Python.is_vendored_path("src/pip/_vendor/rich/text.py"));
        assert!(Language::Python.is_vendored_path("api/service_pb2.py"));
        assert!(!Language::Python.is_vendored_path("src/vendors.py"));
    }

    #[test]
    fn python_generators_are_recognised_by_their_header() {
        let py = Language::Python;
        for header in [
            "\"\"\"Mixins.\"\"\"\n\n# This file was generated using pkg.util.generate_aggregations. Do not edit manually.\n",
            "# Generated by Django 4.2 on 2024-01-01 10:00\n\nfrom django.db import migrations\n",
            "# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!\n",
        ] {
            assert!(py.is_generated_text(header), "{header}");
        }
        assert!(!py.is_generated_text("def generated_ids():\n    return do_not_edit()\n"));
        // A marker far down the file (in a docstring, say) is not a header.
        let late = format!("{}# Generated by Django\n", "x = 1\n".repeat(20));
        assert!(!py.is_generated_text(&late));
    }

    #[test]
    fn csharp_generated_files_are_told_by_their_header() {
        let cs = Language::CSharp;
        assert!(cs.is_generated_text(
            "//------\n// <auto-generated>\n//     This code was generated by a tool.\n// </auto-generated>\n//------\nclass A {}\n"
        ));
        assert!(!cs.is_generated_text("class AutoGenerated {}\n"));
    }

    #[test]
    fn one_long_line_in_hand_written_source_is_not_minified() {
        let tsx = Language::from_path("icon.tsx").unwrap();
        let svg = format!("const ICON = \"<svg>{}</svg>\";\n", "M0 0L1 1".repeat(250));
        let mut file = svg.clone();
        for i in 0..20 {
            file.push_str(&format!(
                "export function f{i}(x: number) {{\n  return x + {i};\n}}\n"
            ));
        }
        assert_eq!(tsx.generated_text(&file), None);
        let bundle = format!("/*! lib v1 */\n{}\n", "var a=1;".repeat(400));
        assert_eq!(tsx.generated_text(&bundle), Some(Generated::Minified));
        assert_eq!(tsx.generated_text(&svg), Some(Generated::Minified));
    }
}
