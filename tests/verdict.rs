//! Verdicts a reviewer can act on, in every language: each finding's kind, its evidence in
//! words, its level, and which levels fail the run.

mod common;

use common::TestRepo;
use serde_json::Value;

/// One language's code, written from templates: `@NAME@` the function, `@A@`/`@B@` its
/// parameters, `@LIMIT@` what the loop compares with (a parameter or a literal), `@T@`,
/// `@I@` and `@R@` its locals, `@CALLEE@` what it calls.
struct Lang {
    ext: &'static str,
    /// A whole file holding one function of six statements.
    six: &'static str,
    /// The signature's parameters, both or only the first.
    both: &'static str,
    first: &'static str,
    /// A whole file holding one function of four statements.
    four: &'static str,
    marker: &'static str,
}

const PYTHON: Lang = Lang {
    ext: "py",
    six: "def @NAME@(@PARAMS@):
    @T@ = 0
    for @I@ in @A@:
        if @I@ > @LIMIT@:
            @T@ += @CALLEE@(@I@)
    @R@ = @T@ * 2
    return @R@
",
    both: "@A@, @B@",
    first: "@A@",
    four: "def @NAME@(@A@, @B@):
    @T@ = @CALLEE@(@A@, @B@) + @CALLEE@(@B@, @A@) * 3
    @R@ = [x * @T@ for x in @A@ if x > @B@ and x < @T@]
    record(@R@, @T@, @B@, 'four statements')
    return @R@ + [@T@, @B@]
",
    marker: "# dedupe-check: ignore",
};

const JAVASCRIPT: Lang = Lang {
    ext: "js",
    six: "export function @NAME@(@PARAMS@) {
  let @T@ = 0;
  for (const @I@ of @A@) {
    if (@I@ > @LIMIT@) {
      @T@ += @CALLEE@(@I@);
    }
  }
  const @R@ = @T@ * 2;
  return @R@;
}
",
    both: "@A@, @B@",
    first: "@A@",
    four: "export function @NAME@(@A@, @B@) {
  const @T@ = @CALLEE@(@A@, @B@) + @CALLEE@(@B@, @A@) * 3;
  const @R@ = @A@.filter((x) => x > @B@ && x < @T@).map((x) => x * @T@);
  record(@R@, @T@, @B@, 'four statements');
  return @R@.concat([@T@, @B@]);
}
",
    marker: "// dedupe-check: ignore",
};

const TYPESCRIPT: Lang = Lang {
    ext: "ts",
    six: "export function @NAME@(@PARAMS@): number {
  let @T@: number = 0;
  for (const @I@ of @A@) {
    if (@I@ > @LIMIT@) {
      @T@ += @CALLEE@(@I@);
    }
  }
  const @R@: number = @T@ * 2;
  return @R@;
}
",
    both: "@A@: number[], @B@: number",
    first: "@A@: number[]",
    four: "export function @NAME@(@A@: number[], @B@: number): number[] {
  const @T@: number = @CALLEE@(@A@, @B@) + @CALLEE@(@B@, @A@) * 3;
  const @R@ = @A@.filter((x) => x > @B@ && x < @T@).map((x) => x * @T@);
  record(@R@, @T@, @B@, 'four statements');
  return @R@.concat([@T@, @B@]);
}
",
    marker: "// dedupe-check: ignore",
};

const GO: Lang = Lang {
    ext: "go",
    six: "package p

func @NAME@(@PARAMS@) int {
	@T@ := 0
	for _, @I@ := range @A@ {
		if @I@ > @LIMIT@ {
			@T@ += @CALLEE@(@I@)
		}
	}
	@R@ := @T@ * 2
	return @R@
}
",
    both: "@A@ []int, @B@ int",
    first: "@A@ []int",
    four: "package p

func @NAME@(@A@ []int, @B@ int) []int {
	@T@ := @CALLEE@(@A@, @B@) + @CALLEE@(@B@, @A@)*3
	@R@ := keep(@A@, @B@, @T@, float64(@T@)*1.5)
	record(@R@, @T@, @B@, \"four statements\")
	return append(@R@, @T@, @B@)
}
",
    marker: "// dedupe-check: ignore",
};

const RUST: Lang = Lang {
    ext: "rs",
    six: "pub fn @NAME@(@PARAMS@) -> i64 {
    let mut @T@ = 0;
    for @I@ in @A@ {
        if *@I@ > @LIMIT@ {
            @T@ += @CALLEE@(*@I@);
        }
    }
    let @R@ = @T@ * 2;
    return @R@;
}
",
    both: "@A@: &[i64], @B@: i64",
    first: "@A@: &[i64]",
    four: "pub fn @NAME@(@A@: &[i64], @B@: i64) -> Vec<i64> {
    let @T@ = @CALLEE@(@A@, @B@) + @CALLEE@(@B@, @A@) * 3;
    let @R@: Vec<i64> = @A@.iter().filter(|x| **x > @B@ && **x < @T@).map(|x| x * @T@).collect();
    record(&@R@, @T@, @B@, \"four statements\");
    return [@R@, vec![@T@, @B@]].concat();
}
",
    marker: "// dedupe-check: ignore",
};

const JAVA: Lang = Lang {
    ext: "java",
    six: "public class @CLASS@ {
    public static int @NAME@(@PARAMS@) {
        int @T@ = 0;
        for (int @I@ : @A@) {
            if (@I@ > @LIMIT@) {
                @T@ += @CALLEE@(@I@);
            }
        }
        int @R@ = @T@ * 2;
        return @R@;
    }
}
",
    both: "int[] @A@, int @B@",
    first: "int[] @A@",
    four: "public class @CLASS@ {
    public static int[] @NAME@(int[] @A@, int @B@) {
        int @T@ = @CALLEE@(@A@, @B@) + @CALLEE@(@B@, @A@) * 3;
        int[] @R@ = Arrays.stream(@A@).filter(x -> x > @B@ && x < @T@).map(x -> x * @T@).toArray();
        record(@R@, @T@, @B@, \"four statements\");
        return concat(@R@, new int[] {@T@, @B@});
    }
}
",
    marker: "// dedupe-check: ignore",
};

/// The names of one function written from a template.
struct Names {
    name: &'static str,
    class: &'static str,
    a: &'static str,
    b: &'static str,
    t: &'static str,
    i: &'static str,
    r: &'static str,
    callee: &'static str,
}

const ORIGINAL: Names = Names {
    name: "weigh_items",
    class: "Weights",
    a: "items",
    b: "floor",
    t: "total",
    i: "item",
    r: "result",
    callee: "measure",
};

/// The original under other names it binds: a renamed copy.
const RENAMED: Names = Names {
    name: "score_entries",
    class: "Scores",
    a: "rows",
    b: "lowest",
    t: "acc",
    i: "entry",
    r: "out",
    callee: "measure",
};

/// The renamed copy calling another function: a sibling.
const SIBLING: Names = Names {
    callee: "estimate",
    ..RENAMED
};

fn fill(template: &str, n: &Names, params: &str, limit: &str) -> String {
    template
        .replace("@PARAMS@", params)
        .replace("@LIMIT@", limit)
        .replace("@NAME@", n.name)
        .replace("@CLASS@", n.class)
        .replace("@A@", n.a)
        .replace("@B@", n.b)
        .replace("@T@", n.t)
        .replace("@I@", n.i)
        .replace("@R@", n.r)
        .replace("@CALLEE@", n.callee)
}

fn six(l: &Lang, n: &Names) -> String {
    fill(l.six, n, l.both, n.b)
}

fn path(l: &Lang, dir: &str, n: &Names) -> String {
    let file = if l.ext == "java" { n.class } else { n.name };
    format!("{dir}/{file}.{}", l.ext)
}

/// A repository whose `main` holds `base`, and branch `feature` adding `added`.
fn pr_adding(base: &[(String, String)], added: &[(String, String)]) -> TestRepo {
    let files: Vec<(&str, &str)> = base.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let r = TestRepo::with_base(&files);
    r.branch("feature");
    for (p, t) in added {
        r.write(p, t);
    }
    r.commit("feature");
    r
}

fn check(r: &TestRepo, code: i32, extra: &[&str]) -> Value {
    let mut args = vec!["pr", "--base", "main", "--format", "json"];
    args.extend_from_slice(extra);
    let run = r.run(&args);
    run.code(code);
    run.json()
}

fn only_finding(json: &Value) -> &Value {
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{json:#}");
    &findings[0]
}

fn renamed_copy_is_a_copy_at_error_with_its_renamings(l: &Lang) {
    let r = pr_adding(
        &[(path(l, "lib", &ORIGINAL), six(l, &ORIGINAL))],
        &[(path(l, "app", &RENAMED), six(l, &RENAMED))],
    );
    let json = check(&r, 1, &[]);
    let f = only_finding(&json);
    assert_eq!(f["kind"], "copy", "{f:#}");
    assert_eq!(f["level"], "error", "{f:#}");
    let renamings = f["evidence"]["renamings"].as_array().unwrap();
    assert!(
        renamings.contains(&serde_json::json!({"existing": "items", "new": "rows"}))
            && renamings.contains(&serde_json::json!({"existing": "total", "new": "acc"})),
        "{f:#}"
    );
    let reason = f["evidence"]["reason"].as_str().unwrap();
    assert!(reason.contains("`items → rows`"), "{reason}");
    assert!(
        f["evidence"]["advice"].as_str().unwrap().contains("call `"),
        "{f:#}"
    );
    assert_eq!(json["errors"], 1, "{json:#}");
    // The text output says the same, with a help line.
    let text = r.run(&["pr", "--base", "main"]);
    text.code(1);
    assert!(text.stdout.contains("error: duplicate-function:"), "{text}");
    assert!(text.stdout.contains("(copy, score "), "{text}");
    assert!(
        text.stdout.contains("A copy, renaming `items → rows`"),
        "{text}"
    );
    assert!(text.stdout.contains("help: call `"), "{text}");
    assert!(text.stdout.contains(l.marker), "{text}");
}

fn sibling_with_another_callee_is_a_parameterised_copy_at_warning(l: &Lang) {
    let r = pr_adding(
        &[(path(l, "lib", &ORIGINAL), six(l, &ORIGINAL))],
        &[(path(l, "app", &SIBLING), six(l, &SIBLING))],
    );
    // Siblings score low by design: a low threshold shows the finding, to see its kind.
    let json = check(&r, 0, &["--threshold", "0.1"]);
    let f = only_finding(&json);
    assert_eq!(f["kind"], "parameterised_copy", "{f:#}");
    assert_eq!(f["level"], "warning", "{f:#}");
    let diffs = f["evidence"]["differences"].as_array().unwrap();
    assert_eq!(
        diffs,
        &[serde_json::json!({"what": "name", "existing": "measure", "new": "estimate"})],
        "{f:#}"
    );
    let reason = f["evidence"]["reason"].as_str().unwrap();
    assert!(reason.contains("`estimate` where"), "{reason}");
    // Warnings fail the run only when asked.
    check(&r, 1, &["--threshold", "0.1", "--fail-on", "warning"]);
}

fn small_copy_is_a_warning(l: &Lang) {
    let four = |n: &Names| fill(l.four, n, "", "");
    let r = pr_adding(
        &[(path(l, "lib", &ORIGINAL), four(&ORIGINAL))],
        &[(path(l, "app", &RENAMED), four(&RENAMED))],
    );
    let json = check(&r, 0, &[]);
    let f = only_finding(&json);
    assert_eq!(f["kind"], "copy", "{f:#}");
    assert_eq!(f["level"], "warning", "{f:#}");
    assert_eq!(f["evidence"]["statements"]["new"], 4, "{f:#}");
    assert_eq!(json["warnings"], 1, "{json:#}");
}

fn a_parameter_in_place_of_a_literal_is_a_generalisation(l: &Lang) {
    // The existing function compares with 10; the new one takes the limit as a parameter.
    let narrow = fill(l.six, &ORIGINAL, l.first, "10");
    let r = pr_adding(
        &[(path(l, "lib", &ORIGINAL), narrow)],
        &[(path(l, "app", &RENAMED), six(l, &RENAMED))],
    );
    let json = check(&r, 0, &["--threshold", "0.3"]);
    let f = only_finding(&json);
    assert_eq!(f["kind"], "generalisation", "{f:#}");
    assert_eq!(f["level"], "warning", "{f:#}");
    let g = &f["evidence"]["generalisation"];
    assert_eq!(g["narrower"], "existing", "{f:#}");
    assert_eq!(g["parameters"], serde_json::json!(["lowest"]), "{f:#}");
    let reason = f["evidence"]["reason"].as_str().unwrap();
    let existing = f["existing"]["qualified_name"].as_str().unwrap();
    assert!(
        reason.contains(&format!("`{existing}` is `")) && reason.contains("`lowest` fixed to `10`"),
        "{reason}"
    );
    assert!(
        f["evidence"]["advice"]
            .as_str()
            .unwrap()
            .contains(&format!("let `{existing}` call")),
        "{f:#}"
    );
}

macro_rules! verdict_tests {
    ($($module:ident: $lang:expr),* $(,)?) => {$(
        mod $module {
            use super::*;

            #[test]
            fn renamed_copy_is_a_copy_at_error_with_its_renamings() {
                super::renamed_copy_is_a_copy_at_error_with_its_renamings(&$lang);
            }

            #[test]
            fn sibling_with_another_callee_is_a_parameterised_copy_at_warning() {
                super::sibling_with_another_callee_is_a_parameterised_copy_at_warning(&$lang);
            }

            #[test]
            fn small_copy_is_a_warning() {
                super::small_copy_is_a_warning(&$lang);
            }

            #[test]
            fn a_parameter_in_place_of_a_literal_is_a_generalisation() {
                super::a_parameter_in_place_of_a_literal_is_a_generalisation(&$lang);
            }
        }
    )*};
}

verdict_tests! {
    python: PYTHON,
    javascript: JAVASCRIPT,
    typescript: TYPESCRIPT,
    go: GO,
    rust: RUST,
    java: JAVA,
}

// ---------------------------------------------------------------------------------------
// Interface families
// ---------------------------------------------------------------------------------------

fn set_directory(ty: &str) -> String {
    format!(
        "func (c *{ty}) SetDirectory(dir string) {{
	c.HTTPClientConfig.SetDirectory(dir)
	c.Files = joinAll(dir, c.Files, c.Patterns)
	c.Root = filepath.Join(dir, c.Root, c.Name)
}}
"
    )
}

fn configs(types: &[&str]) -> String {
    let mut s = String::from("package discovery\n\n");
    for t in types {
        s.push_str(&set_directory(t));
        s.push('\n');
    }
    s
}

/// Implementations differ in their receiver's type, which the structural score counts
/// against them: a lower threshold shows them.
const FAMILY_THRESHOLD: &str = "0.5";

#[test]
fn a_fourth_implementation_is_one_interface_warning_listing_the_others() {
    let r = pr_adding(
        &[(
            "discovery/configs.go".into(),
            configs(&["FileConfig", "ConsulConfig", "EtcdConfig"]),
        )],
        &[("discovery/k8s.go".into(), configs(&["K8sConfig"]))],
    );
    let json = check(&r, 0, &["--threshold", FAMILY_THRESHOLD]);
    let f = only_finding(&json);
    assert_eq!(f["kind"], "copy", "{f:#}");
    assert_eq!(f["level"], "warning", "{f:#}");
    assert_eq!(
        f["evidence"]["family"],
        serde_json::json!({"name": "SetDirectory", "implementations": 4}),
        "{f:#}"
    );
    let mut all: Vec<&str> = std::iter::once(&f["existing"])
        .chain(f["also_existing"].as_array().unwrap())
        .map(|m| m["qualified_name"].as_str().unwrap())
        .collect();
    all.sort_unstable();
    assert_eq!(
        all,
        [
            "ConsulConfig.SetDirectory",
            "EtcdConfig.SetDirectory",
            "FileConfig.SetDirectory"
        ],
        "{f:#}"
    );
    let reason = f["evidence"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("one of 4 implementations of `SetDirectory`"),
        "{reason}"
    );
    assert!(
        f["evidence"]["advice"]
            .as_str()
            .unwrap()
            .contains("interface method"),
        "{f:#}"
    );
}

#[test]
fn a_change_adding_several_implementations_hears_of_them_once() {
    let r = pr_adding(
        &[(
            "discovery/configs.go".into(),
            configs(&["FileConfig", "ConsulConfig", "EtcdConfig"]),
        )],
        &[
            ("discovery/k8s.go".into(), configs(&["K8sConfig"])),
            ("discovery/dns.go".into(), configs(&["DNSConfig"])),
        ],
    );
    let json = check(&r, 0, &["--threshold", FAMILY_THRESHOLD]);
    let f = only_finding(&json);
    assert_eq!(f["evidence"]["family"]["implementations"], 5, "{f:#}");
    let copies: Vec<&str> = f["new_copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["qualified_name"].as_str().unwrap())
        .collect();
    assert_eq!(copies.len(), 1, "{f:#}");
    assert_ne!(copies[0], f["new"]["qualified_name"].as_str().unwrap());
}

// ---------------------------------------------------------------------------------------
// Levels and what fails the run
// ---------------------------------------------------------------------------------------

#[test]
fn fail_on_and_report_choose_the_levels() {
    let l = &PYTHON;
    let four = |n: &Names| fill(l.four, n, "", "");
    let r = pr_adding(
        &[(path(l, "lib", &ORIGINAL), four(&ORIGINAL))],
        &[(path(l, "app", &RENAMED), four(&RENAMED))],
    );
    // A warning: reported, exit 0 by default; `fail_on: warning` fails on it.
    assert_eq!(check(&r, 0, &[])["warnings"], 1);
    check(&r, 1, &["--fail-on", "warning"]);
    r.write(".dedupe-check.yml", "fail_on: warning\n");
    check(&r, 1, &[]);
    // The former `findings` still fails on every finding, and says what to write instead.
    r.write(".dedupe-check.yml", "fail_on: findings\n");
    let json = check(&r, 1, &[]);
    let notices = common::notices(&json);
    assert!(
        notices
            .iter()
            .any(|n| n.contains("`fail_on: findings` is the former name of `fail_on: warning`")),
        "{json:#}"
    );
    let run = r.run(&["pr", "--base", "main", "--fail-on", "findings"]);
    run.code(1);
    assert!(run.stderr.contains("former name"), "{run}");
    // `report: error` leaves warnings out altogether.
    r.write(".dedupe-check.yml", "report: error\n");
    let json = check(&r, 0, &[]);
    assert_eq!(json["findings"].as_array().unwrap().len(), 0, "{json:#}");
    check(&r, 0, &["--fail-on", "warning"]);
    // A wrong value names the key and what it can be.
    r.write(".dedupe-check.yml", "fail_on: sometimes\n");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(2);
    assert!(run.stderr.contains("fail_on"), "{run}");
}

#[test]
fn errors_come_first_in_the_text_output_and_the_summary_counts_both() {
    let l = &PYTHON;
    let four = |n: &Names| fill(l.four, n, "", "");
    let small = Names {
        name: "small_one",
        ..RENAMED
    };
    let r = pr_adding(
        &[
            (path(l, "lib", &ORIGINAL), six(l, &ORIGINAL)),
            (
                "lib/four.py".into(),
                four(&ORIGINAL).replace("weigh_items", "four_items"),
            ),
        ],
        &[
            ("app/a_small.py".into(), four(&small)),
            ("app/b_big.py".into(), six(l, &RENAMED)),
        ],
    );
    let run = r.run(&["pr", "--base", "main"]);
    run.code(1);
    let first_error = run
        .stdout
        .find("error: duplicate-function")
        .expect("an error");
    let first_warning = run
        .stdout
        .find("warning: duplicate-function")
        .expect("a warning");
    assert!(first_error < first_warning, "{run}");
    assert!(
        run.stdout
            .contains("2 duplicates (1 error(s), 1 warning(s))"),
        "{run}"
    );
}

#[test]
fn a_change_copying_a_whole_tree_is_warned_about_once_and_does_not_fail() {
    // Ten functions copied at once: build output or vendored code, not ten
    // re-implementations.
    let l = &PYTHON;
    let module = |n: usize| {
        let names = Names {
            name: Box::leak(format!("weigh_{n}").into_boxed_str()),
            callee: Box::leak(format!("measure_{n}").into_boxed_str()),
            ..ORIGINAL
        };
        six(l, &names)
    };
    let base: Vec<(String, String)> = (0..10)
        .map(|n| (format!("lib/m{n}.py"), module(n)))
        .collect();
    let copies: Vec<(String, String)> = (0..10)
        .map(|n| (format!("build/lib/m{n}.py"), module(n)))
        .collect();
    let r = pr_adding(&base, &copies);
    let json = check(&r, 0, &[]);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 10, "{json:#}");
    assert!(findings.iter().all(|f| f["level"] == "warning"), "{json:#}");
    assert!(
        common::notices(&json)
            .iter()
            .any(|n| n.starts_with("10 functions of this change are copies of existing ones")),
        "{json:#}"
    );
    // Nine are still errors.
    let r = pr_adding(&base, &copies[..9]);
    assert_eq!(check(&r, 1, &[])["errors"], 9);
}

#[test]
fn a_changed_function_that_was_already_alike_did_not_make_the_duplicate() {
    // Two siblings (they call different functions); the change makes one call what the
    // other calls. The pair is a copy now, but the two were alike before: the change only
    // touched old duplication.
    let l = &PYTHON;
    let both = |sibling: &Names| format!("{}\n\n{}", six(l, &ORIGINAL), six(l, sibling));
    let r = pr_adding(
        &[("lib/weights.py".into(), both(&SIBLING))],
        &[("lib/weights.py".into(), both(&RENAMED))],
    );
    let json = check(&r, 0, &[]);
    assert_eq!(json["findings"].as_array().unwrap().len(), 0, "{json:#}");
    let json = check(&r, 0, &["--show-existing"]);
    let f = only_finding(&json);
    assert_eq!(f["introduced"], false, "{f:#}");
    assert_eq!(f["kind"], "copy", "{f:#}");
}
