//! Arbitrary bytes as a source file: extraction in every language, then normalisation
//! and scoring against another function of that language.
//!
//! Input: the first line is the file's path (its extension picks the language; a path
//! of no supported language picks one by its first byte), the rest is the source.
#![no_main]

use std::sync::OnceLock;

use dedupe_check::candidates::{CandidateIndex, shape_ratio};
use dedupe_check::extract::{FileFunctions, Function, extract, normalized_text};
use dedupe_check::finding::{Engine, Finding, fingerprint};
use dedupe_check::lang::Language;
use libfuzzer_sys::fuzz_target;

/// One well-formed function per language, the other side of every scored pair.
fn reference(lang: Language) -> &'static Function {
    static REFS: OnceLock<Vec<Function>> = OnceLock::new();
    let refs = REFS.get_or_init(|| {
        Language::ALL
            .iter()
            .map(|&l| {
                let (path, src) = match l {
                    Language::Python => (
                        "ref.py",
                        "def load(path):\n    with open(path) as fh:\n        data = fh.read()\n    return data.split()\n",
                    ),
                    Language::JavaScript => (
                        "ref.js",
                        "function load(path) {\n  const data = fs.readFileSync(path);\n  return data.split(',');\n}\n",
                    ),
                    Language::TypeScript => (
                        "ref.ts",
                        "function load(path: string): string[] {\n  const data = fs.readFileSync(path);\n  return data.split(',');\n}\n",
                    ),
                    Language::Tsx => (
                        "ref.tsx",
                        "function load(path: string) {\n  const data = fs.readFileSync(path);\n  return <div>{data}</div>;\n}\n",
                    ),
                    Language::Go => (
                        "ref.go",
                        "package p\n\nfunc Load(path string) []string {\n\tdata := read(path)\n\treturn strings.Split(data, \",\")\n}\n",
                    ),
                    Language::Rust => (
                        "ref.rs",
                        "fn load(path: &str) -> Vec<String> {\n    let data = read(path);\n    data.split(',').map(String::from).collect()\n}\n",
                    ),
                    Language::Java => (
                        "Ref.java",
                        "class Ref {\n  String[] load(String path) {\n    String data = read(path);\n    return data.split(\",\");\n  }\n}\n",
                    ),
                    Language::C => (
                        "ref.c",
                        "char **load(const char *path) {\n    char *data = read(path);\n    return split(data, ',');\n}\n",
                    ),
                    Language::CSharp => (
                        "Ref.cs",
                        "class Ref {\n  string[] Load(string path) {\n    var data = Read(path);\n    return data.Split(',');\n  }\n}\n",
                    ),
                    Language::Kotlin => (
                        "Ref.kt",
                        "fun load(path: String): List<String> {\n    val data = read(path)\n    return data.split(\",\")\n}\n",
                    ),
                    Language::Php => (
                        "ref.php",
                        "<?php\nfunction load($path) {\n    $data = read($path);\n    return explode(',', $data);\n}\n",
                    ),
                    Language::Ruby => (
                        "ref.rb",
                        "def load(path)\n  data = read(path)\n  data.split(',')\nend\n",
                    ),
                    Language::Swift => (
                        "ref.swift",
                        "func load(path: String) -> [String] {\n    let data = read(path)\n    return data.split(separator: \",\")\n}\n",
                    ),
                    Language::Scala => (
                        "Ref.scala",
                        "object Ref {\n  def load(path: String): Seq[String] = {\n    val data = read(path)\n    data.split(\",\").toSeq\n  }\n}\n",
                    ),
                    Language::Cpp => (
                        "ref.cpp",
                        "std::vector<std::string> Ref::load(const std::string &path) {\n    auto data = read(path);\n    return split(data, ',');\n}\n",
                    ),
                };
                extract(l, path, src)
                    .functions
                    .into_iter()
                    .next()
                    .expect("the reference has a function")
            })
            .collect()
    });
    let i = Language::ALL.iter().position(|&l| l == lang).unwrap();
    &refs[i]
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (path, source) = text.split_once('\n').unwrap_or(("", &text));
    let lang = Language::from_path(path).unwrap_or_else(|| {
        Language::ALL[usize::from(data.first().copied().unwrap_or(0)) % Language::ALL.len()]
    });
    let path = if Language::from_path(path).is_some() {
        path.to_string()
    } else {
        format!("fuzz.{}", lang.spec().extensions[0])
    };
    let _ = lang.is_test_path(&path);
    let _ = lang.is_vendored_path(&path);

    let got = extract(lang, &path, source);
    let lines = source.lines().count().max(1) as u32;
    for f in &got.functions {
        assert!(
            1 <= f.start_line && f.start_line <= f.end_line && f.end_line <= lines + 1,
            "{}: lines {}-{} of {lines}",
            f.qualified_name,
            f.start_line,
            f.end_line
        );
        assert!(
            f.start_line <= f.def_line && f.def_line <= f.end_line,
            "{}: def line {} outside {}-{}",
            f.qualified_name,
            f.def_line,
            f.start_line,
            f.end_line
        );
        assert!(!f.name.is_empty() && f.qualified_name.ends_with(&f.name));
        let _ = normalized_text(f.text());
    }

    // What the function cache stores must read back as it was written.
    let bytes = postcard::to_allocvec(&got).expect("functions serialize");
    let back: FileFunctions = postcard::from_bytes(&bytes).expect("functions deserialize");
    assert_eq!(back.functions.len(), got.functions.len());

    // Score against the reference and among the file's own functions (a few).
    let r = reference(lang).clone();
    let mut all: Vec<Function> = got.functions.iter().take(8).cloned().collect();
    all.push(r);
    let index = CandidateIndex::build(&all);
    let last = all.len() - 1;
    for q in 0..all.len() {
        for c in index.top_k(q, 4, &|d| d == q) {
            assert!((0.0..=1.0).contains(&c.score), "score {}", c.score);
            assert!((0.0..=1.0).contains(&c.shape), "shape {}", c.shape);
        }
        let s = index.score(q, last);
        assert!((0.0..=1.0).contains(&s.score), "score {}", s.score);
        let _ = index.features(&all[q], &all[last]);
        assert_eq!(shape_ratio(&all[q].shape, &all[q].shape), 1.0);
        let finding = Finding::new(
            &all[q],
            &all[last],
            false,
            s.score,
            None,
            Engine::Structural,
        );
        assert_eq!(
            finding.fingerprint,
            fingerprint(all[last].text(), all[q].text()),
            "the fingerprint is order-insensitive"
        );
    }
});
