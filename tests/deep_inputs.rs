//! Code nested thousands of levels deep, in every language: parsing, the tree walk,
//! normalisation and scoring finish on a thread's default stack, and a pull request that
//! adds such a file is checked like any other. The huge cases (100 000 functions, 200 000
//! files, a 50 MB file) are measured by `bench/huge.sh`.

mod common;

use common::{TestRepo, pairs};
use dedupe_check::candidates::CandidateIndex;
use dedupe_check::extract::extract;
use dedupe_check::lang::Language;

const DEPTH: usize = 5000;

/// `open` repeated `depth` times, one per line, then `inner`, then the `close`s.
fn nest(open: &str, inner: &str, close: &str, depth: usize) -> String {
    let mut s = String::new();
    for _ in 0..depth {
        s.push_str(open);
        s.push('\n');
    }
    s.push_str(inner);
    for _ in 0..depth {
        s.push('\n');
        s.push_str(close);
    }
    s
}

/// A file of one language whose function `deep` holds several kinds of deep nesting
/// (expressions, blocks, closures), and a plain function `plain` after it.
fn deep_file(lang: Language, depth: usize) -> (String, &'static str) {
    match lang {
        Language::Python => (
            format!(
                "def deep(x):\n    y = {}\n    z = {}\n    w = {}\n    return y, z, w\n\n\ndef plain(a):\n    b = a + 1\n    return b\n",
                nest("(", "x", ")", depth),
                nest("[", "x", "]", depth),
                nest("g(", "x", ")", depth),
            ),
            "py",
        ),
        Language::JavaScript | Language::TypeScript => (
            format!(
                "function deep(x) {{\n  const y = {};\n  {}\n  g({});\n  return y;\n}}\n\nfunction plain(a) {{\n  const b = a + 1;\n  return b;\n}}\n",
                nest("(", "x", ")", depth),
                nest("{", "x;", "}", depth),
                nest("function () { return g(", "x", "); }", depth),
            ),
            if lang == Language::JavaScript {
                "js"
            } else {
                "ts"
            },
        ),
        Language::Tsx => (
            format!(
                "function deep(x: number) {{\n  const y = {};\n  return {};\n}}\n\nfunction plain(a: number) {{\n  const b = a + 1;\n  return b;\n}}\n",
                nest("(", "x", ")", depth),
                nest("<div>", "{x}", "</div>", depth),
            ),
            "tsx",
        ),
        Language::Go => (
            format!(
                // A line ending in a name or `)` ends a Go statement: each level ends in `,`.
                "package p\n\nfunc deep(x int) int {{\n\ty := g(\n{}\n)\n\t{}\n\tg(\n{}\n)\n\treturn y\n}}\n\nfunc plain(a int) int {{\n\tb := a + 1\n\treturn b\n}}\n",
                nest("g(", "x,", "),", depth),
                nest("{", "x++", "}", depth),
                nest("func() int { return g(", "x,", ") }(),", depth),
            ),
            "go",
        ),
        Language::Rust => (
            format!(
                "fn deep(x: u32) -> u32 {{\n    let y = {};\n    let z = {};\n    let w = {};\n    y + z + w\n}}\n\nfn plain(a: u32) -> u32 {{\n    let b = a + 1;\n    b\n}}\n",
                nest("(", "x", ")", depth),
                nest("{", "x", "}", depth),
                nest("(|| ", "x", ")()", depth),
            ),
            "rs",
        ),
        Language::Java => (
            format!(
                "class A {{\n  int deep(int x) {{\n    int y = {};\n    {}\n    g({});\n    return y;\n  }}\n\n  int plain(int a) {{\n    int b = a + 1;\n    return b;\n  }}\n}}\n",
                nest("(", "x", ")", depth),
                nest("{", "x++;", "}", depth),
                nest("(Supplier<Integer>) () -> g(", "x", ")", depth),
            ),
            "java",
        ),
        Language::C => (
            format!(
                "int deep(int x) {{\n    int y = {};\n    {}\n    g({});\n    return y;\n}}\n\nint plain(int a) {{\n    int b = a + 1;\n    return b;\n}}\n",
                nest("(", "x", ")", depth),
                nest("{", "x++;", "}", depth),
                nest("g(", "x", ")", depth),
            ),
            "c",
        ),
        Language::Cpp => (
            format!(
                "int deep(int x) {{\n    int y = {};\n    {}\n    g({});\n    return y;\n}}\n\nint plain(int a) {{\n    int b = a + 1;\n    return b;\n}}\n",
                nest("(", "x", ")", depth),
                nest("{", "x++;", "}", depth),
                nest("[&]() { return g(", "x", "); }()", depth),
            ),
            "cpp",
        ),
        Language::CSharp => (
            format!(
                "class A {{\n  int deep(int x) {{\n    int y = {};\n    {}\n    g({});\n    return y;\n  }}\n\n  int plain(int a) {{\n    int b = a + 1;\n    return b;\n  }}\n}}\n",
                nest("(", "x", ")", depth),
                nest("{", "x++;", "}", depth),
                nest("((Func<int>)(() => g(", "x", ")))()", depth),
            ),
            "cs",
        ),
        Language::Kotlin => (
            format!(
                "fun deep(x: Int): Int {{\n    val y = {}\n    {}\n    g({})\n    return y\n}}\n\nfun plain(a: Int): Int {{\n    val b = a + 1\n    return b\n}}\n",
                nest("(", "x", ")", depth),
                nest("run {", "x + 1", "}", depth),
                nest("{ g(", "x", ") }()", depth),
            ),
            "kt",
        ),
        Language::Php => (
            format!(
                "<?php\nfunction deep($x) {{\n    $y = {};\n    {}\n    g({});\n    return $y;\n}}\n\nfunction plain($a) {{\n    $b = $a + 1;\n    return $b;\n}}\n",
                nest("(", "$x", ")", depth),
                nest("{", "$x++;", "}", depth),
                nest("(function () use ($x) { return g(", "$x", "); })()", depth),
            ),
            "php",
        ),
        Language::Ruby => (
            format!(
                "def deep(x)\n  y = {}\n  {}\n  g({})\n  y\nend\n\ndef plain(a)\n  b = a + 1\n  b\nend\n",
                nest("(", "x", ")", depth),
                nest("begin", "x += 1", "end", depth),
                nest("lambda { g(", "x", ") }.call", depth),
            ),
            "rb",
        ),
        Language::Swift => (
            format!(
                "func deep(x: Int) -> Int {{\n    let y = {}\n    {}\n    g({})\n    return y\n}}\n\nfunc plain(a: Int) -> Int {{\n    let b = a + 1\n    return b\n}}\n",
                nest("(", "x", ")", depth),
                nest("do {", "print(x)", "}", depth),
                nest("{ g(", "x", ") }()", depth),
            ),
            "swift",
        ),
        Language::Scala => (
            format!(
                "object A {{\n  def deep(x: Int): Int = {{\n    val y = {}\n    {}\n    g({})\n    y\n  }}\n\n  def plain(a: Int): Int = {{\n    val b = a + 1\n    b\n  }}\n}}\n",
                nest("(", "x", ")", depth),
                nest("{", "x + 1", "}", depth),
                nest("(() => g(", "x", "))()", depth),
            ),
            "scala",
        ),
    }
}

#[test]
fn code_nested_thousands_deep_is_extracted_and_scored_in_every_language() {
    for lang in Language::ALL {
        let (source, ext) = deep_file(lang, DEPTH);
        let path = format!("deep.{ext}");
        let got = extract(lang, &path, &source);
        let names: Vec<&str> = got
            .functions
            .iter()
            .map(|f| f.qualified_name.as_str())
            .collect();
        let want = |n: &str| {
            if matches!(lang, Language::Java | Language::CSharp | Language::Scala) {
                format!("A.{n}")
            } else {
                n.to_string()
            }
        };
        assert!(
            names.contains(&want("deep").as_str()) && names.contains(&want("plain").as_str()),
            "{}: functions {names:?}",
            lang.name()
        );
        let deep = got
            .functions
            .iter()
            .find(|f| f.name == "deep")
            .expect("deep is found");
        assert!(
            deep.tokens() > DEPTH,
            "{}: {} tokens",
            lang.name(),
            deep.tokens()
        );
        // Scoring the deep function against itself and another walks its whole stream.
        let index = CandidateIndex::build(&got.functions);
        let d = got.functions.iter().position(|f| f.name == "deep").unwrap();
        assert!(index.score(d, d).score > 0.99, "{}", lang.name());
        let p = got
            .functions
            .iter()
            .position(|f| f.name == "plain")
            .unwrap();
        assert!(index.score(d, p).score < 0.5, "{}", lang.name());
    }
}

#[test]
fn functions_nested_thousands_deep_are_found_down_to_a_depth_and_not_beyond() {
    // Named functions inside named functions: the outer ones are found, the inner ones
    // are part of them, and the walk finishes.
    let cases = [
        (
            Language::Python,
            "py",
            (0..DEPTH / 5)
                .map(|i| format!("{}def f{i}():\n", " ".repeat(i)))
                .collect::<String>()
                + &" ".repeat(DEPTH / 5)
                + "return 1\n",
        ),
        (
            Language::JavaScript,
            "js",
            nest("function f() {", "return 1;", "}", DEPTH),
        ),
        (
            Language::Go,
            "go",
            format!(
                "package p\n\nfunc f() {{\n{}\n}}\n",
                nest("g := func() {", "return", "}", DEPTH)
            ),
        ),
        (Language::Rust, "rs", nest("fn f() {", "1", "}", DEPTH)),
        (
            Language::Java,
            "java",
            nest("class C {", "int f() { return 1; }", "}", DEPTH),
        ),
    ];
    for (lang, ext, source) in cases {
        let got = extract(lang, &format!("nested.{ext}"), &source);
        assert!(
            !got.functions.is_empty() && got.functions.len() <= 64,
            "{}: {} functions",
            lang.name(),
            got.functions.len()
        );
    }
}

#[test]
fn a_pull_request_adding_deeply_nested_files_is_checked() {
    // Deep enough to overflow a recursive walk, small enough for the default size limit.
    let depth = 3000;
    let repo = TestRepo::with_base(&[(
        "util.py",
        "def load(path):\n    with open(path) as fh:\n        data = fh.read()\n    return data.split()\n",
    )]);
    repo.branch("feature");
    for lang in Language::ALL {
        let (source, ext) = deep_file(lang, depth);
        repo.write(&format!("src/deep_{}.{ext}", lang.name()), &source);
        // The same deep function again: a copy, scored over the whole nesting.
        repo.write(&format!("src/copy_{}.{ext}", lang.name()), &source);
    }
    repo.commit("deep files");
    let out = repo.run(&["pr", "--base", "main", "--format", "json"]);
    let json = out.code(1).json();
    let found = pairs(&json);
    for lang in Language::ALL {
        assert!(
            found.iter().any(
                |(new, name, _, _)| new.contains(&format!("_{}.", lang.name()))
                    && name.ends_with("deep")
            ),
            "{}: {found:?}\n{out}",
            lang.name()
        );
    }
}
