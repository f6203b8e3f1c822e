"""Tree-sitter helpers of the per-language evaluation (JavaScript, TypeScript, Go, Rust, Java, C,
C++, C#, Kotlin, PHP).

One place for everything the generator (make_labels.py), the rebuild (build.py) and the
scorer (run.py) must agree on: which nodes are functions and how they are named, the text
of a function (what is hashed and copied), the wrapper that makes a case file a valid file
of its language, the tokens (identifiers as written for the baseline, normalized tokens for
similarity), and the recorded edits (renames, literal changes, statement edits) that derive
a variant from an original.  Needs the packages of requirements.txt (pinned: the edits are
replayed on the parse trees of these grammar versions).
"""
from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field

import tree_sitter as ts

EVAL_DIR = "dedupe_eval/"


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def split_of(key: str) -> str:
    """`dev` or `test` by the SHA-1 of *key* (same rule as eval/evallib.split_of)."""
    return "test" if int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 2 else "dev"


# ------------------------------------------------------------------ languages

def _grammar(lang: str, path: str = "") -> ts.Language:
    if lang == "javascript":
        import tree_sitter_javascript as m
        return ts.Language(m.language())
    if lang == "typescript":
        import tree_sitter_typescript as m
        return ts.Language(m.language_tsx() if path.endswith(".tsx") else m.language_typescript())
    if lang == "go":
        import tree_sitter_go as m
        return ts.Language(m.language())
    if lang == "rust":
        import tree_sitter_rust as m
        return ts.Language(m.language())
    if lang == "java":
        import tree_sitter_java as m
        return ts.Language(m.language())
    if lang == "c":
        import tree_sitter_c as m
        return ts.Language(m.language())
    if lang == "cpp":
        import tree_sitter_cpp as m
        return ts.Language(m.language())
    if lang == "csharp":
        import tree_sitter_c_sharp as m
        return ts.Language(m.language())
    if lang == "kotlin":
        import tree_sitter_kotlin as m
        return ts.Language(m.language())
    if lang == "php":
        import tree_sitter_php as m
        return ts.Language(m.language_php())
    raise ValueError(lang)


@dataclass
class Spec:
    name: str
    exts: tuple
    case_ext: str
    ident: frozenset           # identifier-like leaf kinds (baseline tokens, normalization)
    renamable: frozenset       # identifier kinds a rename touches
    strings: frozenset         # string-like kinds (one token each)
    numbers: frozenset
    comments: frozenset
    extra_statements: frozenset
    keywords: frozenset
    camel: bool = True
    test_re: str = ""
    vendor_re: str = r"(^|/)(vendor|third_party)/"


_JS_KW = frozenset("""break case catch class const continue debugger default delete do else export extends
finally for function if import in instanceof new return super switch this throw try typeof var void while
with yield let static enum await implements package protected interface private public null true false
undefined arguments eval of async get set type""".split())

_C_KW = frozenset("""auto break case char const continue default do double else enum extern float for goto
if inline int long register restrict return short signed sizeof static struct switch typedef union
unsigned void volatile while NULL size_t bool true false _Bool""".split())

SPECS = {
    "javascript": Spec(
        "javascript", (".js", ".mjs", ".cjs", ".jsx"), ".js",
        frozenset({"identifier", "property_identifier", "shorthand_property_identifier",
                   "shorthand_property_identifier_pattern", "private_property_identifier",
                   "statement_identifier"}),
        frozenset({"identifier", "shorthand_property_identifier_pattern"}),
        frozenset({"string", "template_string", "regex"}), frozenset({"number"}),
        frozenset({"comment", "html_comment"}),
        frozenset({"lexical_declaration", "variable_declaration", "function_declaration",
                   "generator_function_declaration", "class_declaration"}),
        _JS_KW, True,
        r"(\.test\.|\.spec\.|(^|/)(__tests__|__mocks__|test|tests|examples?|benchmarks?|docs?)/)",
        r"(^|/)(vendor|third_party|node_modules|bower_components|dist)/"),
    "typescript": Spec(
        "typescript", (".ts", ".mts", ".cts", ".tsx"), ".ts",
        frozenset({"identifier", "property_identifier", "shorthand_property_identifier",
                   "shorthand_property_identifier_pattern", "private_property_identifier",
                   "statement_identifier", "type_identifier"}),
        frozenset({"identifier", "shorthand_property_identifier_pattern"}),
        frozenset({"string", "template_string", "regex"}), frozenset({"number"}),
        frozenset({"comment", "html_comment"}),
        frozenset({"lexical_declaration", "variable_declaration", "function_declaration",
                   "generator_function_declaration", "class_declaration"}),
        _JS_KW | frozenset("any number string boolean never unknown object symbol bigint keyof readonly "
                           "declare namespace module abstract infer is asserts satisfies".split()), True,
        r"(\.test\.|\.spec\.|\.d\.ts$|(^|/)(__tests__|__mocks__|test|tests|examples?|benchmarks?|docs?|"
        r"playground|scripts|e2e)/)",
        r"(^|/)(vendor|third_party|node_modules|bower_components|dist)/"),
    "go": Spec(
        "go", (".go",), ".go",
        frozenset({"identifier", "field_identifier", "type_identifier", "package_identifier",
                   "label_name"}),
        frozenset({"identifier"}),
        frozenset({"interpreted_string_literal", "raw_string_literal", "rune_literal"}),
        frozenset({"int_literal", "float_literal", "imaginary_literal"}),
        frozenset({"comment"}),
        frozenset({"short_var_declaration", "var_declaration", "const_declaration",
                   "assignment_statement", "inc_statement", "dec_statement"}),
        frozenset("""break case chan const continue default defer else fallthrough for func go goto if
import interface map package range return select struct switch type var nil true false iota len cap
append make new copy delete panic recover print println close string int error bool byte rune any""".split()),
        True, r"(_test\.go$|(^|/)(testdata|examples?|_examples?)/)"),
    "rust": Spec(
        "rust", (".rs",), ".rs",
        frozenset({"identifier", "field_identifier", "type_identifier", "shorthand_field_identifier",
                   "metavariable"}),
        frozenset({"identifier"}),
        frozenset({"string_literal", "raw_string_literal", "char_literal"}),
        frozenset({"integer_literal", "float_literal"}),
        frozenset({"line_comment", "block_comment"}),
        frozenset({"let_declaration", "function_item", "match_arm"}),
        frozenset("""as async await break const continue crate dyn else enum extern false fn for if impl in
let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use
where while yield box try macro union gen""".split()),
        False, r"((^|/)(tests|benches|examples|fuzz)/|(^|/)build\.rs$)"),
    "java": Spec(
        "java", (".java",), ".java",
        frozenset({"identifier", "type_identifier"}),
        frozenset({"identifier"}),
        frozenset({"string_literal", "character_literal", "text_block"}),
        frozenset({"decimal_integer_literal", "hex_integer_literal", "octal_integer_literal",
                   "binary_integer_literal", "decimal_floating_point_literal",
                   "hex_floating_point_literal"}),
        frozenset({"line_comment", "block_comment"}),
        frozenset({"local_variable_declaration", "switch_expression"}),
        frozenset("""abstract assert boolean break byte case catch char class const continue default do
double else enum extends final finally float for goto if implements import instanceof int interface long
native new package private protected public return short static strictfp super switch synchronized this
throw throws transient try void volatile while var record yield true false null""".split()),
        True, r"((^|/)src/test/|Tests?\.java$|(^|/)(test|tests|examples?)/)"),
    "c": Spec(
        "c", (".c", ".h"), ".c",
        frozenset({"identifier", "field_identifier", "type_identifier", "statement_identifier"}),
        frozenset({"identifier"}),
        frozenset({"string_literal", "char_literal", "system_lib_string", "raw_string_literal"}),
        frozenset({"number_literal"}),
        frozenset({"comment"}),
        frozenset({"declaration"}),
        _C_KW, False,
        # not an original or a negative: tests, examples, fuzzers, benchmarks, bundled deps/
        r"((^|/)(tests?|examples?|docs?|fuzz|benchmarks?|deps|unit)/|_test\.c$|(^|/)test_[^/]*\.c$|\.h$)",
        r"(^|/)(vendor|third_party|external)/"),
    "cpp": Spec(
        "cpp", (".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".ipp"), ".cc",
        frozenset({"identifier", "field_identifier", "type_identifier", "statement_identifier",
                   "namespace_identifier"}),
        frozenset({"identifier"}),
        frozenset({"string_literal", "char_literal", "system_lib_string", "raw_string_literal"}),
        frozenset({"number_literal"}),
        frozenset({"comment"}),
        frozenset({"declaration", "field_declaration"}),
        _C_KW | frozenset("""alignas alignof and asm auto bool catch class compl concept consteval constexpr
constinit co_await co_return co_yield decltype delete explicit export false friend inline mutable namespace
new noexcept not nullptr operator or private protected public reinterpret_cast requires static_assert
static_cast dynamic_cast const_cast template this thread_local throw true try typeid typename using
virtual override final std""".split()), False,
        r"((^|/)(tests?|examples?|docs?|fuzz|benchmarks?|benchmark)/|_(unit)?tests?\.(cc|cpp)$|"
        r"(^|/)test_[^/]*\.(cc|cpp)$|_bench(mark)?\.(cc|cpp)$|\.(hpp|hh|hxx|ipp)$)",
        r"(^|/)(vendor|third_party|external)/"),
    "csharp": Spec(
        "csharp", (".cs",), ".cs",
        frozenset({"identifier"}),
        frozenset({"identifier"}),
        frozenset({"string_literal", "verbatim_string_literal", "raw_string_literal", "character_literal",
                   "interpolated_string_expression"}),
        frozenset({"integer_literal", "real_literal"}),
        frozenset({"comment"}),
        frozenset({"local_declaration_statement", "local_function_statement"}),
        frozenset("""abstract as base bool break byte case catch char checked class const continue decimal
default delegate do double else enum event explicit extern false finally fixed float for foreach goto if
implicit in int interface internal is lock long namespace new null object operator out override params
private protected public readonly ref return sbyte sealed short sizeof stackalloc static string struct
switch this throw true try typeof uint ulong unchecked unsafe ushort using virtual void volatile while var
async await dynamic nameof value get set init record when where yield""".split()), True,
        r"((^|/)[^/]*\.Tests?/|(^|/)(tests?|Tests?|benchmarks?|samples?|examples?)/|Tests?\.cs$|"
        r"(^|/)[^/]*Benchmarks?[^/]*/)",
        r"(^|/)(vendor|third_party|obj)/"),
    "kotlin": Spec(
        "kotlin", (".kt", ".kts"), ".kt",
        frozenset({"identifier"}),
        frozenset({"identifier"}),
        frozenset({"string_literal", "multiline_string_literal", "character_literal"}),
        frozenset({"number_literal", "float_literal"}),
        frozenset({"line_comment", "block_comment"}),
        frozenset({"property_declaration", "assignment", "return_expression", "throw_expression",
                   "if_expression", "when_expression", "try_expression"}),
        frozenset("""as break class continue do else false for fun if in interface is null object package
return super this throw true try typealias typeof val var when while by catch constructor delegate dynamic
field file finally get import init param property receiver set setparam where actual abstract annotation
companion const crossinline data enum expect external final infix inline inner internal lateinit noinline
open operator out override private protected public reified sealed suspend tailrec vararg it""".split()),
        True,
        r"((^|/)src/[^/]*[tT]est[^/]*/|(^|/)(tests?|benchmarks?|samples?|examples?|test-utils|"
        r"[^/]*-test[^/]*|[tT]est[dD]ata|build-logic|buildSrc|benchmarks?)/|Tests?\.kt$|\.gradle\.kts$)"),
    "php": Spec(
        "php", (".php",), ".php",
        frozenset({"name"}),
        frozenset({"name"}),
        frozenset({"string", "encapsed_string", "heredoc", "nowdoc"}),
        frozenset({"integer", "float"}),
        frozenset({"comment"}),
        frozenset(),
        frozenset("""abstract and array as break callable case catch class clone const continue declare default
do echo else elseif empty enddeclare endfor endforeach endif endswitch endwhile enum eval exit extends final
finally fn for foreach function global goto if implements include instanceof insteadof interface isset list
match namespace new or print private protected public readonly require return static switch throw trait try
unset use var while xor yield this self parent null true false""".split()), True,
        r"((^|/)(tests?|Tests?|fixtures?|Fixtures?|examples?|docs?|benchmarks?|stubs?)/|Test\.php$|\.stub$)"),
}


def lang_of_path(path: str) -> str | None:
    if path.endswith(".d.ts"):
        return None
    for name, s in SPECS.items():
        if path.endswith(s.exts):
            return name
    return None


def indexable(lang: str, path: str, text: str) -> bool:
    """False for vendored, built and generated files (what the engine skips too): under
    vendor/, third_party/, node_modules/, dist/ (JS/TS), minified or bundled, a generated
    marker in the first lines, a line over 2000 bytes."""
    if re.search(SPECS[lang].vendor_re, path) or re.search(r"\.(min|bundle)\.js$|\.pb\.go$", path):
        return False
    lines = text.split("\n")
    head = "\n".join(lines[:5])
    return not ("Code generated" in head or "@generated" in head or any(len(l) > 2000 for l in lines))


_PARSERS: dict = {}


def parse(lang: str, path: str, text: str):
    key = (lang, path.endswith(".tsx"))
    if key not in _PARSERS:
        _PARSERS[key] = ts.Parser(_grammar(lang, path))
    return _PARSERS[key].parse(text.encode("utf-8"))


def ntext(node) -> str:
    return node.text.decode("utf-8", errors="replace")


def walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def has_error(node) -> bool:
    return node.has_error


# ------------------------------------------------------------------ functions

@dataclass
class Func:
    lang: str
    path: str
    qualname: str
    name: str
    node: object                  # the function node (declaration, method, arrow, ...)
    unit: object                  # the node whose text is the function's text
    start_line: int               # 1-based, of unit
    end_line: int
    kind: str                     # "free" | "method" | "impl_method" | "bound"
    wrapper: str = ""             # class name / impl header the text needs around it
    ctor: bool = False
    in_test: bool = False         # Rust #[cfg(test)] module, ...
    nested: bool = False
    extra: dict = field(default_factory=dict)


def _name_of(node, fieldname="name"):
    n = node.child_by_field_name(fieldname)
    return ntext(n) if n is not None else None


def _rust_is_test_mod(node) -> bool:
    """A `mod` item preceded by #[cfg(test)] (or named tests)."""
    if _name_of(node) == "tests":
        return True
    prev = node.prev_named_sibling
    while prev is not None and prev.type == "attribute_item":
        if "cfg(test)" in ntext(prev).replace(" ", ""):
            return True
        prev = prev.prev_named_sibling
    return False


def _rust_has_test_attr(node) -> bool:
    prev = node.prev_named_sibling
    while prev is not None and prev.type in ("attribute_item", "line_comment", "block_comment"):
        t = ntext(prev).replace(" ", "")
        if t.startswith("#[test") or "cfg(test)" in t:
            return True
        prev = prev.prev_named_sibling
    return False


def _kotlin_name(node):
    n = node.child_by_field_name("name")
    if n is None:
        ids = [c for c in node.named_children if c.type in ("identifier", "type_identifier", "simple_identifier")]
        n = ids[0] if ids else None
    return ntext(n) if n is not None else None


def _c_declarator_leaf(node):
    """The name node at the end of a C/C++ declarator chain (pointers, references, arrays, ...)."""
    while node is not None and node.type in ("pointer_declarator", "array_declarator", "init_declarator",
                                              "parenthesized_declarator", "attributed_declarator",
                                              "reference_declarator", "function_declarator"):
        d = node.child_by_field_name("declarator")
        if d is None:
            named = [c for c in node.named_children if c.type not in ("type_qualifier", "ms_pointer_modifier")]
            d = named[0] if named else None
        node = d
    return node


def _c_func_name(fn):
    d = fn.child_by_field_name("declarator")
    while d is not None and d.type != "function_declarator":
        nd = d.child_by_field_name("declarator")
        if nd is None:
            named = [c for c in d.named_children if c.type not in ("type_qualifier",)]
            nd = named[0] if named else None
        d = nd
    if d is None:
        return None
    n = d.child_by_field_name("declarator")
    if n is None or n.type not in ("identifier", "field_identifier", "qualified_identifier", "destructor_name",
                                   "operator_name", "template_function"):
        return None
    return ntext(n)


def functions(lang: str, path: str, text: str, tree=None) -> list[Func]:
    """Named functions of a file, each with its qualified name (as a reader would search for
    it; the engine's names may differ in form, matching goes by path and lines)."""
    tree = tree or parse(lang, path, text)
    out: list[Func] = []
    src = text.encode("utf-8")

    def add(node, unit, name, scope, kind, wrapper="", ctor=False, in_test=False, nested=False):
        out.append(Func(lang, path, ".".join(scope + [name]), name, node, unit,
                        unit.start_point[0] + 1, unit.end_point[0] + 1, kind, wrapper, ctor, in_test, nested))

    def visit(node, scope, in_fn, in_test):
        t = node.type
        if lang in ("javascript", "typescript"):
            if t in ("function_declaration", "generator_function_declaration") and node.child_by_field_name("body"):
                name = _name_of(node)
                add(node, node, name, scope, "free", nested=in_fn)
                for c in node.children:
                    visit(c, scope + [name], True, in_test)
                return
            if t in ("class_declaration", "abstract_class_declaration", "class"):
                name = _name_of(node) or "<class>"
                for c in node.children:
                    visit(c, scope + [name], in_fn, in_test)
                return
            if t == "method_definition" and node.child_by_field_name("body"):
                name = _name_of(node)
                parent = node.parent
                cls = parent.parent if parent is not None else None
                is_class = parent is not None and parent.type == "class_body" and cls is not None \
                    and cls.type in ("class_declaration", "abstract_class_declaration")
                add(node, node, name, scope, "method" if is_class else "objmethod",
                    wrapper=(_name_of(cls) or "") if is_class else "", ctor=name == "constructor", nested=in_fn)
                for c in node.children:
                    visit(c, scope + [name], True, in_test)
                return
            if t == "variable_declarator":
                v = node.child_by_field_name("value")
                nm = node.child_by_field_name("name")
                if v is not None and nm is not None and nm.type == "identifier" and \
                        v.type in ("arrow_function", "function_expression", "function", "generator_function"):
                    decl = node.parent
                    single = decl is not None and decl.type in ("lexical_declaration", "variable_declaration") \
                        and len([c for c in decl.named_children if c.type == "variable_declarator"]) == 1
                    name = ntext(nm)
                    add(v, decl if single else node, name, scope, "bound" if single else "other", nested=in_fn)
                    for c in v.children:
                        visit(c, scope + [name], True, in_test)
                    return
            if t == "pair":
                v = node.child_by_field_name("value")
                k = node.child_by_field_name("key")
                if v is not None and k is not None and v.type in ("arrow_function", "function_expression", "function"):
                    name = ntext(k).strip("'\"")
                    add(v, node, name, scope, "other", nested=in_fn)
                    for c in v.children:
                        visit(c, scope + [name], True, in_test)
                    return
            if t == "assignment_expression":
                v = node.child_by_field_name("right")
                l = node.child_by_field_name("left")
                if v is not None and l is not None and v.type in ("arrow_function", "function_expression", "function"):
                    name = ntext(l)
                    st = node.parent
                    top = st is not None and st.type == "expression_statement" and st.parent is not None \
                        and st.parent.type == "program"
                    add(v, st if top else node, name, scope, "assign" if top else "other", nested=in_fn)
                    for c in v.children:
                        visit(c, scope + [name], True, in_test)
                    return
        elif lang == "go":
            if t == "function_declaration":
                name = _name_of(node)
                add(node, node, name, scope, "free")
                for c in node.children:
                    visit(c, scope + [name], True, in_test)
                return
            if t == "method_declaration":
                recv = node.child_by_field_name("receiver")
                rt = ""
                if recv is not None:
                    for n in walk(recv):
                        if n.type == "type_identifier":
                            rt = ntext(n)
                            break
                name = _name_of(node)
                add(node, node, name, scope + ([rt] if rt else []), "free")
                for c in node.children:
                    visit(c, scope + [rt, name], True, in_test)
                return
        elif lang == "rust":
            if t == "mod_item":
                name = _name_of(node) or "mod"
                for c in node.children:
                    visit(c, scope + [name], in_fn, in_test or _rust_is_test_mod(node))
                return
            if t == "impl_item":
                ty = node.child_by_field_name("type")
                body = node.child_by_field_name("body")
                tname = ntext(ty) if ty is not None else "?"
                tname = re.sub(r"<.*", "", tname)
                header = src[node.start_byte:body.start_byte].decode("utf-8").rstrip() if body else ""
                for c in (body.children if body is not None else []):
                    if c.type == "function_item" and c.child_by_field_name("body"):
                        name = _name_of(c)
                        add(c, c, name, scope + [tname], "impl_method", wrapper=header,
                            in_test=in_test or _rust_has_test_attr(c))
                        for cc in c.children:
                            visit(cc, scope + [tname, name], True, in_test)
                    else:
                        visit(c, scope + [tname], in_fn, in_test)
                return
            if t == "trait_item":
                name = _name_of(node)
                for c in node.children:
                    visit(c, scope + [name], in_fn, in_test)
                return
            if t == "function_item" and node.child_by_field_name("body"):
                name = _name_of(node)
                parent = node.parent
                kind = "free" if parent is not None and parent.type in ("source_file", "declaration_list") \
                    and (parent.type == "source_file" or parent.parent.type == "mod_item") else "other"
                add(node, node, name, scope, kind, in_test=in_test or _rust_has_test_attr(node), nested=in_fn)
                for c in node.children:
                    visit(c, scope + [name], True, in_test)
                return
        elif lang == "java":
            if t in ("class_declaration", "enum_declaration", "record_declaration", "interface_declaration"):
                name = _name_of(node) or "?"
                for c in node.children:
                    visit(c, scope + [name], in_fn, in_test)
                return
            if t in ("method_declaration", "constructor_declaration", "compact_constructor_declaration") \
                    and node.child_by_field_name("body"):
                name = _name_of(node)
                body = node.parent
                owner = body.parent if body is not None else None
                plain = owner is not None and owner.type == "class_declaration" and body.type == "class_body"
                add(node, node, name, scope, "method" if plain else "other",
                    wrapper=_name_of(owner) if plain else "", ctor=t != "method_declaration", nested=in_fn)
                for c in node.children:
                    visit(c, scope + [name], True, in_test)
                return
            if t == "object_creation_expression":      # anonymous classes: their methods are "other"
                for c in node.children:
                    visit(c, scope + ["<anon>"], in_fn, in_test)
                return
        elif lang == "php":
            if t in ("class_declaration", "trait_declaration", "interface_declaration", "enum_declaration"):
                name = _name_of(node) or "?"
                for c in node.children:
                    visit(c, scope + [name], in_fn, in_test)
                return
            if t in ("method_declaration", "function_definition") and node.child_by_field_name("body") is not None:
                name = _name_of(node)
                body = node.parent
                owner = body.parent if body is not None else None
                if t == "method_declaration":
                    plain = owner is not None and owner.type == "class_declaration" and body.type == "declaration_list"
                    kind, wrapper = ("method", _name_of(owner)) if plain else ("other", "")
                else:
                    kind, wrapper = ("free" if body is not None and body.type == "program" else "other"), ""
                add(node, node, name, scope, kind, wrapper=wrapper, ctor=name.startswith("__"), nested=in_fn)
                for c in node.children:
                    visit(c, scope + [name], True, in_test)
                return
        elif lang == "kotlin":
            if t in ("class_declaration", "object_declaration", "companion_object"):
                nm = _kotlin_name(node)
                for c in node.children:
                    visit(c, scope + ([nm] if nm else []), in_fn, in_test)
                return
            if t == "function_declaration":
                name = _kotlin_name(node)
                fb = [c for c in node.named_children if c.type == "function_body"]
                block = fb and fb[0].named_children and fb[0].named_children[0].type == "block"
                if name and block:
                    body = node.parent
                    owner = body.parent if body is not None else None
                    if body is not None and body.type == "source_file":
                        kind, wrapper = "free", ""
                    elif body is not None and body.type == "class_body" and owner is not None \
                            and owner.type in ("class_declaration", "object_declaration") and _kotlin_name(owner):
                        kw = "object" if owner.type == "object_declaration" else "class"
                        kind, wrapper = "method", f"{kw} {_kotlin_name(owner)}"
                    else:
                        kind, wrapper = "other", ""
                    add(node, node, name, scope, kind, wrapper=wrapper, nested=in_fn)
                    for c in node.children:
                        visit(c, scope + [name], True, in_test)
                    return
        elif lang == "csharp":
            if t in ("class_declaration", "struct_declaration", "record_declaration", "interface_declaration",
                     "namespace_declaration", "enum_declaration"):
                name = _name_of(node) or "?"
                for c in node.children:
                    visit(c, scope + [name] if t != "namespace_declaration" else scope, in_fn, in_test)
                return
            if t in ("method_declaration", "constructor_declaration", "local_function_statement") \
                    and node.child_by_field_name("body") is not None \
                    and node.child_by_field_name("body").type == "block":
                name = _name_of(node)
                body = node.parent
                owner = body.parent if body is not None else None
                plain = t != "local_function_statement" and owner is not None \
                    and owner.type in ("class_declaration", "struct_declaration") and body.type == "declaration_list"
                kw = "struct" if owner is not None and owner.type == "struct_declaration" else "class"
                add(node, node, name, scope, "method" if plain else "other",
                    wrapper=f"{kw} {_name_of(owner)}" if plain else "", ctor=t == "constructor_declaration",
                    nested=in_fn)
                for c in node.children:
                    visit(c, scope + [name], True, in_test)
                return
        elif lang in ("c", "cpp"):
            if lang == "cpp" and t == "namespace_definition":
                name = _name_of(node) or "<ns>"
                for c in node.children:
                    visit(c, scope + [name], in_fn, in_test)
                return
            if lang == "cpp" and t in ("class_specifier", "struct_specifier", "union_specifier") \
                    and node.child_by_field_name("body") is not None:
                name = _name_of(node) or "<anon>"
                for c in node.children:
                    visit(c, scope + [re.sub(r"<.*", "", name)], in_fn, in_test)
                return
            if t == "function_definition" and node.child_by_field_name("body") is not None \
                    and node.child_by_field_name("body").type == "compound_statement":
                nm = _c_func_name(node)
                if nm is not None:
                    name = re.sub(r"<[^<>]*>", "", nm)
                    unit = node.parent if node.parent is not None and node.parent.type == "template_declaration" \
                        else node
                    owner = unit.parent.parent if unit.parent is not None else None
                    in_class = lang == "cpp" and unit.parent is not None \
                        and unit.parent.type == "field_declaration_list" and owner is not None \
                        and owner.type in ("class_specifier", "struct_specifier") \
                        and owner.child_by_field_name("name") is not None \
                        and owner.parent is not None and owner.parent.type != "template_declaration"
                    if in_class:
                        kw = "struct" if owner.type == "struct_specifier" else "class"
                        add(node, unit, name, scope, "method", wrapper=f"{kw} {_name_of(owner)}",
                            ctor=name.startswith("~") or name == _name_of(owner), nested=in_fn)
                    else:
                        ok = unit.parent is not None and unit.parent.type in (
                            "translation_unit", "declaration_list", "preproc_if", "preproc_ifdef",
                            "preproc_else", "preproc_elif")
                        short = name.split("::")
                        # an out-of-class definition (`Store::get`): a copy of it under the same
                        # name is the same method defined twice, no new function; not wrappable
                        ok = ok and len(short) == 1
                        add(node, unit, name, scope, "free" if ok else "other",
                            ctor=len(short) > 1 and (short[-1].startswith("~") or short[-1] == short[-2]), nested=in_fn)
                    for c in node.children:
                        visit(c, scope + [name], True, in_test)
                    return
        for c in node.children:
            visit(c, scope, in_fn, in_test)

    visit(tree.root_node, [], False, False)
    return out


def unit_text(text: str, f: Func) -> str:
    """The function's text: its unit node, preceded by the indentation of its first line."""
    src = text.encode("utf-8")
    ls = src.rfind(b"\n", 0, f.unit.start_byte) + 1
    lead = src[ls:f.unit.start_byte]
    if lead.strip():
        lead = b""
    return (lead + src[f.unit.start_byte:f.unit.end_byte]).decode("utf-8")


def find_function(lang, path, text, qualname, start_line):
    for f in functions(lang, path, text):
        if f.qualname == qualname and f.start_line == start_line:
            return f
    return None


# ------------------------------------------------------------------ case files

def wrap(lang: str, kind: str, wrapper: str, body: str) -> tuple[str, str, int]:
    """(prefix, suffix, line offset of the function) that make *body* a valid file."""
    if lang in ("javascript", "typescript"):
        if kind == "method":
            return f"class {wrapper} {{\n", "\n}\n", 1
        return "", "\n", 0
    if lang == "go":
        return "package dedupe_eval\n\n", "\n", 2
    if lang == "rust":
        if kind == "impl_method":
            return f"{wrapper} {{\n", "\n}\n", 1
        return "", "\n", 0
    if lang == "java":
        return f"package dedupe_eval;\n\nclass {wrapper} {{\n", "\n}\n", 3
    if lang == "php":
        if kind == "method":
            return f"<?php\n\nclass {wrapper} {{\n", "\n}\n", 3
        return "<?php\n\n", "\n", 2
    if lang == "kotlin":
        if kind == "method":
            return f"package dedupe_eval\n\n{wrapper} {{\n", "\n}\n", 3
        return "package dedupe_eval\n\n", "\n", 2
    if lang == "csharp":
        return f"namespace DedupeEval;\n\n{wrapper} {{\n", "\n}\n", 3
    if lang in ("c", "cpp"):
        if kind == "method":
            return f"{wrapper} {{\npublic:\n", "\n};\n", 2
        return "", "\n", 0
    raise ValueError(lang)


def case_file(lang, kind, wrapper, body):
    pre, suf, off = wrap(lang, kind, wrapper, body)
    return pre + body.rstrip("\n") + suf, off


def case_function(lang, path, text, offset):
    """The Func of a case file: the first function starting at line offset + 1."""
    fs = [f for f in functions(lang, path, text) if f.start_line == offset + 1 and not f.nested]
    return fs[0] if fs else None


# ------------------------------------------------------------------ tokens

def leaves(spec: Spec, node):
    """Code leaves: strings as one token, comments dropped."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in spec.comments:
            continue
        if n.type in spec.strings or n.child_count == 0:
            yield n
            continue
        stack.extend(reversed(n.children))


def normalized_tokens(lang, node) -> list[str]:
    spec = SPECS[lang]
    out = []
    for n in leaves(spec, node):
        if n.type in spec.ident:
            out.append("ID")
        elif n.type in spec.strings or n.type in spec.numbers:
            out.append("LIT")
        else:
            t = ntext(n)
            if t.strip():
                out.append(t)
    return out


def code_tokens(lang, node) -> list[str]:
    spec = SPECS[lang]
    return [ntext(n) for n in leaves(spec, node) if ntext(n).strip()]


def identifier_tokens(lang, node) -> set[str]:
    """Identifiers as written (keywords, literals, punctuation dropped): the baseline's tokens."""
    spec = SPECS[lang]
    return {ntext(n) for n in leaves(spec, node) if n.type in spec.ident and ntext(n) not in spec.keywords}


def statement_count(lang, node) -> int:
    spec = SPECS[lang]
    body = node.child_by_field_name("body") or node
    n = 0
    for x in walk(body):
        if x is body:
            continue
        if (x.type.endswith("_statement") and x.type not in ("empty_statement",)) or x.type in spec.extra_statements:
            n += 1
    return n


def ratio(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# ------------------------------------------------------------------ binding names

def _pattern_names(lang, node, out):
    t = node.type
    if t == "identifier":
        out.append(node)
    elif lang in ("javascript", "typescript"):
        if t == "assignment_pattern":
            l = node.child_by_field_name("left")
            if l is not None:
                _pattern_names(lang, l, out)
        elif t in ("rest_pattern", "array_pattern"):
            for c in node.named_children:
                _pattern_names(lang, c, out)
        elif t == "object_pattern":
            for c in node.named_children:
                if c.type == "pair_pattern":
                    v = c.child_by_field_name("value")
                    if v is not None:
                        _pattern_names(lang, v, out)
                elif c.type in ("rest_pattern", "object_assignment_pattern"):
                    _pattern_names(lang, c.child_by_field_name("left") or c, out) if c.type == "object_assignment_pattern" \
                        else _pattern_names(lang, c, out)
        elif t in ("required_parameter", "optional_parameter"):
            p = node.child_by_field_name("pattern")
            if p is not None:
                _pattern_names(lang, p, out)
    elif lang == "rust":
        if t in ("tuple_pattern", "slice_pattern", "reference_pattern", "mut_pattern", "ref_pattern"):
            for c in node.named_children:
                _pattern_names(lang, c, out)
        elif t == "tuple_struct_pattern":
            for i, c in enumerate(node.children):
                if node.field_name_for_child(i) != "type" and c.is_named:
                    _pattern_names(lang, c, out)


def binding_names(lang, fnode) -> list[str]:
    """Parameters and locals declared in the function (first-seen order)."""
    nodes = []
    for n in walk(fnode):
        t = n.type
        if lang in ("javascript", "typescript"):
            if t == "formal_parameters":
                for c in n.named_children:
                    _pattern_names(lang, c, nodes)
            elif t == "arrow_function":
                p = n.child_by_field_name("parameter")
                if p is not None:
                    _pattern_names(lang, p, nodes)
            elif t == "variable_declarator":
                p = n.child_by_field_name("name")
                if p is not None:
                    _pattern_names(lang, p, nodes)
            elif t in ("for_in_statement",):
                p = n.child_by_field_name("left")
                if p is not None and n.child_by_field_name("kind") is not None:
                    _pattern_names(lang, p, nodes)
            elif t == "catch_clause":
                p = n.child_by_field_name("parameter")
                if p is not None:
                    _pattern_names(lang, p, nodes)
        elif lang == "go":
            if t in ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"):
                for i, c in enumerate(n.children):
                    if n.field_name_for_child(i) == "name" and c.type == "identifier":
                        nodes.append(c)
            elif t in ("short_var_declaration", "range_clause"):
                l = n.child_by_field_name("left")
                if l is not None:
                    nodes += [c for c in l.named_children if c.type == "identifier"]
        elif lang == "rust":
            if t in ("parameter", "let_declaration", "for_expression"):
                p = n.child_by_field_name("pattern")
                if p is not None:
                    _pattern_names(lang, p, nodes)
            elif t == "closure_parameters":
                for c in n.named_children:
                    if c.type == "parameter":
                        continue
                    _pattern_names(lang, c, nodes)
        elif lang == "java":
            if t in ("formal_parameter", "catch_formal_parameter", "enhanced_for_statement", "resource"):
                p = n.child_by_field_name("name")
                if p is not None and p.type == "identifier":
                    nodes.append(p)
            elif t == "variable_declarator" and n.parent is not None and \
                    n.parent.type in ("local_variable_declaration", "spread_parameter"):
                p = n.child_by_field_name("name")
                if p is not None and p.type == "identifier":
                    nodes.append(p)
            elif t == "spread_parameter":
                for c in n.named_children:
                    if c.type == "variable_declarator":
                        p = c.child_by_field_name("name")
                        if p is not None:
                            nodes.append(p)
            elif t == "lambda_expression":
                p = n.child_by_field_name("parameters")
                if p is not None:
                    if p.type == "identifier":
                        nodes.append(p)
                    else:
                        nodes += [c for c in p.named_children if c.type == "identifier"]
        elif lang == "php":
            v = None
            if t in ("simple_parameter", "variadic_parameter", "property_promotion_parameter", "catch_clause"):
                v = n.child_by_field_name("name")
            elif t == "assignment_expression":
                v = n.child_by_field_name("left")
            if v is not None and v.type == "variable_name" and v.named_children:
                nodes.append(v.named_children[0])
            if t == "foreach_statement":
                for c in n.named_children[1:]:
                    for x in ([c] if c.type == "variable_name" else c.named_children if c.type == "pair" else []):
                        if x.type == "variable_name" and x.named_children:
                            nodes.append(x.named_children[0])
        elif lang == "kotlin":
            if t in ("parameter", "variable_declaration", "catch_block"):
                ids = [c for c in n.named_children if c.type == "identifier"]
                if ids:
                    nodes.append(ids[0])
        elif lang == "csharp":
            if t in ("parameter", "variable_declarator", "catch_declaration"):
                p = n.child_by_field_name("name")
                if p is not None and p.type == "identifier":
                    nodes.append(p)
            elif t == "foreach_statement":
                p = n.child_by_field_name("left")
                if p is not None and p.type == "identifier":
                    nodes.append(p)
        elif lang in ("c", "cpp"):
            if t in ("parameter_declaration", "optional_parameter_declaration", "declaration", "for_range_loop"):
                for i, c in enumerate(n.children):
                    if n.field_name_for_child(i) == "declarator" and c.type != "function_declarator":
                        leaf = _c_declarator_leaf(c)
                        if leaf is not None and leaf.type == "identifier":
                            nodes.append(leaf)
    seen, out = set(), []
    for x in nodes:
        s = ntext(x)
        if s in seen or s == "_" or s in SPECS[lang].keywords:
            continue
        if lang == "rust" and not (s[0].islower() or s[0] == "_"):
            continue
        seen.add(s)
        out.append(s)
    return out


def _rename_site(lang, n) -> bool:
    if n.type not in SPECS[lang].renamable:
        return False
    p = n.parent
    if lang == "php":
        return p is not None and p.type == "variable_name"
    if lang == "kotlin" and p is not None:
        if p.type in ("user_type", "type_identifier", "value_argument", "import_header", "package_header",
                      "qualified_identifier", "label"):
            return False
        if p.type == "navigation_expression" and p.named_children and p.named_children[0].id != n.id:
            return False
    if lang == "csharp" and p is not None:
        for i, c in enumerate(p.children):
            if c.id == n.id:
                fname = p.field_name_for_child(i)
                if (p.type == "member_access_expression" and fname == "name") or \
                        p.type in ("type_argument_list", "qualified_name", "attribute", "generic_name") or \
                        (fname == "type") or (p.type == "argument" and fname == "name"):
                    return False
    if lang == "java" and p is not None:
        for i, c in enumerate(p.children):
            if c.id == n.id:
                fname = p.field_name_for_child(i)
                if (p.type == "field_access" and fname == "field") or \
                        (p.type == "method_invocation" and fname == "name"):
                    return False
    return True


def name_node(f: Func):
    """The node holding the function's own name (renamed with the locals)."""
    if f.lang in ("javascript", "typescript") and f.kind == "bound":
        decl = f.unit.named_children[0] if f.unit.named_children else None
        return decl.child_by_field_name("name") if decl is not None else None
    if f.lang in ("c", "cpp"):
        d = f.node.child_by_field_name("declarator")
        while d is not None and d.type != "function_declarator":
            d = d.child_by_field_name("declarator") or (d.named_children[0] if d.named_children else None)
        n = d.child_by_field_name("declarator") if d is not None else None
        if n is not None and n.type == "qualified_identifier":
            n = n.child_by_field_name("name")
        return n if n is not None and n.type in ("identifier", "field_identifier") else None
    return f.node.child_by_field_name("name")


def replacement_sites(f: Func, rename: dict, literals: list[dict]):
    """(start_byte, end_byte, new text) of the renames and literal changes, in the file of *f*."""
    reps = []
    if rename:
        nn = name_node(f)
        for n in walk(f.node if f.kind != "bound" else f.unit):
            if n.child_count == 0 and ntext(n) in rename and (_rename_site(f.lang, n) or (nn is not None and n.id == nn.id)):
                if f.ctor and f.lang == "java" and nn is not None and n.id == nn.id:
                    continue
                reps.append((n.start_byte, n.end_byte, rename[ntext(n)]))
    if literals:
        lits = literal_nodes(f)
        for L in literals:
            n = lits[L["index"]]
            old = ntext(n)
            if sha1(old) != L["sha1"]:
                raise ValueError(f"literal drift at {L}")
            reps.append((n.start_byte, n.end_byte, literal_change(old, L["op"], L.get("arg"))))
    return reps


def literal_nodes(f: Func):
    spec = SPECS[f.lang]
    return [n for n in leaves(spec, f.node) if n.type in spec.strings or n.type in spec.numbers]


def literal_change(old: str, op: str, arg=None) -> str:
    if op == "add":
        return str(int(old) + int(arg))
    if op == "append":       # inside the closing quote
        return old[:-1] + arg + old[-1]
    raise ValueError(op)


def splice(text: str, reps) -> str:
    b = text.encode("utf-8")
    for s, e, new in sorted(reps, key=lambda r: -r[0]):
        b = b[:s] + new.encode("utf-8") + b[e:]
    return b.decode("utf-8")


def apply_edits(text: str, edits: list[dict], first_line: int) -> str:
    """Line edits on *text* (a case file); edit lines are relative to the function's first
    line (0 = that line), recorded on the text after renames and literal changes."""
    lines = text.split("\n")
    for e in sorted(edits, key=lambda e: -e["line"]):
        i = first_line + e["line"]
        if e["op"] == "insert":            # before line i, with its indentation
            indent = re.match(r"[ \t]*", lines[i]).group(0)
            lines.insert(i, indent + e["text"])
        elif e["op"] == "delete":
            if sha1(lines[i]) != e["sha1"]:
                raise ValueError(f"edit drift at {e}")
            del lines[i]
        elif e["op"] == "change":          # a token at byte column col of line i
            lb = lines[i].encode("utf-8")
            c = e["col"]
            old = lb[c:c + e["len"]].decode("utf-8")
            if sha1(old) != e["sha1"]:
                raise ValueError(f"edit drift at {e}")
            lines[i] = (lb[:c] + e["new"].encode("utf-8") + lb[c + e["len"]:]).decode("utf-8")
        else:
            raise ValueError(e)
    return "\n".join(lines)


def variant_file(lang, kind, wrapper, original: str, variant: dict | None, path: str):
    """(case file text, line offset of the function) of a variant of *original*."""
    text, off = case_file(lang, kind, wrapper, original)
    if not variant:
        return text, off
    rename = variant.get("rename", {})
    if rename and kind in ("method",) and lang == "java":
        pass
    f = case_function(lang, path, text, off)
    if f is None:
        raise ValueError("function not found in its case file")
    reps = replacement_sites(f, rename, variant.get("literals", []))
    text = splice(text, reps)
    if lang == "java" and f.ctor and rename.get(f.name):
        # a renamed constructor needs its class renamed
        text = text.replace(f"class {wrapper} {{\n", f"class {rename[f.name]} {{\n", 1)
        f2 = case_function(lang, path, text, off)
        nn = f2.node.child_by_field_name("name") if f2 else None
        if nn is not None:
            text = splice(text, [(nn.start_byte, nn.end_byte, rename[f.name])])
    if variant.get("edits"):
        text = apply_edits(text, variant["edits"], off)
    return text, off
