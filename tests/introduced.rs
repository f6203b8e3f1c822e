//! Findings a reviewer acts on: only duplication the change introduces, the existing
//! function to reuse (with the rest of its clone group), and no test code by default.
//! Real git repositories in temp dirs, driven through the binary.

mod common;

use common::{DUPLICATE, EXISTING, TestRepo, UNRELATED, notices, pairs};

/// `slugify` and an old copy of it, `to_slug`, both on main for a long time.
const OLD_TWIN: &str = r#"def to_slug(name):
    """Another team's slug helper."""
    pieces = []
    for piece in name.lower().split():
        clean = "".join(ch for ch in piece if ch.isalnum())
        if clean:
            pieces.append(clean)
    return "-".join(pieces)
"#;

fn old_twins() -> TestRepo {
    TestRepo::with_base(&[
        ("web/text.py", EXISTING),
        ("blog/urls.py", OLD_TWIN),
        ("app/settings.py", UNRELATED),
    ])
}

fn pr(r: &TestRepo, code: i32, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["pr", "--base", "main", "--format", "json"];
    args.extend_from_slice(extra);
    let run = r.run(&args);
    run.code(code);
    run.json()
}

#[test]
fn a_one_line_edit_inside_an_old_duplicate_is_no_finding_but_a_note_when_asked() {
    let r = old_twins();
    r.branch("feature");
    r.write(
        "blog/urls.py",
        OLD_TWIN.replace("name.lower().split()", "name.strip().lower().split()"),
    );
    r.commit("strip names first");

    let json = pr(&r, 0, &[]);
    assert_eq!(pairs(&json), [], "{json:#}");
    assert_eq!(json["checked_functions"], 1);
    let text = r.run(&["pr", "--base", "main"]);
    text.code(0);
    assert!(
        text.stdout.contains("1 duplicate(s) that were already there before the change not reported (--show-existing lists them)"),
        "{text}"
    );

    let json = pr(&r, 0, &["--show-existing"]);
    let f = &json["findings"][0];
    assert_eq!(json["findings"].as_array().unwrap().len(), 1, "{json:#}");
    assert_eq!(f["new"]["qualified_name"], "to_slug");
    assert_eq!(f["existing"]["qualified_name"], "slugify");
    assert_eq!(f["introduced"], false);
    assert!(f["before_score"].as_f64().unwrap() >= 0.7, "{f:#}");
    let text = r.run(&["pr", "--base", "main", "--show-existing", "--no-diff"]);
    text.code(0);
    assert!(
        text.stdout
            .contains("blog/urls.py:1:1: note: existing-duplicate: `to_slug` duplicates existing function `slugify`"),
        "{text}"
    );
    assert!(
        text.stdout
            .contains("It was already a duplicate before this change"),
        "{text}"
    );
    // The same key in the config file.
    r.write(".dedupe-check.yml", "report_existing: true\n");
    r.commit("config");
    let json = pr(&r, 0, &[]);
    assert_eq!(json["findings"][0]["introduced"], false, "{json:#}");
}

#[test]
fn a_function_edited_into_a_copy_is_introduced() {
    // `slug_of` starts as something else and is rewritten into a copy of `slugify`.
    let before = r#"def slug_of(title):
    """Placeholder: the id of a title."""
    value = hash(title)
    if value < 0:
        value = -value
    return str(value)
"#;
    let r = TestRepo::with_base(&[("web/text.py", EXISTING), ("blog/ids.py", before)]);
    r.branch("feature");
    r.write("blog/ids.py", DUPLICATE.replace("make_slug", "slug_of"));
    r.commit("real slugs");
    let json = pr(&r, 1, &[]);
    let f = &json["findings"][0];
    assert_eq!(
        pairs(&json),
        [(
            "blog/ids.py".into(),
            "slug_of".into(),
            "web/text.py".into(),
            "slugify".into()
        )],
        "{json:#}"
    );
    assert_eq!(f["introduced"], true);
    assert!(f["before_score"].as_f64().unwrap() < 0.7, "{f:#}");
}

#[test]
fn editing_the_twin_of_an_old_duplicate_reports_nothing() {
    // `slugify` is the one edited; its old twin `to_slug` is the existing side.
    let r = old_twins();
    r.branch("feature");
    r.write(
        "web/text.py",
        EXISTING.replace(
            "    return \"-\".join(words)",
            "    return \"-\".join(words)[:80]",
        ),
    );
    r.commit("cap slug length");
    let json = pr(&r, 0, &[]);
    assert_eq!(pairs(&json), [], "{json:#}");
    assert_eq!(json["checked_functions"], 1);
}

#[test]
fn renaming_a_file_that_holds_old_duplicates_reports_nothing() {
    let r = old_twins();
    r.branch("feature");
    r.rename("blog/urls.py", "blog/routing/slugs.py");
    // A small edit too, so that the rename is not an identical move.
    r.write(
        "blog/routing/slugs.py",
        OLD_TWIN.replace("Another team's slug helper.", "Slug helper of the blog."),
    );
    r.stage_all();
    r.commit("move the blog helpers");
    let json = pr(&r, 0, &[]);
    assert_eq!(pairs(&json), [], "{json:#}");
}

#[test]
fn moving_an_old_duplicate_to_another_file_with_an_edit_reports_nothing() {
    let r = old_twins();
    r.branch("feature");
    r.remove("blog/urls.py");
    r.write(
        "blog/helpers.py",
        format!(
            "import re\n\n\n{}",
            OLD_TWIN.replace("name.lower()", "name.casefold()")
        ),
    );
    r.stage_all();
    r.commit("fold into helpers");
    let json = pr(&r, 0, &[]);
    assert_eq!(pairs(&json), [], "{json:#}");
}

#[test]
fn two_new_renamed_copies_are_both_reported_against_the_existing_function() {
    let r = TestRepo::with_base(&[("web/text.py", EXISTING), ("app/settings.py", UNRELATED)]);
    r.branch("feature");
    r.write("api/a.py", DUPLICATE);
    // A second copy, closer to the first copy than to the original.
    r.write("api/b.py", DUPLICATE.replace("make_slug", "slug_for"));
    r.commit("two slug helpers");
    let json = pr(&r, 1, &[]);
    let got = pairs(&json);
    assert_eq!(
        got,
        [
            (
                "api/a.py".into(),
                "make_slug".into(),
                "web/text.py".into(),
                "slugify".into()
            ),
            (
                "api/b.py".into(),
                "slug_for".into(),
                "web/text.py".into(),
                "slugify".into()
            ),
        ],
        "{json:#}"
    );
    for (f, other) in json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .zip(["slug_for", "make_slug"])
    {
        assert_eq!(f["existing_is_new"], false);
        assert_eq!(f["new_copies"][0]["qualified_name"], other, "{f:#}");
    }
    let text = r.run(&["pr", "--base", "main", "--no-diff"]);
    assert!(
        text.stdout
            .contains("New copies in this change: `slug_for` at api/b.py:1-7."),
        "{text}"
    );
}

#[test]
fn a_three_way_group_lists_the_other_existing_functions() {
    let r = old_twins();
    r.branch("feature");
    r.write("api/slugs.py", DUPLICATE);
    r.commit("a third slug helper");
    let json = pr(&r, 1, &[]);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    let f = &findings[0];
    let named = f["existing"]["qualified_name"].as_str().unwrap();
    let also: Vec<&str> = f["also_existing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["qualified_name"].as_str().unwrap())
        .collect();
    let mut group = vec![named];
    group.extend(&also);
    group.sort();
    assert_eq!(group, ["slugify", "to_slug"], "{f:#}");
    assert!(f["score"].as_f64() >= f["also_existing"][0]["score"].as_f64());

    let sarif_path = r.path().join("out.sarif");
    r.run(&[
        "pr",
        "--base",
        "main",
        "--format",
        "sarif",
        "-o",
        sarif_path.to_str().unwrap(),
    ])
    .code(1);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    let related = result["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2, "{result:#}");
    assert_eq!(related[1]["id"], 2);
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("1 more existing function(s) match too"),
        "{result:#}"
    );
}

#[test]
fn text_shows_the_threshold_and_show_all_matches_lists_the_whole_group() {
    let r = TestRepo::with_base(&[
        ("web/text.py", EXISTING),
        ("blog/urls.py", OLD_TWIN),
        ("shop/slugs.py", EXISTING),
        ("app/settings.py", UNRELATED),
    ]);
    r.branch("feature");
    r.write("api/slugs.py", DUPLICATE);
    r.commit("a fourth slug helper");
    let text = r.run(&["pr", "--base", "main", "--no-diff", "--threshold", "0.7"]);
    text.code(1);
    assert!(
        text.stdout.contains(" \u{2265} 0.70, structural)"),
        "{text}"
    );
    assert!(text.stdout.contains(" and 1 more existing."), "{text}");
    let all = r.run(&["pr", "--base", "main", "--no-diff", "--show-all-matches"]);
    all.code(1);
    assert!(!all.stdout.contains("more existing"), "{all}");
    let also = all
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("Also like"))
        .unwrap_or_else(|| panic!("{all}"));
    assert_eq!(also.matches(" at ").count(), 2, "{also}");
}

#[test]
fn a_new_pair_with_no_existing_match_is_reported_once() {
    let r = TestRepo::with_base(&[("app/settings.py", UNRELATED)]);
    r.branch("feature");
    r.write("web/text.py", EXISTING);
    r.write("api/slugs.py", DUPLICATE);
    r.commit("two new slug helpers");
    let json = pr(&r, 1, &[]);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(findings[0]["existing_is_new"], true);
    assert_eq!(findings[0]["introduced"], true);
}

const TEST_A: &str = r#"def test_slug_of_a_title():
    page = make_page(title="Hello World")
    result = page.render()
    assert result.status == 200
    assert "hello-world" in result.body
    assert result.headers["content-type"] == "text/html"
"#;
const TEST_B: &str = r#"def test_slug_of_another_title():
    page = make_page(title="Good Bye")
    result = page.render()
    assert result.status == 200
    assert "good-bye" in result.body
    assert result.headers["content-type"] == "text/html"
"#;

#[test]
fn test_files_are_not_checked_by_default() {
    let r = TestRepo::with_base(&[("tests/test_pages.py", TEST_A), ("web/text.py", EXISTING)]);
    r.branch("feature");
    r.write("tests/test_more_pages.py", TEST_B);
    r.write("web/pages_test.py", TEST_B.replace("another", "a_third"));
    r.commit("more tests");

    let json = pr(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
    assert!(
        json["nothing_to_check"]
            .as_str()
            .unwrap()
            .contains("only test code changed"),
        "{json:#}"
    );
    assert!(
        notices(&json)[0].starts_with("2 changed test file(s) not checked")
            && notices(&json)[0].ends_with(": tests/test_more_pages.py, web/pages_test.py"),
        "{json:#}"
    );

    // Test code is small and alike by design: its findings are warnings.
    let json = pr(&r, 1, &["--tests", "check", "--fail-on", "warning"]);
    assert!(!pairs(&json).is_empty(), "{json:#}");
    assert!(
        pairs(&json)
            .iter()
            .all(|p| p.1.starts_with("test_slug_of") && p.3.starts_with("test_slug_of")),
        "{json:#}"
    );
    r.write(".dedupe-check.yml", "tests: check\nfail_on: warning\n");
    r.commit("check tests too");
    let json = pr(&r, 1, &[]);
    assert!(!pairs(&json).is_empty(), "{json:#}");
}

#[test]
fn a_non_test_function_copying_a_test_helper_is_not_reported_by_default() {
    let helper = DUPLICATE.replace("make_slug", "slug_for_fixture");
    let r = TestRepo::with_base(&[
        ("tests/helpers.py", &helper),
        ("app/settings.py", UNRELATED),
    ]);
    r.branch("feature");
    r.write("web/text.py", EXISTING);
    r.commit("a slug helper");
    let json = pr(&r, 0, &[]);
    assert_eq!(pairs(&json), [], "{json:#}");
    assert_eq!(json["existing_functions"], 1, "{json:#}");
    let json = pr(&r, 1, &["--tests", "check"]);
    assert_eq!(json["findings"][0]["existing"]["path"], "tests/helpers.py");
}

#[test]
fn a_mass_reformat_reports_only_the_real_copy() {
    // 40 files of 50 functions each; a formatter run rewrites every one of them (quotes,
    // spacing, a comment), and the same commit adds one real copy of `slugify`.
    let body = |i: usize, j: usize, quote: char, sp: &str| {
        format!(
            "def f_{i}_{j}(values, limit):\n    # step {j}\n    total{sp}={sp}0\n    for v in values:\n        if v > {j}:\n            total += v * {i}\n    if total > limit:\n        raise ValueError({quote}over {quote} + str({j}))\n    return total\n\n\n"
        )
    };
    let file = |i: usize, quote: char, sp: &str| -> String {
        (0..50).map(|j| body(i, j, quote, sp)).collect()
    };
    let r = TestRepo::new();
    r.write("web/text.py", EXISTING);
    for i in 0..40 {
        r.write(&format!("pkg/m{i}.py"), file(i, '\'', ""));
    }
    r.commit("base");
    r.branch("feature");
    for i in 0..40 {
        r.write(
            &format!("pkg/m{i}.py"),
            file(i, '"', " ").replace("# step", "# Step"),
        );
    }
    r.write("api/slugs.py", DUPLICATE);
    r.commit("format everything, and a slug helper");
    let json = pr(&r, 1, &[]);
    assert_eq!(
        pairs(&json),
        [(
            "api/slugs.py".into(),
            "make_slug".into(),
            "web/text.py".into(),
            "slugify".into()
        )],
        "{json:#}"
    );
    assert_eq!(json["checked_functions"], 1);
    assert!(
        notices(&json).contains(
            &"2000 changed function(s) not re-checked: only their layout, comments, docstrings or type annotations changed"
        ),
        "{json:#}"
    );
}

#[test]
fn bad_values_of_the_new_keys_name_file_line_and_key() {
    let r = TestRepo::with_base(&[("web/text.py", EXISTING)]);
    for (yaml, line, needle) in [
        ("tests: sometimes\n", 1, "unknown variant `sometimes`"),
        ("top_k: 5\nreport_existing: 3\n", 2, "report_existing"),
        ("introduced_margin: [1]\n", 1, "introduced_margin"),
    ] {
        r.write(".dedupe-check.yml", yaml);
        let run = r.run(&["pr", "--base", "main"]);
        run.code(2);
        assert!(
            run.stderr.contains(&format!(".dedupe-check.yml:{line}:"))
                && run.stderr.contains(needle),
            "{yaml}: {run}"
        );
    }
    let run = r.run(&["pr", "--base", "main", "--tests", "maybe"]);
    run.code(2);
    assert!(run.stderr.contains("--tests"), "{run}");
}

#[test]
fn two_old_twins_edited_alike_are_one_note_and_no_finding() {
    let r = old_twins();
    r.branch("feature");
    r.write(
        "web/text.py",
        EXISTING.replace("title.lower().split()", "title.strip().lower().split()"),
    );
    r.write(
        "blog/urls.py",
        OLD_TWIN.replace("name.lower().split()", "name.strip().lower().split()"),
    );
    r.commit("strip both");
    let json = pr(&r, 0, &[]);
    assert_eq!(pairs(&json), [], "{json:#}");
    assert_eq!(json["checked_functions"], 2);
    let json = pr(&r, 0, &["--show-existing"]);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        1,
        "one note for the pair, not one each way: {json:#}"
    );
    assert_eq!(findings[0]["introduced"], false);
}

#[test]
fn typing_and_documenting_an_old_duplicate_is_not_re_checked() {
    let r = old_twins();
    r.branch("feature");
    r.write(
        "blog/urls.py",
        OLD_TWIN
            .replace("def to_slug(name):", "def to_slug(name: str) -> str:")
            .replace(
                "\"\"\"Another team's slug helper.\"\"\"",
                "\"\"\"Another team's slug helper.\n\n    Words are lower-cased and joined by dashes.\n    \"\"\"",
            )
            .replace("    pieces = []", "    pieces: list[str] = []"),
    );
    r.commit("type the blog helpers");
    let json = pr(&r, 0, &["--show-existing"]);
    assert_eq!(pairs(&json), [], "{json:#}");
    assert_eq!(json["checked_functions"], 0);
    assert!(
        notices(&json).contains(
            &"1 changed function(s) not re-checked: only their layout, comments, docstrings or type annotations changed"
        ),
        "{json:#}"
    );
}

#[test]
fn generated_and_vendored_python_is_neither_checked_nor_searched() {
    let r = TestRepo::with_base(&[("app/settings.py", UNRELATED)]);
    r.branch("feature");
    r.write(
        "pkg/_aggregations.py",
        format!(
            "\"\"\"Mixins.\"\"\"\n\n# This file was generated using pkg.util.generate. Do not edit manually.\n\n{EXISTING}"
        ),
    );
    r.write("src/pkg/_vendor/slugs/core.py", DUPLICATE);
    r.commit("generated and vendored code");
    let json = pr(&r, 0, &[]);
    assert_eq!(pairs(&json), [], "{json:#}");
    let notices = notices(&json);
    assert!(
        notices
            .iter()
            .any(|n| n.starts_with("1 changed file(s) not checked, vendored")
                && n.ends_with(": src/pkg/_vendor/slugs/core.py")),
        "{notices:#?}"
    );
    assert!(
        notices.iter().any(
            |n| n.starts_with("1 changed file(s) not checked, generated code")
                && n.ends_with(": pkg/_aggregations.py")
        ),
        "{notices:#?}"
    );
    // The same code written by hand is checked.
    r.write("web/text.py", EXISTING);
    r.write("api/slugs.py", DUPLICATE);
    r.commit("by hand");
    let json = pr(&r, 1, &[]);
    assert_eq!(
        pairs(&json),
        [(
            "api/slugs.py".into(),
            "make_slug".into(),
            "web/text.py".into(),
            "slugify".into()
        )],
        "{json:#}"
    );
}

const JAVA_NAMES: &str = r#"package a;

class Names {
    static String normalize(String title) {
        StringBuilder out = new StringBuilder();
        for (String piece : title.toLowerCase().split(" ")) {
            String clean = piece.replaceAll("[^a-z0-9]", "");
            if (!clean.isEmpty()) {
                if (out.length() > 0) {
                    out.append('-');
                }
                out.append(clean);
            }
        }
        return out.toString();
    }
}
"#;

const JAVA_SLUG: &str = r#"    static String slug(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.toLowerCase().split(" ")) {
            String kept = part.replaceAll("[^a-z0-9]", "");
            if (!kept.isEmpty()) {
                if (out.length() > 0) {
                    out.append('-');
                }
                out.append(kept);
            }
        }
        return out.toString();
    }
"#;

const JAVA_SLUG_OVERLOAD: &str = r#"
    static String slug(String name, int max) {
        StringBuilder out = new StringBuilder();
        for (String part : name.toLowerCase().split(" ")) {
            String kept = part.replaceAll("[^a-z0-9]", "");
            if (!kept.isEmpty()) {
                if (out.length() > 0) {
                    out.append('-');
                }
                out.append(kept);
            }
        }
        if (out.length() > max) {
            return out.substring(0, max);
        }
        return out.toString();
    }
"#;

#[test]
fn an_overload_added_next_to_a_method_is_a_new_function_not_its_new_version() {
    // `slug(String)` has long been a copy of `normalize`; the change adds the overload
    // `slug(String, int)`, another copy. The old overload is no old version of the new
    // one: the new copy is introduced by the change.
    let class = |body: &str| format!("package a;\n\nclass Text {{\n{body}}}\n");
    let r = TestRepo::with_base(&[
        ("src/main/java/a/Names.java", JAVA_NAMES),
        ("src/main/java/a/Text.java", &class(JAVA_SLUG)),
    ]);
    r.branch("feature");
    let both = format!("{JAVA_SLUG}{JAVA_SLUG_OVERLOAD}");
    r.write("src/main/java/a/Text.java", class(&both));
    r.commit("a slug of at most max characters");
    // The overload takes a limit the original lacks: a generalisation, a warning.
    let json = pr(&r, 0, &[]);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    let f = &findings[0];
    assert_eq!(f["new"]["path"], "src/main/java/a/Text.java", "{f:#}");
    assert_eq!(f["new"]["start_line"], 18, "{f:#}");
    assert_eq!(f["introduced"], true, "{f:#}");
    assert!(f["before_score"].is_null(), "{f:#}");
}

const RUST_GRID: &str = r#"pub struct Matrix {
    pub rows: Vec<Vec<f64>>,
}

pub fn trace(m: &Matrix) -> f64 {
    let mut sum = 0.0;
    for (i, row) in m.rows.iter().enumerate() {
        if i < row.len() {
            sum += row[i];
        }
    }
    sum
}
"#;

const RUST_BOARD: &str = r#"use crate::grid::Matrix;

pub type Board = Matrix;

pub fn diagonal_total(b: &Board) -> f64 {
    let mut total = 0.0;
    for (k, line) in b.rows.iter().enumerate() {
        if k < line.len() {
            total += line[k];
        }
    }
    total
}
"#;

#[test]
fn inlining_a_type_alias_in_a_signature_introduces_nothing() {
    // `diagonal_total` has long been a copy of `trace`, with its parameter's type named
    // by an alias. Writing the type out changes no token of the function: nothing to
    // re-check, and no duplicate that the change made.
    let r = TestRepo::with_base(&[("src/grid.rs", RUST_GRID), ("src/board.rs", RUST_BOARD)]);
    r.branch("feature");
    r.write(
        "src/board.rs",
        RUST_BOARD.replace("b: &Board", "b: &Matrix"),
    );
    r.commit("the type by its name");
    let json = pr(&r, 0, &["--show-existing"]);
    assert_eq!(json["findings"].as_array().unwrap().len(), 0, "{json:#}");
    assert!(
        notices(&json)
            .iter()
            .any(|n| n.starts_with("1 changed function(s) not re-checked")),
        "{json:#}"
    );
}
