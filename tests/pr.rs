//! End-to-end tests of `pr`, `staged` and `worktree`: a real git repository in a temp
//! dir, the real binary, and assertions on what a user reads (the pair, paths, lines,
//! exit code and messages).

mod common;

use common::{TestRepo, git_cli, line_of, notices, pairs, run_in};

// ---------------------------------------------------------------------------------------
// Python sources: realistic utility code of the size the default thresholds are made for.
// ---------------------------------------------------------------------------------------

const TEXT_PY: &str = r#""""Text helpers."""
import re
import unicodedata


def slugify(value, separator="-", max_length=64):
    """Turn an arbitrary title into a URL-safe slug."""
    value = unicodedata.normalize("NFKD", str(value))
    value = value.encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    value = re.sub(r"[-\s]+", separator, value)
    if max_length and len(value) > max_length:
        value = value[:max_length].rstrip(separator)
    return value


def truncate_words(text, limit=30, suffix="..."):
    """Cut `text` after `limit` words, adding `suffix` when something was cut."""
    words = text.split()
    if len(words) <= limit:
        return text
    kept = " ".join(words[:limit])
    return kept.rstrip(".,;:") + suffix
"#;

const CONFIG_PY: &str = r#""""Configuration loading."""
import json


def read_json_config(path, required=("name", "version")):
    """Load a JSON config file and check that the required keys are present."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    missing = [key for key in required if key not in data]
    if missing:
        raise ValueError(f"{path}: missing keys {', '.join(missing)}")
    return data


def merge_dicts(base, override):
    """Recursively merge two dicts; values from `override` win."""
    result = dict(base)
    for key, value in override.items():
        if key in result and isinstance(result[key], dict) and isinstance(value, dict):
            result[key] = merge_dicts(result[key], value)
        else:
            result[key] = value
    return result
"#;

const ITERS_PY: &str = r#""""Iteration helpers."""


def chunked(items, size):
    """Split an iterable into lists of at most `size` items."""
    if size <= 0:
        raise ValueError("size must be positive")
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def format_bytes(num, precision=1):
    """Human-readable size: 1536 -> '1.5 KiB'."""
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    size = float(num)
    for unit in units:
        if abs(size) < 1024 or unit == units[-1]:
            return f"{size:.{precision}f} {unit}"
        size /= 1024
    return f"{size:.{precision}f} PiB"
"#;

const LIMITS_PY: &str = r#""""Rate limiting."""
import time


class RateLimiter:
    """Token bucket: `rate` calls per `per` seconds."""

    def __init__(self, rate, per=1.0):
        self.rate = rate
        self.per = per
        self.allowance = float(rate)
        self.last_check = time.monotonic()

    def allow(self):
        now = time.monotonic()
        elapsed = now - self.last_check
        self.last_check = now
        self.allowance += elapsed * (self.rate / self.per)
        if self.allowance > self.rate:
            self.allowance = float(self.rate)
        if self.allowance < 1.0:
            return False
        self.allowance -= 1.0
        return True
"#;

/// `read_json_config` with every identifier renamed and the docstring dropped.
const RENAMED_COPY: &str = r#"import json


def load_settings(filename, needed=("name", "version")):
    with open(filename, encoding="utf-8") as f:
        settings = json.load(f)
    if not isinstance(settings, dict):
        raise ValueError(f"{filename}: expected a JSON object")
    absent = [k for k in needed if k not in settings]
    if absent:
        raise ValueError(f"{filename}: missing keys {', '.join(absent)}")
    return settings
"#;

/// `slugify` renamed, with two statements edited and one added.
const EDITED_COPY: &str = r#"import re
import unicodedata


def make_slug(title, sep="-", limit=80):
    """Slug for a page title."""
    text = unicodedata.normalize("NFKD", str(title))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    text = re.sub(r"[-_\s]+", sep, text)
    if limit and len(text) > limit:
        text = text[:limit]
    text = text.strip(sep)
    return text
"#;

/// A new function that duplicates nothing in the repository.
const UNRELATED: &str = r#""""Durations."""


def parse_duration(text):
    """Parse '1h30m', '45s' or '2d' into seconds."""
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    total = 0
    number = ""
    for ch in text.strip().lower():
        if ch.isdigit():
            number += ch
        elif ch in units and number:
            total += int(number) * units[ch]
            number = ""
        else:
            raise ValueError(f"bad duration: {text!r}")
    if number:
        raise ValueError(f"missing unit in {text!r}")
    return total
"#;

/// The base branch of most tests: four modules of utility code.
fn base_repo() -> TestRepo {
    TestRepo::with_base(&[
        ("app/util/text.py", TEXT_PY),
        ("app/util/config.py", CONFIG_PY),
        ("app/util/iters.py", ITERS_PY),
        ("app/limits.py", LIMITS_PY),
        ("README.md", "# app\n"),
    ])
}

/// `base_repo()` plus a `feature` branch holding `files`, committed.
fn pr_repo(files: &[(&str, &str)]) -> TestRepo {
    let r = base_repo();
    r.branch("feature");
    for (p, c) in files {
        r.write(p, c);
    }
    r.commit("feature work");
    r
}

/// Runs `pr --base main --format json` and checks the exit code.
fn pr_json(r: &TestRepo, code: i32, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["pr", "--base", "main", "--format", "json"];
    args.extend_from_slice(extra);
    let run = r.run(&args);
    run.code(code);
    run.json()
}

fn pair(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
    (a.into(), b.into(), c.into(), d.into())
}

// ---------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------

#[test]
fn exact_copy_in_another_module_is_found_with_its_lines() {
    let copy = format!(
        "\"\"\"Web helpers.\"\"\"\nimport re\nimport unicodedata\n\n\n{}",
        &TEXT_PY[line_start(TEXT_PY, "def slugify")..line_start(TEXT_PY, "def truncate_words")]
            .trim_end()
    );
    let r = pr_repo(&[("app/web/urls.py", &format!("{copy}\n"))]);
    let json = pr_json(&r, 1, &[]);
    assert_eq!(
        pairs(&json),
        [pair(
            "app/web/urls.py",
            "slugify",
            "app/util/text.py",
            "slugify"
        )]
    );
    let f = &json["findings"][0];
    assert_eq!(f["new"]["start_line"], 6);
    assert_eq!(f["new"]["end_line"], 14);
    assert_eq!(f["existing"]["start_line"], line_of(TEXT_PY, "def slugify"));
    assert_eq!(
        f["existing"]["end_line"],
        line_of(TEXT_PY, "    return value")
    );
    assert!(f["score"].as_f64().unwrap() > 0.95, "{f}");
    assert_eq!(json["checked_functions"], 1);

    // The text output names both places, compiler style.
    let text = r.run(&["pr", "--base", "main"]);
    text.code(1);
    assert!(
        text.stdout.contains(
            "app/web/urls.py:6:1: error: duplicate-function: `slugify` duplicates existing function `slugify` at app/util/text.py:6-14 (copy, score"
        ),
        "{text}"
    );
}

/// Byte offset of the line holding `needle`.
fn line_start(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap();
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

#[test]
fn renamed_identifier_copy_is_found() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    let json = pr_json(&r, 1, &[]);
    assert_eq!(
        pairs(&json),
        [pair(
            "app/settings.py",
            "load_settings",
            "app/util/config.py",
            "read_json_config"
        )]
    );
    let f = &json["findings"][0];
    assert_eq!(
        f["new"]["start_line"],
        line_of(RENAMED_COPY, "def load_settings")
    );
    assert_eq!(
        f["new"]["end_line"],
        line_of(RENAMED_COPY, "return settings")
    );
    assert_eq!(
        f["existing"]["start_line"],
        line_of(CONFIG_PY, "def read_json_config")
    );
}

#[test]
fn copy_with_a_few_statements_edited_is_found() {
    let r = pr_repo(&[("app/pages/slug.py", EDITED_COPY)]);
    // Statements edited and added, a parameter reassigned in one and a new local in the
    // other: no renaming maps one onto the other, so it is `similar`, a warning.
    let json = pr_json(&r, 0, &[]);
    assert_eq!(json["findings"][0]["level"], "warning", "{json:#}");
    assert_eq!(json["findings"][0]["kind"], "similar", "{json:#}");
    assert_eq!(
        pairs(&json),
        [pair(
            "app/pages/slug.py",
            "make_slug",
            "app/util/text.py",
            "slugify"
        )]
    );
}

#[test]
fn unrelated_new_function_is_not_reported() {
    let r = pr_repo(&[("app/util/durations.py", UNRELATED)]);
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
    assert_eq!(json["checked_functions"], 1);
    let text = r.run(&["pr", "--base", "main"]);
    text.code(0);
    assert!(text.stdout.contains("no duplicates"), "{text}");
}

#[test]
fn changed_existing_function_is_checked() {
    // `load` exists on main with its own body; the branch rewrites it into a copy.
    let loader_base = r#"import json


def load(path):
    """Read a manifest."""
    with open(path, "rb") as fh:
        raw = fh.read()
    return json.loads(raw.decode("utf-8"))
"#;
    let r = base_repo();
    r.write("app/manifest.py", loader_base);
    r.commit("manifest loader");
    r.branch("feature");
    let rewritten = r#"import json


def load(path):
    """Read a manifest."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    missing = [key for key in ("name", "version") if key not in data]
    if missing:
        raise ValueError(f"{path}: missing keys {', '.join(missing)}")
    return data
"#;
    r.write("app/manifest.py", rewritten);
    r.commit("validate manifests");
    // `load` is `read_json_config` with its `required` keys fixed: a generalisation, which
    // is reported as a warning.
    let json = pr_json(&r, 0, &[]);
    assert_eq!(
        pairs(&json),
        [pair(
            "app/manifest.py",
            "load",
            "app/util/config.py",
            "read_json_config"
        )]
    );
    assert_eq!(json["checked_functions"], 1);
    let f = &json["findings"][0];
    assert_eq!(f["kind"], "generalisation", "{f:#}");
    assert_eq!(f["evidence"]["generalisation"]["narrower"], "new", "{f:#}");
}

#[test]
fn two_new_functions_duplicating_each_other_are_reported_once() {
    let a = r#"def normalize_tags(tags):
    """Lower-case, strip and de-duplicate tags, keeping their order."""
    seen = set()
    result = []
    for tag in tags:
        tag = tag.strip().lower()
        if tag and tag not in seen:
            seen.add(tag)
            result.append(tag)
    return result
"#;
    let b = r#"def clean_labels(labels):
    seen = set()
    out = []
    for label in labels:
        label = label.strip().lower()
        if label and label not in seen:
            seen.add(label)
            out.append(label)
    return out
"#;
    let r = pr_repo(&[("app/tags.py", a), ("app/labels.py", b)]);
    let json = pr_json(&r, 1, &[]);
    let got = pairs(&json);
    assert_eq!(got.len(), 1, "{json:#}");
    let mut names = [got[0].1.as_str(), got[0].3.as_str()];
    names.sort();
    assert_eq!(names, ["clean_labels", "normalize_tags"]);
    assert_eq!(json["checked_functions"], 2);
    let text = r.run(&["pr", "--base", "main"]);
    assert!(text.stdout.contains("duplicates new function"), "{text}");
}

#[test]
fn method_async_nested_and_decorated_copies_are_found_with_qualified_names() {
    let src = r#"import functools
import time


class Throttle:
    """Limits calls per second."""

    def __init__(self, rate, per=1.0):
        self.rate = rate

    @functools.cache
    def allow_call(self):
        now = time.monotonic()
        elapsed = now - self.last_check
        self.last_check = now
        self.allowance += elapsed * (self.rate / self.per)
        if self.allowance > self.rate:
            self.allowance = float(self.rate)
        if self.allowance < 1.0:
            return False
        self.allowance -= 1.0
        return True


async def fetch_all(urls):
    async def chunks_of(items, size):
        if size <= 0:
            raise ValueError("size must be positive")
        chunk = []
        for item in items:
            chunk.append(item)
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    return [u async for u in chunks_of(urls, 10)]
"#;
    let r = pr_repo(&[("app/net/throttle.py", src)]);
    let json = pr_json(&r, 1, &[]);
    let got = pairs(&json);
    assert!(
        got.contains(&pair(
            "app/net/throttle.py",
            "Throttle.allow_call",
            "app/limits.py",
            "RateLimiter.allow"
        )),
        "{json:#}"
    );
    assert!(
        got.contains(&pair(
            "app/net/throttle.py",
            "fetch_all.chunks_of",
            "app/util/iters.py",
            "chunked"
        )),
        "{json:#}"
    );
    let method = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["new"]["name"] == "allow_call")
        .unwrap();
    // A decorated definition starts at its decorator.
    assert_eq!(
        method["new"]["start_line"],
        line_of(src, "@functools.cache")
    );
}

#[test]
fn functions_below_the_size_floor_are_skipped() {
    let base = "def is_even(n):\n    return n % 2 == 0\n";
    let r = TestRepo::with_base(&[("a.py", base)]);
    r.branch("feature");
    r.write("b.py", "def even(x):\n    return x % 2 == 0\n");
    r.commit("tiny copy");
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
    assert_eq!(json["checked_functions"], 0);
}

#[test]
fn a_copy_that_grew_from_a_function_under_the_size_floor_is_found() {
    // The original is under the checked functions' floor of 30 tokens but over the
    // candidates' 15; the copy adds a log line, which takes it over the floor.
    let base = "def pick_cache(size, default=None):\n    if size <= 0:\n        return default\n    return LRUCache(size, timer=time.monotonic)\n";
    let r = TestRepo::with_base(&[("cache.py", base)]);
    r.branch("feature");
    r.write(
        "store.py",
        "def make_cache(size, default=None):\n    log.debug(\"cache of %d\", size)\n    if size <= 0:\n        return default\n    return LRUCache(size, timer=time.monotonic)\n",
    );
    r.commit("a cache for the store");
    // Three and four statements: an edited copy too small to fail the run.
    let json = pr_json(&r, 0, &[]);
    assert_eq!(json["findings"][0]["kind"], "edited_copy", "{json:#}");
    assert_eq!(
        pairs(&json),
        [pair("store.py", "make_cache", "cache.py", "pick_cache")],
        "{json:#}"
    );
    // Under the floor the original is never checked itself: a change to it alone checks nothing.
    let r = TestRepo::with_base(&[("cache.py", base)]);
    r.branch("feature");
    r.write("cache.py", base.replace("<= 0", "< 1"));
    r.commit("tweak");
    let json = pr_json(&r, 0, &[]);
    assert_eq!(json["checked_functions"], 0, "{json:#}");
}

#[test]
fn unparsable_region_keeps_well_formed_functions_and_warns_once() {
    let src =
        format!("{RENAMED_COPY}\n\ndef broken(:\n    return )\n\n\nclass Half(\n    x = [1, 2\n");
    let r = pr_repo(&[("app/partial.py", &src)]);
    let run = r.run(&["pr", "--base", "main"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("`load_settings` duplicates existing function `read_json_config`"),
        "{run}"
    );
    let warnings: Vec<_> = run
        .stderr
        .lines()
        .filter(|l| l.contains("app/partial.py"))
        .collect();
    assert_eq!(warnings.len(), 1, "{run}");
    assert!(warnings[0].contains("parse"), "{run}");
}

// ---------------------------------------------------------------------------------------
// Suppression
// ---------------------------------------------------------------------------------------

#[test]
fn suppression_comment_on_the_def_line_is_honored() {
    let src = RENAMED_COPY.replace(
        "def load_settings(filename, needed=(\"name\", \"version\")):",
        "def load_settings(filename, needed=(\"name\", \"version\")):  # dedupe-check: ignore",
    );
    assert_ne!(src, RENAMED_COPY);
    let r = pr_repo(&[("app/settings.py", &src)]);
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
}

#[test]
fn suppression_comment_on_the_line_above_is_honored() {
    let src = RENAMED_COPY.replace(
        "def load_settings(",
        "# dedupe-check: ignore\ndef load_settings(",
    );
    let r = pr_repo(&[("app/settings.py", &src)]);
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
}

#[test]
fn suppression_comment_in_any_spacing_and_case_is_honored() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    pr_json(&r, 1, &[]);
    for marker in [
        "#dedupe-check:ignore",
        "#dedupe-check: ignore",
        "# DEDUPE-CHECK: ignore",
        "# dedupe-check : Ignore",
    ] {
        r.write(
            "app/settings.py",
            RENAMED_COPY.replace(
                "def load_settings(",
                &format!("{marker}\ndef load_settings("),
            ),
        );
        r.commit(marker);
        let json = pr_json(&r, 0, &[]);
        assert_eq!(pairs(&json), [], "{marker}: {json:#}");
    }
}

#[test]
fn a_suppression_comment_that_suppresses_nothing_is_named() {
    // Used: on a copy. Unused: on a function with no duplicate, and on no function.
    let used = RENAMED_COPY.replace(
        "def load_settings(",
        "# dedupe-check: ignore\ndef load_settings(",
    );
    let unused = UNRELATED
        .replace(
            "def parse_duration(",
            "# dedupe-check: ignore\ndef parse_duration(",
        )
        .replace(
            "\"\"\"Durations.\"\"\"\n",
            "\"\"\"Durations.\"\"\"\n# dedupe-check: ignore\nUNITS = 4\n",
        );
    let r = pr_repo(&[("app/settings.py", &used), ("app/durations.py", &unused)]);
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), [], "{json:#}");
    let text = r.read("app/durations.py");
    let on_nothing = line_of(&text, "# dedupe-check: ignore");
    let on_function = line_of(&text, "def parse_duration(") - 1;
    let notices = common::notices(&json);
    let unused: Vec<&&str> = notices.iter().filter(|n| n.contains("unused")).collect();
    assert_eq!(
        unused,
        [
            &format!(
                "app/durations.py:{on_nothing}: unused `dedupe-check: ignore`: it is on no \
                 function; put it on the line of the `def`/`fn`/`function` or the line above, \
                 or remove it"
            )
            .as_str(),
            &format!(
                "app/durations.py:{on_function}: unused `dedupe-check: ignore`: \
                 `parse_duration` has no duplicate to suppress; remove the comment"
            )
            .as_str(),
        ],
        "{notices:#?}"
    );
}

#[test]
fn suppression_comment_above_a_decorator_is_honored() {
    let src = RENAMED_COPY.replace(
        "def load_settings(",
        "# dedupe-check: ignore\n@functools.cache\ndef load_settings(",
    );
    let r = pr_repo(&[("app/settings.py", &src)]);
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
}

// ---------------------------------------------------------------------------------------
// Revisions
// ---------------------------------------------------------------------------------------

#[test]
fn compares_against_the_merge_base_not_the_base_tip() {
    // main moves on after the branch forked: a copy added on main since then is not
    // part of the PR, and the PR's copy is still checked against the fork point.
    let r = base_repo();
    r.branch("feature");
    r.write("app/settings.py", RENAMED_COPY);
    r.commit("settings");
    r.checkout("main");
    r.write("app/util/durations.py", UNRELATED);
    r.commit("durations on main");
    r.checkout("feature");
    let json = pr_json(&r, 1, &[]);
    assert_eq!(
        pairs(&json),
        [pair(
            "app/settings.py",
            "load_settings",
            "app/util/config.py",
            "read_json_config"
        )]
    );
    assert_eq!(json["checked_functions"], 1);
    let main_first = r.repo.revparse_single("main~1").unwrap().id().to_string();
    assert_eq!(json["base"], main_first.as_str());
    assert_eq!(json["head"], r.head_id().to_string().as_str());
}

#[test]
fn revisions_as_git_understands_them() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    r.write("app/util/durations.py", UNRELATED);
    r.commit("second");
    r.write("NOTES.md", "notes\n");
    r.commit("third");
    let sha = r.repo.revparse_single("main").unwrap().id().to_string();
    r.tag("v1");
    r.checkout("main");
    // HEAD is main now: name head explicitly, by branch, tag and relative revision.
    for (base, head) in [
        ("main", "feature"),
        (sha.as_str(), "v1"),
        ("HEAD", "feature"),
        ("feature~3", "feature~2"),
    ] {
        let run = r.run(&["pr", "--base", base, "--head", head, "--format", "json"]);
        run.code(1);
        assert_eq!(
            pairs(&run.json()),
            [pair(
                "app/settings.py",
                "load_settings",
                "app/util/config.py",
                "read_json_config"
            )],
            "--base {base} --head {head}"
        );
    }
    // `--repo` from elsewhere, and a remote-tracking base.
    r.repo
        .reference(
            "refs/remotes/origin/main",
            r.repo.revparse_single("main").unwrap().id(),
            true,
            "test",
        )
        .unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let run = run_in(
        elsewhere.path(),
        &[
            "pr",
            "--repo",
            r.path().to_str().unwrap(),
            "--base",
            "origin/main",
            "--head",
            "feature",
        ],
    );
    run.code(1);
    assert!(run.stdout.contains("app/settings.py:"), "{run}");
}

#[test]
fn file_renamed_with_unchanged_content_gives_no_finding() {
    let r = base_repo();
    r.branch("feature");
    r.rename("app/util/config.py", "app/core/configuration.py");
    r.commit("move config module");
    let run = r.run(&["pr", "--base", "main", "--format", "json"]);
    run.code(0);
    let json = run.json();
    assert_eq!(pairs(&json), []);
    assert_eq!(json["checked_functions"], 0);
}

#[test]
fn function_moved_unchanged_to_another_file_gives_no_finding() {
    let r = base_repo();
    r.branch("feature");
    // merge_dicts moves from config.py into a new module; config.py keeps the rest.
    let merge_at = line_start(CONFIG_PY, "def merge_dicts");
    r.write(
        "app/util/config.py",
        CONFIG_PY[..merge_at].trim_end().to_string() + "\n",
    );
    r.write(
        "app/util/dicts.py",
        format!("\"\"\"Dict helpers.\"\"\"\n\n\n{}", &CONFIG_PY[merge_at..]),
    );
    r.commit("move merge_dicts");
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
    assert_eq!(json["checked_functions"], 0, "{json:#}");
}

#[test]
fn function_moved_out_of_a_deleted_file_gives_no_finding() {
    let r = base_repo();
    r.branch("feature");
    r.remove("app/util/iters.py");
    r.write(
        "app/streams.py",
        format!(
            "\"\"\"Streams.\"\"\"\nimport io\n\n\n{}",
            &ITERS_PY[line_start(ITERS_PY, "def chunked")..]
        ),
    );
    r.commit("fold iters into streams");
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
    assert_eq!(json["checked_functions"], 0, "{json:#}");
}

#[test]
fn functions_reordered_within_a_file_give_no_finding() {
    let r = base_repo();
    r.branch("feature");
    let slug =
        &TEXT_PY[line_start(TEXT_PY, "def slugify")..line_start(TEXT_PY, "def truncate_words")];
    let trunc = &TEXT_PY[line_start(TEXT_PY, "def truncate_words")..];
    let head = &TEXT_PY[..line_start(TEXT_PY, "def slugify")];
    r.write(
        "app/util/text.py",
        format!("{head}{}\n\n\n{}", trunc.trim_end(), slug.trim_end()),
    );
    r.commit("reorder");
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
    assert_eq!(json["checked_functions"], 0, "{json:#}");
}

#[test]
fn copy_next_to_an_edit_of_its_original_is_still_found() {
    // The original's file changes too (a new import), but the original stays: the copy
    // is new, not a move.
    let r = base_repo();
    r.branch("feature");
    r.write(
        "app/util/config.py",
        CONFIG_PY.replace("import json\n", "import json\nimport os\n"),
    );
    let merge_at = line_start(CONFIG_PY, "def merge_dicts");
    r.write(
        "app/util/dicts.py",
        format!("\"\"\"Dict helpers.\"\"\"\n\n\n{}", &CONFIG_PY[merge_at..]),
    );
    r.commit("copy merge_dicts");
    let json = pr_json(&r, 1, &[]);
    assert_eq!(
        pairs(&json),
        [pair(
            "app/util/dicts.py",
            "merge_dicts",
            "app/util/config.py",
            "merge_dicts"
        )]
    );
}

// ---------------------------------------------------------------------------------------
// Output and options
// ---------------------------------------------------------------------------------------

#[test]
fn json_output_has_the_schema_fields() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    let json = pr_json(&r, 1, &[]);
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "dedupe-check");
    assert_eq!(json["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["mode"], "pr");
    assert_eq!(json["engine"], "structural");
    assert!(json["notices"].is_array());
    assert_eq!(json["base"].as_str().unwrap().len(), 40);
    assert_eq!(json["head"], r.head_id().to_string().as_str());
    assert!(json["checked_functions"].is_u64());
    assert!(
        json["existing_functions"].as_u64().unwrap() >= 8,
        "{json:#}"
    );
    let f = &json["findings"][0];
    for side in ["new", "existing"] {
        for key in ["path", "name", "qualified_name"] {
            assert!(f[side][key].is_string(), "{side}.{key}: {f:#}");
        }
        for key in ["start_line", "end_line"] {
            assert!(f[side][key].as_u64().unwrap() >= 1, "{side}.{key}: {f:#}");
        }
    }
    let score = f["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score), "{f:#}");
    assert_eq!(f["engine"], "structural");
    assert!(f["logit"].is_null());
    let fp = f["fingerprint"].as_str().unwrap();
    assert!(
        !fp.is_empty() && fp.chars().all(|c| c.is_ascii_hexdigit()),
        "{fp}"
    );
    assert_eq!(f["kind"], "copy", "{f:#}");
    assert_eq!(f["level"], "error", "{f:#}");
    for key in ["reason", "advice"] {
        assert!(
            !f["evidence"][key].as_str().unwrap().is_empty(),
            "{key}: {f:#}"
        );
    }
    assert_eq!(json["errors"], 1, "{json:#}");
    assert_eq!(json["warnings"], 0, "{json:#}");
    // The diff of a renamed copy is taken after the renaming: only the docstring the copy
    // left out is marked, not every line that names a renamed local.
    let diff = f["diff"].as_str().unwrap();
    assert!(
        diff.contains("(read_json_config, its names renamed as in the new function)"),
        "{diff}"
    );
    assert!(diff.contains(" def load_settings(filename"), "{diff}");
    assert!(
        diff.contains("-    \"\"\"Load a JSON config file"),
        "{diff}"
    );
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect();
    assert_eq!(changed.len(), 1, "{diff}");
}

#[test]
fn output_file_receives_the_report() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("report.json");
    let run = r.run(&[
        "pr",
        "--base",
        "main",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    run.code(1);
    assert_eq!(run.stdout, "", "{run}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(pairs(&json).len(), 1);

    let text_out = out_dir.path().join("report.txt");
    let run = r.run(&["pr", "--base", "main", "-o", text_out.to_str().unwrap()]);
    run.code(1);
    assert_eq!(run.stdout, "");
    let text = std::fs::read_to_string(&text_out).unwrap();
    assert!(text.contains("app/settings.py:"), "{text}");
    assert!(!text.contains('\x1b'), "no color codes in a file: {text}");
}

#[test]
fn fail_on_never_exits_zero_with_findings() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    let json = pr_json(&r, 0, &["--fail-on", "never"]);
    assert_eq!(pairs(&json).len(), 1);
    // The config file says so too, and the flag overrides it back.
    r.write(".dedupe-check.yml", "fail_on: never\n");
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json).len(), 1);
    pr_json(&r, 1, &["--fail-on", "findings"]);
}

#[test]
fn threshold_from_config_and_flag() {
    let r = pr_repo(&[("app/pages/slug.py", EDITED_COPY)]);
    // Above any score: nothing reported.
    r.write(".dedupe-check.yml", "threshold: 1.0\n");
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
    // The flag overrides the file.
    let json = pr_json(&r, 0, &["--threshold", "0.5"]);
    assert_eq!(pairs(&json).len(), 1);
    // --config FILE instead of the file at the root.
    let cfg_dir = tempfile::tempdir().unwrap();
    let cfg = cfg_dir.path().join("strict.yml");
    std::fs::write(&cfg, "threshold: 0.5\n").unwrap();
    let json = pr_json(&r, 0, &["--config", cfg.to_str().unwrap()]);
    assert_eq!(pairs(&json).len(), 1);
}

#[test]
fn exclude_glob_skips_new_and_existing_files() {
    let r = base_repo();
    r.write("vendor/lib/jsonconf.py", CONFIG_PY);
    r.commit("vendor a library");
    r.branch("feature");
    r.write("scripts/settings.py", RENAMED_COPY);
    r.write("app/pages/slug.py", EDITED_COPY);
    r.commit("feature");
    r.write(
        ".dedupe-check.yml",
        "exclude: [\"scripts/**\", \"vendor/**\"]\n",
    );
    // The edited copy left is a warning.
    let json = pr_json(&r, 0, &[]);
    // The scripts file is not checked, and the vendored copy is no candidate.
    assert_eq!(
        pairs(&json),
        [pair(
            "app/pages/slug.py",
            "make_slug",
            "app/util/text.py",
            "slugify"
        )]
    );
    // Without the config, the scripts file's copy is reported (against either copy).
    r.remove(".dedupe-check.yml");
    let json = pr_json(&r, 1, &[]);
    assert!(
        pairs(&json).iter().any(|p| p.0 == "scripts/settings.py"),
        "{json:#}"
    );
}

#[test]
fn exclude_takes_a_bare_directory_name_as_ruff_does() {
    let r = pr_repo(&[
        ("docs_src/tutorial001.py", RENAMED_COPY),
        ("site/docs_src/tutorial002.py", RENAMED_COPY),
        ("app/pages/slug.py", EDITED_COPY),
    ]);
    let slug = pair(
        "app/pages/slug.py",
        "make_slug",
        "app/util/text.py",
        "slugify",
    );
    for entry in ["docs_src", "docs_src/", "\"docs_src\""] {
        r.write(".dedupe-check.yml", format!("exclude: [{entry}]\n"));
        // Only the edited copy is left, a warning.
        let json = pr_json(&r, 0, &[]);
        assert_eq!(
            pairs(&json),
            std::slice::from_ref(&slug),
            "exclude: [{entry}]"
        );
    }
    // Without the exclusion, the tutorial copies are reported too.
    r.remove(".dedupe-check.yml");
    let json = pr_json(&r, 1, &[]);
    assert!(
        pairs(&json).iter().any(|p| p.0.contains("docs_src/")),
        "{json:#}"
    );
}

#[test]
fn include_glob_limits_the_files_checked_and_indexed() {
    let r = pr_repo(&[
        ("app/settings.py", RENAMED_COPY),
        ("scripts/slug.py", EDITED_COPY),
    ]);
    r.write(".dedupe-check.yml", "include: [\"app/**/*.py\"]\n");
    let json = pr_json(&r, 1, &[]);
    assert_eq!(
        pairs(&json),
        [pair(
            "app/settings.py",
            "load_settings",
            "app/util/config.py",
            "read_json_config"
        )]
    );
    r.write(".dedupe-check.yml", "include: [\"scripts/*.py\"]\n");
    // scripts/slug.py is checked, but app/ is no longer indexed: nothing to match.
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
    assert_eq!(json["checked_functions"], 1);
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

#[test]
fn not_a_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    for mode in ["pr", "staged", "worktree"] {
        let run = run_in(dir.path(), &[mode]);
        run.code(2);
        assert!(run.stderr.contains("not inside a git repository"), "{run}");
        assert!(run.stdout.is_empty(), "{run}");
    }
    let run = run_in(
        std::env::temp_dir().as_path(),
        &[
            "pr",
            "--repo",
            dir.path().to_str().unwrap(),
            "--base",
            "main",
        ],
    );
    run.code(2);
    assert!(
        run.stderr.contains(&dir.path().display().to_string()),
        "names the path: {run}"
    );
}

#[test]
fn numbers_are_checked_where_they_are_read() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    let run = r.run(&["pr", "--base", "main", "--threshold", "68"]);
    run.code(2);
    assert!(run.stderr.contains("--threshold"), "{run}");
    assert!(run.stderr.contains("did you mean 0.68?"), "{run}");
    for bad in ["NaN", "inf", "-0.1", "150", "high"] {
        let run = r.run(&["pr", "--base", "main", &format!("--threshold={bad}")]);
        run.code(2);
        assert!(run.stderr.contains("--threshold"), "{run}");
        assert!(!run.stderr.contains("did you mean"), "{run}");
    }
    // Far beyond any sensible size: a usage error that names the flag and its range,
    // never an allocation that aborts.
    for (flag, value, range) in [
        ("--top-k", "999999999999", "1..=1000"),
        ("--top-k", "0", "1..=1000"),
        ("--min-tokens", "999999999999", "0..=100000"),
        ("--min-statements", "99999999", "0..=10000"),
    ] {
        let run = r.run(&["pr", "--base", "main", flag, value]);
        run.code(2);
        assert!(
            run.stderr.contains(flag) && run.stderr.contains(range),
            "{run}"
        );
    }
    // The same keys in the config file: each mistake named once, with its key.
    r.write(".dedupe-check.yml", "threshold: 68\ntop_k: 999999999999\n");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(2);
    assert!(run.stdout.is_empty(), "{run}");
    assert!(
        run.stderr.contains(
            ".dedupe-check.yml: threshold must be between 0 and 1, got 68 (did you mean 0.68?)"
        ),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("; top_k must be between 1 and 1000, got 999999999999"),
        "{run}"
    );
    assert_eq!(run.stderr.matches("threshold must").count(), 1, "{run}");
    assert_eq!(run.stderr.matches("top_k must").count(), 1, "{run}");
}

/// Whether this process runs as root (uid 0): only root can hand a file to another user.
#[cfg(unix)]
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::tempdir().unwrap();
    std::fs::metadata(probe.path()).unwrap().uid() == 0
}

#[cfg(unix)]
#[test]
fn a_repository_owned_by_another_user_says_how_to_trust_it() {
    if !running_as_root() {
        eprintln!("skipped: only root can give the repository to another user");
        return;
    }
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    // A global config of this run only: no safe.directory of the machine applies.
    let home = tempfile::tempdir().unwrap();
    let global = home.path().join(".gitconfig");
    std::fs::write(&global, "").unwrap();
    let env = [
        ("HOME", home.path().to_str().unwrap()),
        ("XDG_CONFIG_HOME", home.path().to_str().unwrap()),
        ("GIT_CONFIG_GLOBAL", global.to_str().unwrap()),
        ("GIT_CONFIG_NOSYSTEM", "1"),
    ];
    let chown = |uid: &str| {
        let out = std::process::Command::new("chown")
            .args(["-R", uid, r.path().to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    chown("12345:12345");
    let run = common::run_in_env(r.path(), &["pr", "--base", "main"], &env);
    chown("0:0");
    run.code(2);
    assert!(run.stdout.is_empty(), "{run}");
    assert!(run.stderr.contains("dubious ownership"), "{run}");
    assert!(!run.stderr.contains("not inside a git repository"), "{run}");
    let root = std::fs::canonicalize(r.path()).unwrap();
    let fix = format!(
        "git config --global --add safe.directory {}",
        root.display()
    );
    assert!(run.stderr.contains(&fix), "{run}");

    // The command it gives is the fix.
    chown("12345:12345");
    let args: Vec<&str> = fix.split(' ').skip(1).collect();
    let out = std::process::Command::new("git")
        .args(&args)
        .envs(env)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let run = common::run_in_env(r.path(), &["pr", "--base", "main"], &env);
    chown("0:0");
    run.code(1);
    assert!(run.stdout.contains("load_settings"), "{run}");
}

/// The README's quick start, `pr --repo PATH` with no --base, on a fresh repository whose
/// default branch is `master`, and in a clone of it (origin/HEAD); then on `main`.
#[test]
fn quick_start_without_base_finds_master_or_main() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git_cli(&repo, &["init", "--quiet", "--initial-branch=master"]);
    std::fs::create_dir_all(repo.join("app/util")).unwrap();
    std::fs::write(repo.join("app/util/config.py"), CONFIG_PY).unwrap();
    git_cli(&repo, &["add", "-A"]);
    git_cli(&repo, &["commit", "--quiet", "-m", "base"]);
    git_cli(&repo, &["switch", "--quiet", "-c", "feature"]);
    std::fs::write(repo.join("app/settings.py"), RENAMED_COPY).unwrap();
    git_cli(&repo, &["add", "-A"]);
    git_cli(&repo, &["commit", "--quiet", "-m", "feature"]);
    let quick_start = |dir: &std::path::Path| {
        let run = run_in(
            std::env::temp_dir().as_path(),
            &["pr", "--repo", dir.to_str().unwrap()],
        );
        run.code(1);
        assert!(
            run.stdout
                .contains("`load_settings` duplicates existing function `read_json_config`"),
            "{run}"
        );
    };
    quick_start(&repo);

    // A clone on its feature branch: the base is origin/HEAD, the remote's master.
    git_cli(&repo, &["switch", "--quiet", "master"]);
    git_cli(dir.path(), &["clone", "--quiet", "repo", "clone"]);
    let clone = dir.path().join("clone");
    git_cli(&clone, &["switch", "--quiet", "feature"]);
    quick_start(&clone);

    // `main` as the default branch.
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    quick_start(r.path());
}

#[test]
fn unknown_revision() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    let run = r.run(&["pr", "--base", "mian"]);
    run.code(2);
    assert!(run.stderr.contains("unknown revision 'mian'"), "{run}");
    let run = r.run(&["pr", "--base", "main", "--head", "feature~9"]);
    run.code(2);
    assert!(run.stderr.contains("unknown revision 'feature~9'"), "{run}");
}

#[test]
fn base_equal_to_head_is_nothing_to_check() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    for base in ["HEAD", "feature"] {
        let run = r.run(&["pr", "--base", base]);
        run.code(0);
        assert_eq!(run.stdout.lines().count(), 1, "{run}");
        assert!(run.stdout.starts_with("nothing to check"), "{run}");
    }
    // Also when head is behind base (already merged).
    r.checkout("main");
    r.git(&["merge", "--ff-only", "feature"]);
    r.write("NOTES.md", "x\n");
    r.commit("after merge");
    let run = r.run(&["pr", "--base", "main", "--head", "feature"]);
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 1, "{run}");
}

#[test]
fn no_python_changes_is_nothing_to_check() {
    let r = pr_repo(&[
        ("README.md", "# app\n\nMore docs.\n"),
        ("setup.cfg", "[x]\n"),
    ]);
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 1, "{run}");
    assert!(run.stdout.contains("no Python"), "{run}");
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
}

#[test]
fn shallow_clone_without_the_merge_base_says_how_to_fetch_it() {
    // origin: main = A; feature = A-B-C-D (3 commits ahead, the copy in the last one).
    let origin = base_repo();
    origin.branch("feature");
    origin.write("app/util/durations.py", UNRELATED);
    origin.commit("B");
    origin.write("NOTES.md", "notes\n");
    origin.commit("C");
    origin.write("app/settings.py", RENAMED_COPY);
    origin.commit("D");
    origin.checkout("main");

    let parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    // What actions/checkout does by default: the tip only.
    git_cli(
        parent.path(),
        &[
            "clone", "--depth", "1", "--branch", "feature", &url, "clone",
        ],
    );
    let clone = parent.path().join("clone");

    // The base was never fetched: an unknown revision, with the shallow hint.
    let run = run_in(&clone, &["pr", "--base", "origin/main"]);
    run.code(2);
    assert!(
        run.stderr.contains("unknown revision 'origin/main'"),
        "{run}"
    );
    assert!(run.stderr.contains("shallow"), "{run}");

    // The base tip fetched too, but not the history in between: no merge base.
    git_cli(
        &clone,
        &[
            "fetch",
            "--depth",
            "1",
            "origin",
            "main:refs/remotes/origin/main",
        ],
    );
    let run = run_in(&clone, &["pr", "--base", "origin/main"]);
    run.code(2);
    assert!(run.stderr.contains("no merge base"), "{run}");
    assert!(run.stderr.contains("shallow"), "{run}");
    assert!(run.stderr.contains("fetch-depth: 0"), "{run}");

    // After fetching the history, the same command works.
    git_cli(&clone, &["fetch", "--unshallow", "origin"]);
    let run = run_in(&clone, &["pr", "--base", "origin/main", "--format", "json"]);
    run.code(1);
    assert_eq!(
        pairs(&run.json()),
        [pair(
            "app/settings.py",
            "load_settings",
            "app/util/config.py",
            "read_json_config"
        )]
    );
}

/// `origin` with a `feature` branch that adds a renamed copy and edits another file, a
/// blobless clone of it (`git clone --filter=blob:none`) on that branch in `parent`, and
/// the id of the edited file's old version: a blob the check needs that the clone lacks.
fn blobless_clone(parent: &std::path::Path) -> (TestRepo, std::path::PathBuf, String) {
    let origin = pr_repo(&[
        ("app/settings.py", RENAMED_COPY),
        ("app/util/iters.py", &ITERS_PY.replace("PiB", "PB")),
    ]);
    origin.git(&["config", "uploadpack.allowFilter", "true"]);
    let url = format!("file://{}", origin.path().display());
    git_cli(
        parent,
        &[
            "clone",
            "--filter=blob:none",
            "--branch",
            "feature",
            &url,
            "clone",
        ],
    );
    let clone = parent.join("clone");
    let old = git_cli(&clone, &["rev-parse", "HEAD~1:app/util/iters.py"]);
    let old = old.trim().to_string();
    assert!(missing_blobs(&clone).contains(&old), "the clone has {old}");
    (origin, clone, old)
}

/// The objects reachable from HEAD~1 that a partial clone has not fetched.
fn missing_blobs(clone: &std::path::Path) -> Vec<String> {
    git_cli(
        clone,
        &["rev-list", "--objects", "--missing=print", "HEAD~1"],
    )
    .lines()
    .filter_map(|l| l.strip_prefix('?'))
    .map(str::to_string)
    .collect()
}

#[test]
fn blobless_clone_fetches_the_missing_files_in_one_batch() {
    let parent = tempfile::tempdir().unwrap();
    let (_origin, clone, old) = blobless_clone(parent.path());
    let run = run_in(&clone, &["pr", "--base", "origin/main", "--format", "json"]);
    run.code(1);
    assert_eq!(
        pairs(&run.json()),
        [pair(
            "app/settings.py",
            "load_settings",
            "app/util/config.py",
            "read_json_config"
        )]
    );
    assert!(!missing_blobs(&clone).contains(&old), "fetched");
}

#[test]
fn blobless_clone_without_its_remote_says_so_once_with_the_fix() {
    let parent = tempfile::tempdir().unwrap();
    let (origin, clone, _) = blobless_clone(parent.path());
    let away = parent.path().join("origin-away");
    std::fs::rename(origin.path(), &away).unwrap();
    let run = run_in(&clone, &["pr", "--base", "origin/main"]);
    run.code(2);
    assert!(run.stdout.is_empty(), "{run}");
    assert_eq!(run.stderr.lines().count(), 1, "one message: {run}");
    assert!(run.stderr.contains("is a partial clone"), "{run}");
    assert!(run.stderr.contains("'origin'"), "{run}");
    let fix = format!(
        "git -C {} fetch --refetch --no-filter origin",
        clone.display()
    );
    assert!(run.stderr.contains(&fix), "{run}");
    assert!(run.stderr.contains("actions/checkout"), "{run}");

    // The fix it names, run while the remote is there, makes the clone whole: the check
    // then needs no remote.
    std::fs::rename(&away, origin.path()).unwrap();
    git_cli(&clone, &["fetch", "--refetch", "--no-filter", "origin"]);
    std::fs::rename(origin.path(), &away).unwrap();
    let run = run_in(&clone, &["pr", "--base", "origin/main", "--format", "json"]);
    std::fs::rename(&away, origin.path()).unwrap();
    run.code(1);
    assert_eq!(pairs(&run.json()).len(), 1, "{run}");
}

/// A local check in a sparse, blobless clone whose remote is gone: the blobs it never
/// downloaded are skipped with one notice, and the files that are here are still checked.
#[test]
fn local_checks_skip_blobs_a_partial_clone_cannot_fetch() {
    let parent = tempfile::tempdir().unwrap();
    let origin = base_repo();
    origin.git(&["config", "uploadpack.allowFilter", "true"]);
    let url = format!("file://{}", origin.path().display());
    git_cli(
        parent.path(),
        &["clone", "--filter=blob:none", "--sparse", &url, "clone"],
    );
    let clone = parent.path().join("clone");
    git_cli(
        &clone,
        &[
            "sparse-checkout",
            "set",
            "--no-cone",
            "/app/util/config.py",
            "/app/settings.py",
        ],
    );
    let iters = git_cli(&clone, &["rev-parse", "HEAD:app/util/iters.py"]);
    let unfetched = || {
        git_cli(
            &clone,
            &["rev-list", "--objects", "--missing=print", "HEAD"],
        )
        .lines()
        .any(|l| l == format!("?{}", iters.trim()))
    };
    assert!(unfetched(), "the clone lacks iters.py");
    std::fs::rename(origin.path(), parent.path().join("origin-away")).unwrap();

    std::fs::write(clone.join("app/settings.py"), RENAMED_COPY).unwrap();
    git_cli(&clone, &["add", "app/settings.py"]);
    for mode in ["staged", "worktree"] {
        let run = run_in(&clone, &[mode, "--format", "json"]);
        run.code(1);
        assert_eq!(
            pairs(&run.json()),
            [pair(
                "app/settings.py",
                "load_settings",
                "app/util/config.py",
                "read_json_config"
            )],
            "{mode}: {run}"
        );
        if mode == "staged" {
            let json = run.json();
            let said = notices(&json);
            assert!(
                said.iter()
                    .any(|n| n.contains("partial clone")
                        && n.contains("--refetch --no-filter origin")),
                "{said:?}"
            );
        }
    }
    assert!(unfetched(), "nothing was downloaded");
}

#[test]
fn non_utf8_file_is_skipped_with_a_warning() {
    let r = base_repo();
    r.branch("feature");
    // Latin-1 without a coding line, and with one naming an encoding that is not read.
    let mut latin1 = b"# Caf\xe9\n".to_vec();
    latin1.extend_from_slice(RENAMED_COPY.as_bytes());
    r.write("app/legacy.py", &latin1);
    let mut cp1252 = b"# -*- coding: cp1252 -*-\n".to_vec();
    cp1252.extend_from_slice(&latin1);
    r.write("app/legacy_win.py", cp1252);
    r.write("app/util/durations.py", UNRELATED);
    r.commit("legacy");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(
        run.stderr
            .contains("2 changed file(s) not checked, not valid UTF-8")
            && run.stderr.contains(": app/legacy.py, app/legacy_win.py"),
        "{run}"
    );
}

#[test]
fn file_larger_than_the_limit_is_skipped_with_a_warning() {
    let big = format!("{RENAMED_COPY}\n{}", "# padding line\n".repeat(200));
    let r = pr_repo(&[("app/settings.py", &big)]);
    r.write(".dedupe-check.yml", "max_file_bytes: 1000\n");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(
        run.stderr.contains("app/settings.py") && run.stderr.contains("max_file_bytes"),
        "{run}"
    );
    // Within the limit, it is checked.
    r.write(".dedupe-check.yml", "max_file_bytes: 100000\n");
    r.run(&["pr", "--base", "main"]).code(1);
}

#[test]
fn binary_file_is_skipped_with_a_warning() {
    let r = base_repo();
    r.branch("feature");
    let mut bin = RENAMED_COPY.as_bytes().to_vec();
    bin.extend_from_slice(b"\x00\x01\x02\x00");
    r.write("app/blob.py", bin);
    r.commit("binary");
    // Only a binary file: git shows no lines, so there is no function source to check.
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(!run.stdout.contains("duplicate-function"), "{run}");
    // Next to a real change: the binary file is skipped, and said so.
    r.write("app/util/durations.py", UNRELATED);
    r.commit("durations");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(!run.stdout.contains("duplicate-function"), "{run}");
    assert!(
        run.stderr.contains("app/blob.py") && run.stderr.contains("binary"),
        "{run}"
    );
}

#[test]
fn files_the_change_does_not_touch_are_skipped_without_a_notice() {
    // A large file and a binary one at the base: every run skips them, and only a change
    // that touches them is told so.
    let r = base_repo();
    r.write("app/big.py", TEXT_PY.repeat(4));
    let mut bin = UNRELATED.as_bytes().to_vec();
    bin.extend_from_slice(b"\x00\x01");
    r.write("app/blob.py", bin);
    r.write(".dedupe-check.yml", "max_file_bytes: 2000\n");
    r.commit("large and binary files");
    r.branch("feature");
    r.write("app/util/durations.py", UNRELATED);
    r.commit("durations");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(
        !run.stderr.contains("app/big.py") && !run.stderr.contains("app/blob.py"),
        "{run}"
    );
    r.write("app/big.py", TEXT_PY.repeat(5));
    r.commit("larger");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(
        run.stderr
            .contains("not checked, larger than max_file_bytes: app/big.py")
            && !run.stderr.contains("app/blob.py"),
        "{run}"
    );
}

#[test]
fn a_change_that_only_deletes_lines_says_so() {
    let r = base_repo();
    r.branch("feature");
    let shorter = TEXT_PY.replace(
        "    value = value.encode(\"ascii\", \"ignore\").decode(\"ascii\")\n",
        "",
    );
    assert_ne!(shorter, TEXT_PY);
    r.write("app/util/text.py", shorter);
    r.commit("drop a line");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(
        run.stdout.contains(
            "nothing to check: only deletions: lines removed from 1 function(s), nothing added to check"
        ),
        "{run}"
    );
}

#[test]
fn deleted_files_are_neither_checked_nor_candidates() {
    let r = base_repo();
    r.branch("feature");
    r.remove("app/util/config.py");
    r.commit("drop config");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 1, "{run}");
    assert!(run.stdout.starts_with("nothing to check"), "{run}");

    // Deleting the original while adding an edited version elsewhere: the deleted
    // function is not an existing function at head.
    r.write("app/settings.py", RENAMED_COPY);
    r.commit("replace config");
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
}

#[test]
fn submodules_are_not_read() {
    // The submodule holds a copy; it is another repository, not this one's code.
    let sub = TestRepo::with_base(&[("lib/conf.py", RENAMED_COPY)]);
    let r = base_repo();
    r.branch("feature");
    r.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        &format!("file://{}", sub.path().display()),
        "third_party/sub",
    ]);
    r.write("app/util/durations.py", UNRELATED);
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "-m", "add submodule"]);
    let json = pr_json(&r, 0, &[]);
    assert_eq!(pairs(&json), []);
    assert_eq!(json["checked_functions"], 1);
    // A PR whose only change is the submodule has nothing to check.
    r.git(&["-c", "protocol.file.allow=always", "checkout", "-q", "main"]);
    r.git(&["checkout", "-q", "-b", "only-sub"]);
    r.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-f",
        &format!("file://{}", sub.path().display()),
        "deps/sub",
    ]);
    r.git(&["commit", "-q", "-m", "only a submodule"]);
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(run.stdout.starts_with("nothing to check"), "{run}");
    // Worktree and staged modes skip it too.
    r.write("third_party2.txt", "x");
    r.run(&["worktree"]).code(0);
    r.run(&["staged"]).code(0);
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_read_as_copies() {
    let r = base_repo();
    r.branch("feature");
    r.symlink("util/config.py", "app/config_link.py");
    r.symlink("util", "app/util_alias");
    r.commit("links");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(!run.stdout.contains("duplicate-function"), "{run}");
    // Untracked links in worktree mode, and staged ones, are not read either.
    r.checkout("main");
    r.symlink("util/text.py", "app/text_link.py");
    let run = r.run(&["worktree"]);
    run.code(0);
    assert!(!run.stdout.contains("duplicate-function"), "{run}");
    r.stage(&["app/text_link.py"]);
    let run = r.run(&["staged"]);
    run.code(0);
    assert!(!run.stdout.contains("duplicate-function"), "{run}");
}

#[cfg(unix)]
#[test]
fn a_staged_symlink_and_a_submodule_are_named_in_notices() {
    let r = base_repo();
    r.symlink("util/text.py", "app/text_link.py");
    r.write("app/settings.py", RENAMED_COPY);
    r.stage(&["app/text_link.py", "app/settings.py"]);
    let head = r.head_id().to_string();
    git_cli(
        r.path(),
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("160000,{head},libs/shared"),
        ],
    );
    let run = r.run(&["staged", "--format", "json"]);
    run.code(1);
    let json = run.json();
    let notices = common::notices(&json);
    assert!(
        notices.contains(
            &"1 changed file(s) not checked, a symbolic link (its target is checked where it lives): app/text_link.py"
        ),
        "{notices:#?}"
    );
    assert!(
        notices.contains(
            &"1 changed file(s) not checked, a submodule (check it in its own repository): libs/shared"
        ),
        "{notices:#?}"
    );
}

#[test]
fn a_latin_1_python_file_with_a_coding_cookie_is_decoded_and_checked() {
    let r = base_repo();
    r.branch("feature");
    let mut latin1 = b"# -*- coding: latin-1 -*-\n# Caf\xe9 settings\n".to_vec();
    latin1.extend_from_slice(RENAMED_COPY.as_bytes());
    r.write("app/settings.py", latin1);
    r.commit("latin-1 settings");
    let json = pr_json(&r, 1, &[]);
    assert_eq!(
        pairs(&json),
        [pair(
            "app/settings.py",
            "load_settings",
            "app/util/config.py",
            "read_json_config"
        )],
        "{json:#}"
    );
    assert!(!json["notices"].to_string().contains("UTF-8"), "{json:#}");
}

#[test]
fn each_command_help_lists_only_its_own_flags() {
    let dir = tempfile::tempdir().unwrap();
    let help = |cmd: &str| {
        let run = run_in(dir.path(), &[cmd, "--help"]);
        run.code(0);
        run.stdout
    };
    for cmd in ["staged", "worktree"] {
        let text = help(cmd);
        for flag in [
            "--github-review",
            "--github-token",
            "--pr ",
            "--max-review-comments",
        ] {
            assert!(!text.contains(flag), "{cmd} --help lists {flag}:\n{text}");
        }
        assert!(
            text.contains("--no-model") && text.contains("--paths"),
            "{text}"
        );
    }
    assert!(help("pr").contains("--github-review"));
    let rerank = help("rerank");
    assert!(
        !rerank.contains("--no-model") && !rerank.contains("--require-model"),
        "{rerank}"
    );
    // A review flag on a command that cannot post one is a usage error.
    run_in(dir.path(), &["staged", "--github-review"]).code(2);
}

#[test]
fn text_paths_are_relative_absolute_or_from_the_repository_root() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    let first_line = |dir: &std::path::Path, style: &str| {
        let run = run_in(
            dir,
            &["pr", "--base", "main", "--no-diff", "--paths", style],
        );
        run.code(1);
        run.stdout.lines().next().unwrap().to_string()
    };
    let sub = r.path().join("app/util");
    let relative = first_line(&sub, "relative");
    assert!(
        relative.starts_with("../settings.py:") && relative.contains(" at config.py:"),
        "{relative}"
    );
    let root = r.path().canonicalize().unwrap();
    let absolute = first_line(&sub, "absolute");
    assert!(
        absolute.starts_with(&format!("{}:", root.join("app/settings.py").display()))
            && absolute.contains(&format!(
                " at {}:",
                root.join("app/util/config.py").display()
            )),
        "{absolute}"
    );
    // The diff's headers too.
    let diff = run_in(&sub, &["pr", "--base", "main", "--paths", "relative"]);
    assert!(
        diff.stdout.contains("    --- config.py:")
            && diff.stdout.contains("    +++ ../settings.py:"),
        "{diff}"
    );
    let repo = first_line(&sub, "repo");
    assert!(
        repo.starts_with("app/settings.py:") && repo.contains(" at app/util/config.py:"),
        "{repo}"
    );
}

#[test]
fn init_writes_a_commented_config_and_a_workflow_and_never_overwrites() {
    use dedupe_check::commands::init::{CONFIG_TEMPLATE, WORKFLOW_PATH};
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    let sub = r.path().join("app");
    run_in(&sub, &["init"]).code(0);
    assert_eq!(r.read(".dedupe-check.yml"), CONFIG_TEMPLATE);
    // The written config is the defaults: the check runs as before.
    pr_json(&r, 1, &[]);
    // A second run names the file and writes nothing, the workflow included.
    let again = run_in(&sub, &["init", "--workflow"]);
    again.code(2);
    assert!(
        again.stderr.contains(".dedupe-check.yml already exists"),
        "{again}"
    );
    assert!(!r.path().join(WORKFLOW_PATH).exists());

    r.remove(".dedupe-check.yml");
    run_in(r.path(), &["init", "--workflow"]).code(0);
    let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&r.read(WORKFLOW_PATH)).unwrap();
    let action: serde_yaml_ng::Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).unwrap(),
    )
    .unwrap();
    let inputs = action["inputs"].as_mapping().unwrap();
    let step = &workflow["jobs"]["dedupe-check"]["steps"][1];
    assert!(
        step["uses"]
            .as_str()
            .unwrap()
            .starts_with("dedupe-check/dedupe-check@")
    );
    let mut keys: Vec<String> = step["with"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    // The commented inputs too.
    keys.extend(r.read(WORKFLOW_PATH).lines().filter_map(|l| {
        let (key, _) = l.trim_start().strip_prefix("# ")?.split_once(": ")?;
        (!key.contains(' ')).then(|| key.to_string())
    }));
    assert!(keys.len() > 5, "{keys:?}");
    for key in keys {
        assert!(
            inputs.contains_key(key.as_str()),
            "{key} is no input of action.yml"
        );
    }
    let again = run_in(r.path(), &["init", "--workflow"]);
    again.code(2);
    assert!(again.stderr.contains("already exists"), "{again}");
}

#[test]
fn completions_come_from_the_flag_definitions() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let run = run_in(dir.path(), &["completions", shell]);
        run.code(0);
        assert!(run.stdout.contains("show-all-matches"), "{shell}: {run}");
    }
    run_in(dir.path(), &["completions", "tcsh"]).code(2);
}

#[test]
fn config_typo_names_file_line_and_key() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    r.write(".dedupe-check.yml", "top_k: 5\ntreshold: 0.9\n");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(2);
    assert!(run.stderr.contains(".dedupe-check.yml:2:"), "{run}");
    assert!(run.stderr.contains("treshold"), "{run}");
    assert!(run.stdout.is_empty(), "{run}");

    r.write(
        ".dedupe-check.yml",
        "threshold: 0.8\nmodel:\n  threads: many\n",
    );
    let run = r.run(&["pr", "--base", "main"]);
    run.code(2);
    assert!(run.stderr.contains(".dedupe-check.yml:3:"), "{run}");
    assert!(run.stderr.contains("threads"), "{run}");

    // --config naming a missing file is an error too, naming it.
    r.remove(".dedupe-check.yml");
    let run = r.run(&["pr", "--base", "main", "--config", "nope.yml"]);
    run.code(2);
    assert!(run.stderr.contains("nope.yml"), "{run}");
}

#[test]
fn usage_errors_exit_2() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    r.run(&["pr", "--base", "main", "--fail-on", "sometimes"])
        .code(2);
    r.run(&["pr", "--base", "main", "--format", "yaml"]).code(2);
    r.run(&["pr", "--bogus"]).code(2);
}

// ---------------------------------------------------------------------------------------
// staged and worktree
// ---------------------------------------------------------------------------------------

#[test]
fn staged_checks_the_index_not_the_working_tree() {
    let r = base_repo();
    r.write("app/settings.py", RENAMED_COPY);
    r.stage(&["app/settings.py"]);
    // An unstaged copy is not part of the commit being made.
    r.write("app/pages/slug.py", EDITED_COPY);
    let run = r.run(&["staged", "--format", "json"]);
    run.code(1);
    let json = run.json();
    assert_eq!(json["mode"], "staged");
    assert_eq!(
        pairs(&json),
        [pair(
            "app/settings.py",
            "load_settings",
            "app/util/config.py",
            "read_json_config"
        )]
    );
    // The staged version is read, not the file on disk.
    r.write("app/settings.py", UNRELATED);
    let json = r.run(&["staged", "--format", "json"]).json();
    assert_eq!(pairs(&json)[0].1, "load_settings");
}

#[test]
fn staged_in_a_repository_without_commits() {
    let r = TestRepo::new();
    r.write("app/util/config.py", CONFIG_PY);
    r.write("app/settings.py", RENAMED_COPY);
    r.stage(&["app/util/config.py", "app/settings.py"]);
    let before = r.state();
    let run = r.run(&["staged", "--format", "json"]);
    run.code(1);
    assert_eq!(
        r.state(),
        before,
        "staged changed a repository without commits"
    );
    let json = run.json();
    assert!(json["base"].is_null(), "{json:#}");
    let got = pairs(&json);
    assert_eq!(got.len(), 1, "{json:#}");
    let mut names = [got[0].1.as_str(), got[0].3.as_str()];
    names.sort();
    assert_eq!(names, ["load_settings", "read_json_config"]);
    // Nothing staged yet in another fresh repository: nothing to check.
    let empty = TestRepo::new();
    let run = empty.run(&["staged"]);
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 1, "{run}");
}

#[test]
fn staged_nothing_staged_is_nothing_to_check() {
    let r = base_repo();
    r.write("app/settings.py", RENAMED_COPY);
    let run = r.run(&["staged"]);
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 1, "{run}");
    assert!(run.stdout.starts_with("nothing to check"), "{run}");
}

#[test]
fn worktree_counts_untracked_and_unstaged_changes() {
    let r = base_repo();
    // Untracked new file.
    r.write("app/settings.py", RENAMED_COPY);
    // Modified tracked file, not staged: appends a copy of slugify under a new name.
    let slug =
        &TEXT_PY[line_start(TEXT_PY, "def slugify")..line_start(TEXT_PY, "def truncate_words")];
    r.write(
        "app/util/iters.py",
        format!(
            "{ITERS_PY}\n\n{}",
            slug.replace("def slugify", "def slug_of").trim_end()
        ),
    );
    let run = r.run(&["worktree", "--format", "json"]);
    run.code(1);
    let json = run.json();
    assert_eq!(json["mode"], "worktree");
    let mut got = pairs(&json);
    got.sort();
    assert_eq!(
        got,
        [
            pair(
                "app/settings.py",
                "load_settings",
                "app/util/config.py",
                "read_json_config"
            ),
            pair(
                "app/util/iters.py",
                "slug_of",
                "app/util/text.py",
                "slugify"
            ),
        ]
    );
    // Ignored files are not part of the change.
    r.write(".gitignore", "build/\n");
    r.write("build/gen.py", EDITED_COPY);
    let json = r.run(&["worktree", "--format", "json"]).json();
    assert!(
        pairs(&json).iter().all(|p| p.0 != "build/gen.py"),
        "{json:#}"
    );
}

/// An untracked file that cannot be read: mode 000, and, when this runs as root (whom
/// no mode stops), the binary run as another user who owns the repository.
#[cfg(unix)]
#[test]
fn an_unreadable_untracked_file_is_named_and_skipped_and_the_rest_checked() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let r = TestRepo::with_base(&[("app/util/config.py", CONFIG_PY)]);
    r.write("app/settings.py", RENAMED_COPY);
    r.write("app/secret.py", UNRELATED);
    let secret = r.path().join("app/secret.py");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dedupe-check"));
    cmd.args(["worktree", "--format", "json", "--no-cache"])
        .current_dir(r.path())
        .env("HOME", home.path())
        .env("DEDUPE_CHECK_CACHE_DIR", home.path())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("DEDUPE_CHECK_MODEL")
        .env_remove("DEDUPE_CHECK_RERANKER_URL");
    let as_root = running_as_root();
    let chown = |owner: &str| {
        for dir in [r.path(), home.path()] {
            let out = std::process::Command::new("chown")
                .args(["-R", owner, dir.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
        }
    };
    if as_root {
        chown("12345:12345");
        cmd.uid(12345).gid(12345);
    }
    let out = cmd.output().unwrap();
    if as_root {
        chown("0:0");
    }
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    run.code(1);
    let json = run.json();
    assert_eq!(
        pairs(&json),
        [pair(
            "app/settings.py",
            "load_settings",
            "app/util/config.py",
            "read_json_config"
        )]
    );
    let notices = common::notices(&json);
    assert!(
        notices
            .iter()
            .any(|n| n.starts_with("app/secret.py: skipped, unreadable")),
        "{json:#}"
    );
}

#[test]
fn merge_in_progress_is_nothing_to_check() {
    let r = base_repo();
    r.branch("other");
    r.write("app/settings.py", RENAMED_COPY);
    r.commit("other work");
    r.checkout("main");
    r.write("NOTES.md", "main work\n");
    r.commit("main work");
    r.git(&["merge", "--no-commit", "--no-ff", "other"]);
    assert!(r.path().join(".git/MERGE_HEAD").exists());
    for mode in ["staged", "worktree"] {
        let run = r.run(&[mode]);
        run.code(0);
        assert_eq!(run.stdout.lines().count(), 1, "{run}");
        assert!(run.stdout.contains("merge"), "{run}");
    }
}

// ---------------------------------------------------------------------------------------
// Read-only
// ---------------------------------------------------------------------------------------

#[test]
fn never_modifies_the_repository_index_or_working_tree() {
    let r = base_repo();
    r.branch("feature");
    r.write("app/settings.py", RENAMED_COPY);
    r.commit("feature");
    // Staged and unstaged and untracked changes on top, so every mode has work.
    r.write("app/pages/slug.py", EDITED_COPY);
    r.stage(&["app/pages/slug.py"]);
    r.write("app/util/durations.py", UNRELATED);
    r.write("app/util/text.py", format!("{TEXT_PY}\n# edited\n"));
    // Make the index stat data stale, the state a refresh would rewrite.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    r.write("README.md", "# app\n");

    let before = r.state();
    for args in [
        &["pr", "--base", "main"][..],
        &["pr", "--base", "main", "--format", "json"],
        &["staged"],
        &["worktree"],
        &["worktree", "--format", "json"],
    ] {
        let run = r.run(args);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {run}");
        assert_eq!(r.state(), before, "{args:?} changed the repository");
    }
}

#[test]
fn a_typo_in_a_config_key_or_value_suggests_the_nearest_name() {
    let r = pr_repo(&[("app/settings.py", RENAMED_COPY)]);
    for (yaml, hint) in [
        ("treshold: 0.7\n", "did you mean `threshold`?"),
        ("fail_on: eror\n", "did you mean `error`?"),
        ("tests: chek\n", "did you mean `check`?"),
    ] {
        r.write(".dedupe-check.yml", yaml);
        let run = r.run(&["pr", "--base", "main"]);
        run.code(2);
        assert!(run.stderr.contains(".dedupe-check.yml:1:"), "{run}");
        assert!(run.stderr.contains(hint), "{run}");
    }
}
