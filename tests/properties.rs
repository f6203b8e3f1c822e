//! Properties a user relies on, over generated pull requests in real git repositories:
//! whitespace elsewhere changes no finding, fingerprints survive lines inserted above,
//! moved bodies are not checked, and neither file order nor thread count changes a result.

mod common;

use common::{DUPLICATE, EXISTING, LOAD_CONFIG, READ_SETTINGS, TestRepo, UNRELATED};
use dedupe_check::config::Config;
use dedupe_check::detect::{Check, Mode, Outcome};
use dedupe_check::function_cache::FunctionCache;
use dedupe_check::progress::Progress;
use proptest::prelude::*;
use proptest::test_runner::Config as Cases;

/// Existing functions, each its own job (no two are duplicates of each other).
const POOL: [&str; 6] = [
    EXISTING,
    UNRELATED,
    LOAD_CONFIG,
    "def count_words(lines):
    counts = {}
    for line in lines:
        for word in line.split():
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])
",
    "def retry(fn, attempts, delay):
    last = None
    for attempt in range(attempts):
        try:
            return fn()
        except OSError as err:
            last = err
            time.sleep(delay * 2 ** attempt)
    raise last
",
    "def parse_header(raw):
    name, _, value = raw.partition(':')
    if not name.strip():
        raise ValueError('empty header name')
    return name.strip().lower(), value.strip()
",
];

/// The PR's new functions: copies of POOL[0] and POOL[2].
const COPIES: [&str; 2] = [DUPLICATE, READ_SETTINGS];

/// Few cases: each builds a repository and runs checks.
fn cases(n: u32) -> Cases {
    Cases {
        cases: n,
        failure_persistence: None,
        ..Cases::default()
    }
}

/// A `pr --base main` check of the repository's current branch, in process, on a pool of
/// `threads` threads, without caches or a model.
fn check(repo: &TestRepo, threads: usize) -> Outcome {
    let config = Config::default();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let path = repo.path().to_path_buf();
    pool.install(|| {
        Check {
            repo: path,
            mode: Mode::Pr {
                base: Some("main".into()),
                head: None,
            },
            config: &config,
            progress: Progress::new(true),
            function_cache: FunctionCache::disabled(),
        }
        .run(Box::new(|_: &mut Vec<String>| Ok(None)))
        .unwrap()
    })
}

/// What a finding says, without where the functions sit.
fn said(outcome: &Outcome) -> Vec<(String, String, u32, String, bool)> {
    let mut out: Vec<_> = outcome
        .findings
        .iter()
        .map(|f| {
            (
                f.new.qualified_name.clone(),
                f.existing.qualified_name.clone(),
                f.score.to_bits(),
                f.fingerprint.clone(),
                f.introduced,
            )
        })
        .collect();
    out.sort();
    out
}

fn join(functions: &[&str]) -> String {
    functions.join("\n\n")
}

/// A repository whose `main` holds `base` and whose branch `feature` holds `head`.
fn pr_repo(base: &[(String, String)], head: &[(String, String)]) -> TestRepo {
    let repo = TestRepo::new();
    for (p, c) in base {
        repo.write(p, c);
    }
    repo.commit("base");
    repo.branch("feature");
    for (p, _) in base {
        if !head.iter().any(|(h, _)| h == p) {
            repo.remove(p);
        }
    }
    for (p, c) in head {
        repo.write(p, c);
    }
    repo.commit("change");
    repo
}

/// Whitespace that changes no token: a blank line after line `i`, or trailing blanks on it.
#[derive(Debug, Clone)]
enum Blank {
    LineAfter(usize),
    Trailing(usize, &'static str),
}

fn blank() -> impl Strategy<Value = Blank> {
    prop_oneof![
        any::<usize>().prop_map(Blank::LineAfter),
        (
            any::<usize>(),
            prop::sample::select(vec![" ", "  ", "\t", " \t "])
        )
            .prop_map(|(i, s)| Blank::Trailing(i, s)),
    ]
}

/// `text` with the whitespace edits applied to lines outside `keep` (a line range).
fn with_blanks(text: &str, edits: &[Blank], keep: std::ops::Range<usize>) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    let mut after = vec![0usize; n];
    for e in edits {
        match *e {
            Blank::LineAfter(i) if !keep.contains(&(i % n)) => after[i % n] += 1,
            Blank::Trailing(i, s) if !keep.contains(&(i % n)) => lines[i % n].push_str(s),
            _ => {}
        }
    }
    let mut out = String::new();
    for (line, extra) in lines.iter().zip(after) {
        out.push_str(line);
        out.push('\n');
        for _ in 0..extra {
            out.push('\n');
        }
    }
    out
}

proptest! {
    #![proptest_config(cases(12))]

    /// Blank lines and trailing blanks anywhere but in the new function, in the file it is
    /// added to and in the file of the function it copies, change no finding.
    #[test]
    fn whitespace_elsewhere_changes_no_finding(
        old_edits in prop::collection::vec(blank(), 1..12),
        new_edits in prop::collection::vec(blank(), 1..12),
        at in 0usize..3,
    ) {
        let util = join(&[POOL[1], POOL[0], POOL[3]]);
        let others = [POOL[4], POOL[5]];
        let mut new_file: Vec<&str> = others.to_vec();
        new_file.insert(at.min(2), COPIES[0]);
        let new_text = join(&new_file);
        let start = new_text.find(COPIES[0]).unwrap();
        let first = new_text[..start].lines().count();
        let keep = first..first + COPIES[0].lines().count();

        let base = [
            ("util.py".to_string(), util.clone()),
            ("new.py".to_string(), join(&others)),
        ];
        let plain = check(
            &pr_repo(&base, &[base[0].clone(), ("new.py".into(), new_text.clone())]),
            2,
        );
        prop_assert_eq!(plain.findings.len(), 1, "the copy is found: {:?}", said(&plain));
        let edited = check(
            &pr_repo(
                &base,
                &[
                    ("util.py".into(), with_blanks(&util, &old_edits, 0..0)),
                    ("new.py".into(), with_blanks(&new_text, &new_edits, keep)),
                ],
            ),
            2,
        );
        prop_assert_eq!(said(&plain), said(&edited));
    }

    /// Lines inserted above the new function and above the function it copies shift the
    /// finding's lines and keep its fingerprint.
    #[test]
    fn fingerprints_survive_lines_inserted_above(
        above_new in prop::collection::vec(
            prop::sample::select(vec!["", "# a note", "LIMIT = 10", "import os"]), 0..8),
        above_old in prop::collection::vec(
            prop::sample::select(vec!["", "# a note", "NAMES = ['a', 'b']", "import re"]), 0..8),
    ) {
        let prefix = |lines: &[&str]| lines.iter().map(|l| format!("{l}\n")).collect::<String>();
        let run = |old_prefix: &str, new_prefix: &str| {
            let base = [("util.py".to_string(), format!("{old_prefix}{}", join(&[POOL[0], POOL[1]])))];
            let head = [
                base[0].clone(),
                ("new.py".to_string(), format!("{new_prefix}{}", COPIES[0])),
            ];
            check(&pr_repo(&base, &head), 2)
        };
        let plain = run("", "");
        let shifted = run(&prefix(&above_old), &prefix(&above_new));
        prop_assert_eq!(plain.findings.len(), 1);
        prop_assert_eq!(shifted.findings.len(), 1);
        let (a, b) = (&plain.findings[0], &shifted.findings[0]);
        prop_assert_eq!(&a.fingerprint, &b.fingerprint);
        prop_assert_eq!(b.new.start_line, a.new.start_line + above_new.len() as u32);
        prop_assert_eq!(b.existing.start_line, a.existing.start_line + above_old.len() as u32);
    }

    /// Moving a function to another file (new or not, at any place in it) and renaming
    /// files checks nothing, even where the moved function duplicates another.
    #[test]
    fn moved_and_renamed_bodies_are_never_checked(
        which in 0usize..5,
        to in 0usize..3,
        at in 0usize..4,
        rename in any::<bool>(),
    ) {
        // An old duplicate pair (POOL[0] and its copy), so that a checked move would show.
        let files: Vec<Vec<&str>> = vec![
            vec![POOL[0], POOL[1], POOL[3]],
            vec![COPIES[0], POOL[4]],
            vec![POOL[5]],
        ];
        let all: Vec<(usize, usize)> = files
            .iter()
            .enumerate()
            .flat_map(|(f, fns)| (0..fns.len()).map(move |i| (f, i)))
            .collect();
        let (from_file, from_at) = all[which % all.len()];
        let names = ["a.py", "pkg/b.py", "c.py", "moved/new_home.py"];
        let base: Vec<(String, String)> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (names[i].to_string(), join(f)))
            .collect();
        let mut head_files = files.clone();
        let moved = head_files[from_file].remove(from_at);
        let target = if to >= from_file { to + 1 } else { to };
        if head_files.len() <= target {
            head_files.push(Vec::new());
        }
        let place = at.min(head_files[target].len());
        head_files[target].insert(place, moved);
        let mut head: Vec<(String, String)> = head_files
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.is_empty())
            .map(|(i, f)| (names[i].to_string(), join(f)))
            .collect();
        if rename {
            // The file the function left is renamed too.
            let i = head.iter().position(|(p, _)| *p == names[from_file]);
            if let Some(i) = i {
                head[i].0 = format!("renamed/{}", names[from_file].replace('/', "_"));
            }
        }
        let outcome = check(&pr_repo(&base, &head), 2);
        prop_assert_eq!(outcome.checked_functions, 0, "{:?}", said(&outcome));
        prop_assert!(outcome.findings.is_empty(), "{:?}", said(&outcome));
    }

    /// The same functions under other file names, in another order, give the same
    /// findings; one thread or several give the very same outcome.
    #[test]
    fn results_do_not_depend_on_file_order_or_threads(
        order in Just((0..POOL.len()).collect::<Vec<usize>>()).prop_shuffle(),
        split in 1usize..POOL.len(),
        copies_at in (0usize..3, 0usize..3),
    ) {
        let build = |order: &[usize], split: usize, at: (usize, usize)| {
            let (left, right): (Vec<&str>, Vec<&str>) =
                (order[..split].iter().map(|&i| POOL[i]).collect(),
                 order[split..].iter().map(|&i| POOL[i]).collect());
            let base = vec![
                ("m/left.py".to_string(), join(&left)),
                ("a/right.py".to_string(), join(&right)),
            ];
            let mut head = base.clone();
            let dests = ["z_new.py", "m/left.py", "a/right.py"];
            for (copy, d) in COPIES.iter().zip([at.0, at.1]) {
                match head.iter_mut().find(|(p, _)| p == dests[d]) {
                    Some((_, text)) => *text = format!("{text}\n\n{copy}"),
                    None => head.push((dests[d].to_string(), copy.to_string())),
                }
            }
            pr_repo(&base, &head)
        };
        let reference = check(&build(&[0, 1, 2, 3, 4, 5], 3, (0, 0)), 1);
        prop_assert_eq!(reference.findings.len(), 2);
        let repo = build(&order, split, copies_at);
        let one = check(&repo, 1);
        let three = check(&repo, 3);
        prop_assert_eq!(said(&reference), said(&one));
        let json = |o: &Outcome| serde_json::to_string(&o.findings).unwrap();
        prop_assert_eq!(json(&one), json(&three));
        prop_assert_eq!(&one.notices, &three.notices);
        prop_assert_eq!(one.checked_functions, three.checked_functions);
        prop_assert_eq!(one.existing_functions, three.existing_functions);
    }
}

/// Renaming a function leaves its body as it was, so its old duplication is not new.
#[test]
fn a_renamed_function_with_its_body_unchanged_is_not_reported() {
    let base = [
        ("a.py".to_string(), join(&[POOL[0], POOL[1]])),
        ("b.py".to_string(), COPIES[0].to_string()),
    ];
    let head = [
        base[0].clone(),
        (
            "b.py".to_string(),
            COPIES[0].replace("def make_slug(", "def to_slug("),
        ),
    ];
    let outcome = check(&pr_repo(&base, &head), 2);
    assert!(outcome.findings.is_empty(), "{:?}", said(&outcome));
}
