#!/usr/bin/env python3
"""Real-history replay: dedupe-check `pr` on the last N commits of real projects.

Issue 9, item 5(c). For every project in the labels file (owner/name and a pinned head
commit), take the last N non-merge commits on the first-parent line of the pinned head
and check each one as a pull request against its parent, in order, with the default
configuration (no `.dedupe-check.yml`: the clone has no work tree) plus `--no-model`:

    dedupe-check pr --repo CLONE --base C^ --head C --format json --quiet --no-model [EXTRA...]

and record, per commit, the exit code (0 nothing, 1 findings, anything else a failure),
the wall time and every finding (new / existing function, lines, score, the `introduced`
flag when the binary reports one). A commit "has a finding" when it has a finding with
`introduced` true, or any finding when the binary has no such field (it predates
introduced-only reporting, which is also the baseline: every pair at the threshold).

Projects carry a split: `dev` projects are where thresholds and rules were chosen (their
findings were read while tuning), `test` projects are replayed and labelled only to
report on.

Findings of binaries that grade them carry `kind` (copy | edited_copy |
parameterised_copy | generalisation | similar), `level` (error | warning) and `evidence`
(an object); they are recorded as given. A commit FAILS when it has a counted finding at
level error; a finding without `level` counts as error (binaries before graded verdicts
fail on every introduced finding).

Two project files: eval/replay_labels.json (the Python replay, the default) and
eval/replay_multi.json (six languages, `--labels eval/replay_multi.json`), whose projects
carry a `language` and whose labels are keyed by (repo, commit, new function path and
qualified name, existing function path and qualified name): a label applies to the same
pair in any run of any binary.

Subcommands:

  run     replay one binary, results in OUT/<label>/<owner+name>.jsonl (one line per
          commit; resumable: commits already recorded are skipped)
  report  the tables: per project and overall, per label; precision of the hand labels
          (six-language file: per language and split, verdicts by kind and level, error
          and warning precision, the share of labelled actionable pairs at error level)
  sample  a seeded random sample of the findings of one label (to label by hand)
  show    one finding as a reviewer sees it: the commit's diff of the new function's
          file, the new function at the commit and the existing function
  views   every finding of a label as a reviewer sees it, without score, kind or level,
          in batch files of --per findings, plus index.json mapping each view to its key

    python3 eval/replay.py run --mirror-dir DIR --bin BIN --out OUT --label before
    python3 eval/replay.py report --out OUT
    python3 eval/replay.py sample --out OUT --label after --seed 9 --n 50
    python3 eval/replay.py show --mirror-dir DIR --out OUT --id after:python+mypy:1a2b3c4d:0
    python3 eval/replay.py --labels eval/replay_multi.json run --mirror-dir DIR --bin BIN --out OUT --label base
    python3 eval/replay.py --labels eval/replay_multi.json report --out OUT --label base
    python3 eval/replay.py --labels eval/replay_multi.json views --mirror-dir DIR --out OUT --label base --dest VIEWS

DIR holds fetched bare mirrors laid out as DIR/<owner>+<name>/repo (the layout
eval/build.py reads); `run` makes a shared, work-tree-less clone of each under
OUT/clones. Set DEDUPE_CHECK_CACHE_DIR to a directory of your own: the function cache
makes consecutive commits of one project cheap.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_LABELS = os.path.join(HERE, "replay_labels.json")


# ---------------------------------------------------------------- helpers

def git(repo, *args, check=True):
    r = subprocess.run(["git", "-C", repo, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and r.returncode:
        raise SystemExit(f"git {' '.join(args)} in {repo}: {r.stderr.decode(errors='replace')}")
    return r.stdout.decode("utf-8", errors="replace")


def slug(repo):
    return repo.replace("/", "+")


def load_labels(path):
    with open(path) as f:
        return json.load(f)


def is_test_path(path):
    """Test files: the convention of issue 9 (Python) and the usual ones of the other
    languages (`_test.go`, `*.test.ts`, `*.spec.js`, `__tests__/`, `src/test/`)."""
    parts = path.split("/")
    base = parts[-1]
    if base.startswith("test_") or base.endswith("_test.py") or base == "conftest.py":
        return True
    if base.endswith("_test.go"):
        return True
    stem = base.rsplit(".", 1)[0]
    if stem.endswith((".test", ".spec")) or stem.endswith(("Test", "Tests")) and base.endswith(".java"):
        return True
    return any(p in ("tests", "test", "testing", "__tests__", "spec") for p in parts[:-1])


def pct(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(q * (len(xs) - 1)))))
    return xs[k]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fn_brief(f):
    keep = ("path", "qualified_name", "name", "start_line", "end_line", "def_line", "score")
    return {k: f[k] for k in keep if k in f}


def slim_finding(f):
    """A finding without its diff (large); function sides reduced to their location."""
    out = {}
    for k, v in f.items():
        if k in ("diff", "fingerprint"):
            continue
        if k in VERDICT_FIELDS:  # kind, level, evidence: recorded as the binary gives them
            out[k] = v
        elif isinstance(v, dict) and "path" in v:
            out[k] = fn_brief(v)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            out[k] = [slim_finding(x) if "path" not in x else fn_brief(x) for x in v]
        else:
            out[k] = v
    return out


def counts_as_finding(f):
    """Introduced findings count; binaries without the field: every finding counts."""
    return f.get("introduced", True) is not False


VERDICT_FIELDS = ("kind", "level", "evidence")
KINDS = ("copy", "edited_copy", "parameterised_copy", "generalisation", "similar")


def level_of(f):
    """A finding's level; without the field (binaries before graded verdicts) every
    finding is an error: it fails the run, today's behaviour."""
    return f.get("level") or "error"


def fails(f):
    return counts_as_finding(f) and level_of(f) == "error"


def wilson(k, n, z=1.96):
    """Wilson score interval for k successes of n."""
    if not n:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / d
    return (max(0.0, c - h), min(1.0, c + h))


# ---------------------------------------------------------------- run

def ensure_clone(mirror_dir, out, repo):
    src = os.path.join(mirror_dir, slug(repo), "repo")
    if not os.path.isdir(src):
        raise SystemExit(f"no mirror for {repo} at {src} (fetch it first)")
    dst = os.path.join(out, "clones", slug(repo))
    if not os.path.isdir(dst):
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", src, dst], check=True)
    return dst


def commits_of(clone, head, n):
    out = git(clone, "rev-list", "--first-parent", "--no-merges", f"-n{n}", head)
    return list(reversed(out.split()))  # oldest first: replay in history order


def read_done(path):
    done = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    r = json.loads(line)
                    done[r["commit"]] = r
    return done


def run_one(binary, clone, commit, timeout, extra, model=None):
    # The judge when a model is given (a directory, hub:OWNER/NAME, qwen3-reranker), required
    # so that a model that cannot be had fails the run instead of replaying without it.
    engine = ["--model", model, "--require-model"] if model else ["--no-model"]
    cmd = [binary, "pr", "--repo", clone, "--base", f"{commit}^", "--head", commit,
           "--format", "json", "--quiet", *engine, *extra]
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = "timeout", e.stdout or b"", e.stderr or b""
    dt = time.monotonic() - t0
    rec = {"commit": commit, "rc": rc, "time_s": round(dt, 3)}
    doc = None
    if rc in (0, 1):
        try:
            doc = json.loads(out)
        except ValueError as e:
            rec["rc_note"] = f"unparsable JSON: {e}"
    if doc is None:
        rec["stderr_tail"] = err.decode("utf-8", errors="replace")[-2000:]
        return rec
    rec["checked_functions"] = doc.get("checked_functions")
    rec["existing_functions"] = doc.get("existing_functions")
    rec["nothing_to_check"] = doc.get("nothing_to_check")
    rec["notices"] = doc.get("notices") or []
    rec["timings"] = doc.get("timings") or {}
    rec["findings"] = [slim_finding(f) for f in doc.get("findings") or []]
    for k in ("notes", "existing_notes"):  # other lists a later schema may carry
        if k in doc:
            rec[k] = [slim_finding(f) for f in doc[k]]
    return rec


def cmd_run(args):
    labels = load_labels(args.labels)
    binary = os.path.abspath(args.bin)
    out_label = os.path.join(args.out, args.label)
    os.makedirs(out_label, exist_ok=True)
    meta_path = os.path.join(out_label, "meta.json")
    meta = {"label": args.label, "binary_sha256": sha256(binary), "n": args.n,
            "timeout_s": args.timeout, "extra": args.extra, "model": args.model,
            "cache_dir_set": bool(os.environ.get("DEDUPE_CHECK_CACHE_DIR")),
            "version": subprocess.run([binary, "--version"], stdout=subprocess.PIPE).stdout.decode().strip(),
            "projects": labels["projects"]}
    if os.path.exists(meta_path):
        old = json.load(open(meta_path))
        if old.get("binary_sha256") != meta["binary_sha256"] and not args.force:
            raise SystemExit(f"{meta_path}: recorded with another binary; use another --label or --force")
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)

    deadline = time.monotonic() + args.deadline
    projects = [p for p in labels["projects"]
                if (not args.project or p["repo"] in args.project)
                and (not args.split or p.get("split") == args.split)
                and (not args.language or p.get("language") in args.language)]
    for p in projects:
        clone = ensure_clone(args.mirror_dir, args.out, p["repo"])
        n = args.n or p.get("n") or 300
        commits = commits_of(clone, p["commit"], n)
        if p.get("replayed_commits") and n == p.get("n") and commits != p["replayed_commits"]:
            raise SystemExit(f"{p['repo']}: the commits from {p['commit'][:12]} differ from replayed_commits")
        res_path = os.path.join(out_label, slug(p["repo"]) + ".jsonl")
        done = read_done(res_path)
        todo = [c for c in commits if c not in done]
        print(f"{p['repo']}@{p['commit'][:12]}: {len(commits)} commits, {len(todo)} to run", file=sys.stderr)
        with open(res_path, "a") as f:
            for i, c in enumerate(todo):
                if time.monotonic() > deadline:
                    print("deadline reached; rerun to resume", file=sys.stderr)
                    return 3
                rec = run_one(binary, clone, c, args.timeout, args.extra, args.model)
                rec["index"] = commits.index(c)
                rec["subject"] = git(clone, "log", "-1", "--format=%s", c).strip()[:120]
                f.write(json.dumps(rec) + "\n")
                f.flush()
                nf = len(rec.get("findings") or [])
                if nf or rec["rc"] not in (0, 1) or (i + 1) % 50 == 0:
                    print(f"  [{i + 1}/{len(todo)}] {c[:10]} rc={rec['rc']} {rec['time_s']:.2f}s findings={nf}",
                          file=sys.stderr)
    return 0


# ---------------------------------------------------------------- report

def load_results(out, label, labels, split=None):
    res = {}
    for p in labels["projects"]:
        if split and p.get("split") != split:
            continue
        path = os.path.join(out, label, slug(p["repo"]) + ".jsonl")
        if os.path.exists(path):
            recs = sorted(read_done(path).values(), key=lambda r: r.get("index", 0))
            res[p["repo"]] = recs
    return res


def summarize(recs):
    n = len(recs)
    ok = [r for r in recs if r["rc"] in (0, 1) and "findings" in r]
    fails = [r for r in recs if r not in ok]
    with_intro = [r for r in ok if any(counts_as_finding(f) for f in r["findings"])]
    old_only = [r for r in ok if r["findings"] and not any(counts_as_finding(f) for f in r["findings"])]
    any_f = [r for r in ok if r["findings"]]
    checked = [r for r in ok if (r.get("checked_functions") or 0) > 0]
    times = [r["time_s"] for r in recs]
    # default fail_on: findings -> exit 1 exactly when an (introduced) finding is reported
    rc_mismatch = [r for r in ok if (r["rc"] == 1) != (r in with_intro)]
    nfind = sum(1 for r in ok for f in r["findings"] if counts_as_finding(f))
    nall = sum(len(r["findings"]) for r in ok)
    ntest = sum(1 for r in ok for f in r["findings"] if counts_as_finding(f) and is_test_path(f["new"]["path"]))
    return {
        "commits": n, "checked": len(checked), "with_finding": len(with_intro),
        "old_only": len(old_only), "any_pair": len(any_f), "failures": len(fails),
        "timeouts": sum(1 for r in fails if r["rc"] == "timeout"),
        "rc_mismatch": len(rc_mismatch),
        "findings": nfind, "all_pairs": nall, "test_findings": ntest,
        "median_s": statistics.median(times) if times else float("nan"),
        "p95_s": pct(times, 0.95), "max_s": max(times) if times else float("nan"),
        "total_s": sum(times),
    }


def share(k, n):
    return f"{k}/{n} ({100.0 * k / n:.1f} %)" if n else "-"


def print_table(label, res):
    print(f"\n## {label}\n")
    print("| project | commits | ≥1 fn checked | commits with a finding | only old pairs | any pair (baseline) "
          "| failures | findings (test files) | median s | p95 s | max s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    allrecs = []
    for repo, recs in res.items():
        allrecs += recs
        s = summarize(recs)
        print(f"| {repo} | {s['commits']} | {s['checked']} | {share(s['with_finding'], s['commits'])} "
              f"| {share(s['old_only'], s['commits'])} | {share(s['any_pair'], s['commits'])} "
              f"| {s['failures']} ({s['timeouts']} timeouts) | {s['findings']} ({s['test_findings']}) "
              f"| {s['median_s']:.2f} | {s['p95_s']:.2f} | {s['max_s']:.1f} |")
    s = summarize(allrecs)
    print(f"| **all** | {s['commits']} | {s['checked']} | {share(s['with_finding'], s['commits'])} "
          f"| {share(s['old_only'], s['commits'])} | {share(s['any_pair'], s['commits'])} "
          f"| {s['failures']} ({s['timeouts']} timeouts) | {s['findings']} ({s['test_findings']}) "
          f"| {s['median_s']:.2f} | {s['p95_s']:.2f} | {s['max_s']:.1f} |")
    if s["rc_mismatch"] and not any(f.get("level") for r in allrecs for f in r.get("findings") or []):
        print(f"  exit code disagrees with the findings (1 without an introduced finding, or 0 with one): "
              f"{s['rc_mismatch']} commits")
    for repo, recs in res.items():
        for r in recs:
            if r["rc"] not in (0, 1) or "findings" not in r:
                tail = (r.get("stderr_tail") or r.get("rc_note") or "").strip().splitlines()[-1:] or [""]
                print(f"  failure: {repo} {r['commit'][:12]} rc={r['rc']} {r['time_s']:.1f}s {tail[0][:160]}")


def finding_ids(label, res):
    """Stable ids: label:owner+name:commit8:index-in-commit."""
    out = []
    for repo, recs in res.items():
        for r in recs:
            for i, f in enumerate(r.get("findings") or []):
                out.append((f"{label}:{slug(repo)}:{r['commit'][:8]}:{i}", repo, r, f))
    return out


def print_precision(labels):
    lab = labels.get("labels") or []
    if not lab:
        return
    by_set = {}
    for x in lab:
        by_set.setdefault(x.get("set") or x["id"].split(":")[0], []).append(x)
    print("\n## Hand-labelled findings\n")
    for name, xs in by_set.items():
        tp = sum(1 for x in xs if x["label"] == "TP")
        print(f"- {name}: {len(xs)} findings labelled, {tp} TP, precision {100.0 * tp / len(xs):.1f} %")
        cats = {}
        for x in xs:
            if x["label"] != "TP":
                cats[x.get("category", "?")] = cats.get(x.get("category", "?"), 0) + 1
        for c, k in sorted(cats.items(), key=lambda kv: -kv[1]):
            print(f"    - FP {c}: {k}")
    by_run = {}
    for x in lab:
        by_run.setdefault(x["id"].split(":")[0], []).append(x)
    for run, xs in by_run.items():
        print(f"- {run}, every labelled finding by score:")
        for lo, hi in ((0.9, 1.01), (0.8, 0.9), (0.0, 0.8)):
            band = [x for x in xs if x.get("score") is not None and lo <= x["score"] < hi]
            if band:
                k = sum(1 for x in band if x["label"] == "TP")
                print(f"    - score in [{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}: {k}/{len(band)} TP")


def label_key(commit, new, existing):
    return (commit, new, existing)


def print_label_coverage(label, res, labels):
    """Precision among a run's findings that carry a hand label (matched by commit and
    the locations-free names of both functions, so a label applies across runs)."""
    keys = {}
    for x in labels.get("labels") or []:
        n_path, n_name = x["new"].split(":")[0], x["new"].split(" ", 1)[1]
        e_path, e_name = x["existing"].split(":")[0], x["existing"].split(" ", 1)[1]
        keys[label_key(x["commit"], (n_path, n_name), (e_path, e_name))] = x["label"]
    n = tp = fp = 0
    for _, _, r, f in finding_ids(label, res):
        if not counts_as_finding(f):
            continue
        n += 1
        k = label_key(r["commit"], (f["new"]["path"], f["new"].get("qualified_name")),
                      (f["existing"]["path"], f["existing"].get("qualified_name")))
        tp += keys.get(k) == "TP"
        fp += keys.get(k) == "FP"
    if tp + fp:
        print(f"  hand labels cover {tp + fp} of its {n} findings: {tp} TP, {fp} FP "
              f"({100.0 * tp / (tp + fp):.1f} % of the labelled)")


def is_multi(labels):
    return any("language" in p for p in labels["projects"])


def cmd_report(args):
    labels = load_labels(args.labels)
    multi = is_multi(labels)
    for label in args.label or sorted(os.listdir(args.out)):
        if label == "clones" or not os.path.isdir(os.path.join(args.out, label)):
            continue
        for split in ("dev", "test"):
            res = load_results(args.out, label, labels, split)
            if res:
                print_table(f"{label}, {split} split", res)
                if not multi:
                    print_label_coverage(label, res, labels)
        if multi:
            res = load_results(args.out, label, labels)
            if res:
                print_verdicts(label, res, labels)
    if multi:
        print_multi_labels(labels)
    else:
        print_precision(labels)


# ---------------------------------------------------------------- six-language report

def pair_key(repo, commit, f):
    """The key a label is stored under: it names both functions by path and qualified
    name (no line numbers), so it transfers between runs and binaries."""
    n, e = f["new"], f["existing"]
    return (repo, commit, f"{n['path']} {n.get('qualified_name')}", f"{e['path']} {e.get('qualified_name')}")


def label_index(labels):
    out = {}
    for x in labels.get("labels") or []:
        out[(x["repo"], x["commit"], x["new"], x["existing"])] = x
    return out


def verdict_stats(groups, lab):
    """groups: {repo: [records]}. Counts of one group of projects for the verdict table."""
    st = {"projects": len(groups), "commits": 0, "with_finding": 0, "failed": 0, "findings": 0,
          "errors": 0, "warnings": 0, "kinds": {}, "levels": {}, "failures": 0, "rc_mismatch": 0,
          "err_lab": 0, "err_tp": 0, "warn_lab": 0, "warn_tp": 0, "labelled": 0, "unlabelled": 0,
          "act_total": 0, "act_error": 0, "act_warning": 0}
    seen = set()
    for repo, recs in groups.items():
        replayed = set()
        for r in recs:
            st["commits"] += 1
            replayed.add(r["commit"])
            if r["rc"] not in (0, 1) or "findings" not in r:
                st["failures"] += 1
                continue
            fs = [f for f in r["findings"] if counts_as_finding(f)]
            if fs:
                st["with_finding"] += 1
            failed = any(fails(f) for f in fs)
            st["failed"] += failed
            st["rc_mismatch"] += (r["rc"] == 1) != failed
            for f in fs:
                st["findings"] += 1
                lv, kd = level_of(f), f.get("kind") or "(none)"
                st["levels"][lv] = st["levels"].get(lv, 0) + 1
                st["kinds"][kd] = st["kinds"].get(kd, 0) + 1
                k = pair_key(repo, r["commit"], f)
                x = lab.get(k)
                if x is None:
                    st["unlabelled"] += 1
                    continue
                st["labelled"] += 1
                tp = bool(x["actionable"])
                if lv == "error":
                    st["err_lab"] += 1
                    st["err_tp"] += tp
                else:
                    st["warn_lab"] += 1
                    st["warn_tp"] += tp
                if tp and k not in seen:
                    seen.add(k)
                    st["act_error" if lv == "error" else "act_warning"] += 1
        # every labelled actionable pair of these commits, whichever run it was labelled in
        st["act_total"] += sum(1 for k, x in lab.items()
                               if k[0] == repo and k[1] in replayed and x["actionable"])
    return st


def fmt_prec(k, n):
    if not n:
        return "-"
    lo, hi = wilson(k, n)
    return f"{k}/{n} = {100.0 * k / n:.0f} % ({100 * lo:.0f}–{100 * hi:.0f} %)"


def print_verdicts(label, res, labels):
    """Per language and split, then per split and overall: what a graded binary would do."""
    lab = label_index(labels)
    lang_of = {p["repo"]: p.get("language", "?") for p in labels["projects"]}
    split_of = {p["repo"]: p.get("split", "?") for p in labels["projects"]}
    langs = []
    for p in labels["projects"]:
        if p.get("language") not in langs:
            langs.append(p.get("language"))
    rows = []
    for split in ("dev", "test", None):
        for lg in langs + [None]:
            g = {r: v for r, v in res.items()
                 if (lg is None or lang_of[r] == lg) and (split is None or split_of[r] == split)}
            if g:
                rows.append((lg or "**all**", split or "all", verdict_stats(g, lab)))
    print(f"\n## {label}: verdicts per language\n")
    print("A commit fails on a finding at level error (no `level`: every finding is an error). "
          "Precision = actionable / labelled (Wilson 95 %). 'actionable at error' = of every "
          "labelled actionable pair in these commits (labelled in any run), how many this run "
          "reports at level error.\n")
    print("| language | split | projects | commits | with a finding | failed | findings | error / warning "
          "| kinds | labelled | error precision | warning precision | actionable at error |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for lg, split, s in rows:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(s["kinds"].items(), key=lambda kv: -kv[1])) or "-"
        print(f"| {lg} | {split} | {s['projects']} | {s['commits']} | {share(s['with_finding'], s['commits'])} "
              f"| {share(s['failed'], s['commits'])} | {s['findings']} "
              f"| {s['levels'].get('error', 0)} / {s['levels'].get('warning', 0)} | {kinds} "
              f"| {s['labelled']}/{s['findings']} | {fmt_prec(s['err_tp'], s['err_lab'])} "
              f"| {fmt_prec(s['warn_tp'], s['warn_lab'])} | {share(s['act_error'], s['act_total'])} |")
    tot = rows[-1][2]
    if tot["failures"]:
        print(f"\n  runs that failed or timed out: {tot['failures']}")
    if tot["rc_mismatch"]:
        print(f"  exit code disagrees with the error-level findings (1 without one, or 0 with one): "
              f"{tot['rc_mismatch']} commits")
    other = sorted(set(tot["levels"]) - {"error", "warning"})
    if other:
        print(f"  other levels: {', '.join(other)}")


def print_multi_labels(labels):
    xs = labels.get("labels") or []
    if not xs:
        return
    lang_of = {p["repo"]: p.get("language", "?") for p in labels["projects"]}
    split_of = {p["repo"]: p.get("split", "?") for p in labels["projects"]}
    print("\n## Labels (every labelled pair, whichever run reported it)\n")
    print("| language | split | labelled | actionable | categories of the rest |")
    print("|---|---|---|---|---|")
    groups = {}
    for x in xs:
        groups.setdefault((lang_of.get(x["repo"], "?"), split_of.get(x["repo"], "?")), []).append(x)
    for (lg, sp), g in sorted(groups.items()):
        cats = {}
        for x in g:
            if not x["actionable"]:
                cats[x.get("category", "?")] = cats.get(x.get("category", "?"), 0) + 1
        c = "; ".join(f"{k} {v}" for k, v in sorted(cats.items(), key=lambda kv: -kv[1]))
        print(f"| {lg} | {sp} | {len(g)} | {sum(1 for x in g if x['actionable'])} | {c} |")


# ---------------------------------------------------------------- sample / show

def cmd_sample(args):
    labels = load_labels(args.labels)
    res = load_results(args.out, args.label, labels)
    ids = [x for x in finding_ids(args.label, res) if args.all or counts_as_finding(x[3])]
    rng = random.Random(args.seed)
    pick = ids if len(ids) <= args.n else rng.sample(ids, args.n)
    pick.sort(key=lambda x: x[0])
    print(f"# {len(ids)} findings in {args.label}; sample of {len(pick)} with seed {args.seed}", file=sys.stderr)
    for fid, repo, r, f in pick:
        n, e = f["new"], f["existing"]
        print(json.dumps({"id": fid, "commit": r["commit"], "score": f.get("score"),
                          "introduced": f.get("introduced"),
                          "new": f"{n['path']}:{n['start_line']}-{n['end_line']} {n.get('qualified_name')}",
                          "existing": f"{e['path']}:{e['start_line']}-{e['end_line']} {e.get('qualified_name')}"}))


def lines_of(clone, rev, path, a, b, most):
    txt = git(clone, "show", f"{rev}:{path}", check=False).splitlines()
    b = min(b, len(txt))
    out = [f"{i:5d} {txt[i - 1]}" for i in range(a, min(b, a + most - 1) + 1)]
    if b > a + most - 1:
        out.append(f"      ... {b - (a + most - 1)} more lines")
    return "\n".join(out)


def hunks_in(diff, a, b):
    """The hunks of a one-file unified diff whose new side overlaps lines a..b."""
    out, keep, hunk = [], False, []
    for line in diff.splitlines():
        if line.startswith("@@"):
            if keep:
                out += hunk
            nums = line.split("+", 1)[1].split(" ", 1)[0].split(",")
            start, length = int(nums[0]), int(nums[1]) if len(nums) > 1 else 1
            keep = start <= b and a <= start + max(length, 1) - 1
            hunk = [line]
        elif hunk:
            hunk.append(line)
    if keep:
        out += hunk
    return "\n".join(out)


def cmd_show(args):
    labels = load_labels(args.labels)
    label, sl, c8, idx = args.id.split(":")
    res = load_results(args.out, label, labels)
    for repo, recs in res.items():
        if slug(repo) != sl:
            continue
        for r in recs:
            if r["commit"].startswith(c8):
                f = r["findings"][int(idx)]
                clone = ensure_clone(args.mirror_dir, args.out, repo)
                c = r["commit"]
                n, e = f["new"], f["existing"]
                print(f"# {repo} {c} {r['subject']}")
                print(json.dumps({k: v for k, v in f.items() if k not in ("new", "existing")}))
                diff = git(clone, "diff", f"{c}^", c, "--", n["path"], check=False)
                print(f"\n## commit diff of {n['path']}, hunks inside the new function\n")
                print(hunks_in(diff, n["start_line"], n["end_line"])[:args.max_diff])
                print(f"\n## new: {n['path']} {n.get('qualified_name')} @ {c[:12]}\n")
                print(lines_of(clone, c, n["path"], n["start_line"], n["end_line"], args.max_lines))
                print(f"\n## existing: {e['path']} {e.get('qualified_name')} @ {c[:12]}\n")
                print(lines_of(clone, c, e["path"], e["start_line"], e["end_line"], args.max_lines))
                return 0
    raise SystemExit(f"no finding {args.id}")

def review_text(clone, repo, r, f, max_diff, max_lines):
    """One finding as a reviewer sees it, with nothing of the tool's verdict: no score,
    kind, level or evidence."""
    c = r["commit"]
    n, e = f["new"], f["existing"]
    out = [f"repository: {repo}", f"commit: {c}", f"subject: {r.get('subject', '')}", ""]
    diff = git(clone, "diff", f"{c}^", c, "--", n["path"], check=False)
    out += [f"### the commit's diff of {n['path']}, hunks inside the new function", "", "```diff",
            hunks_in(diff, n["start_line"], n["end_line"])[:max_diff], "```", ""]
    out += [f"### new: {n['path']} {n.get('qualified_name')} (at the commit)", "", "```",
            lines_of(clone, c, n["path"], n["start_line"], n["end_line"], max_lines), "```", ""]
    out += [f"### existing: {e['path']} {e.get('qualified_name')} (at the commit)", ""]
    ediff = git(clone, "diff", f"{c}^", c, "--", e["path"], check=False)
    h = hunks_in(ediff, e["start_line"], e["end_line"])
    if h and not (e["path"] == n["path"] and h == hunks_in(diff, n["start_line"], n["end_line"])):
        out += ["the commit also changes these lines of it:", "", "```diff", h[:max_diff], "```", ""]
    out += ["```", lines_of(clone, c, e["path"], e["start_line"], e["end_line"], max_lines), "```", ""]
    return "\n".join(out)


def cmd_views(args):
    """Every counted finding of a label as a reviewer view (no score, kind or level), in
    batch files of --per findings; index.json maps each view id to its label key."""
    labels = load_labels(args.labels)
    res = load_results(args.out, args.label, labels)
    lab = label_index(labels)
    os.makedirs(args.dest, exist_ok=True)
    items, seen = [], set()
    for repo, recs in res.items():
        for r in recs:
            for f in r.get("findings") or []:
                if not counts_as_finding(f):
                    continue
                k = pair_key(repo, r["commit"], f)
                if k in seen or (args.unlabelled and k in lab):
                    continue
                seen.add(k)
                items.append((repo, r, f, k))
    index = []
    per = max(1, args.per)
    for b in range(0, len(items), per):
        batch = items[b:b + per]
        name = f"batch_{b // per + 1:02d}.md"
        parts = []
        for j, (repo, r, f, k) in enumerate(batch):
            vid = f"V{b + j + 1:04d}"
            clone = ensure_clone(args.mirror_dir, args.out, repo)
            parts.append(f"## {vid}\n\n" + review_text(clone, repo, r, f, args.max_diff, args.max_lines))
            index.append({"view": vid, "batch": name, "repo": k[0], "commit": k[1], "new": k[2], "existing": k[3]})
        with open(os.path.join(args.dest, name), "w") as fh:
            fh.write("\n\n".join(parts))
    with open(os.path.join(args.dest, "index.json"), "w") as fh:
        json.dump(index, fh, indent=1)
    print(f"{len(items)} findings in {(len(items) + per - 1) // per} batches under {args.dest}", file=sys.stderr)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", default=DEFAULT_LABELS, help="projects, pinned heads and hand labels")
    sub = ap.add_subparsers(dest="cmd", required=True)

    r = sub.add_parser("run")
    r.add_argument("--mirror-dir", required=True, help="DIR/<owner>+<name>/repo bare mirrors")
    r.add_argument("--bin", required=True, help="dedupe-check binary")
    r.add_argument("--out", required=True, help="results directory")
    r.add_argument("--label", required=True, help="name of this run (before, after, ...)")
    r.add_argument("--n", type=int, help="commits per project (default: the project's n, else 300)")
    r.add_argument("--timeout", type=float, default=300, help="seconds per commit (default 300)")
    r.add_argument("--deadline", type=float, default=3600, help="seconds for the whole run (default 3600)")
    r.add_argument("--project", action="append", default=[], help="only these owner/name")
    r.add_argument("--split", choices=["dev", "test"], help="only the projects of this split")
    r.add_argument("--language", action="append", default=[], help="only the projects of this language")
    r.add_argument("--extra", action="append", default=[], help="extra argument for pr (repeatable)")
    r.add_argument("--model", help="judge with this model (a model directory, hub:OWNER/NAME[@REV][:FILE] "
                                   "or qwen3-reranker) instead of --no-model; the model is required")
    r.add_argument("--force", action="store_true", help="append to a label recorded with another binary")

    rp = sub.add_parser("report")
    rp.add_argument("--out", required=True)
    rp.add_argument("--label", action="append", default=[])

    s = sub.add_parser("sample")
    s.add_argument("--out", required=True)
    s.add_argument("--label", required=True)
    s.add_argument("--seed", type=int, default=9)
    s.add_argument("--n", type=int, default=50)
    s.add_argument("--all", action="store_true", help="non-introduced findings too")

    sh = sub.add_parser("show")
    sh.add_argument("--mirror-dir", required=True)
    sh.add_argument("--out", required=True)
    sh.add_argument("--id", required=True)
    sh.add_argument("--max-diff", type=int, default=6000, help="characters of the commit's diff")
    sh.add_argument("--max-lines", type=int, default=80, help="lines of each function")

    v = sub.add_parser("views")
    v.add_argument("--mirror-dir", required=True)
    v.add_argument("--out", required=True)
    v.add_argument("--label", required=True)
    v.add_argument("--dest", required=True, help="directory for the batch files")
    v.add_argument("--per", type=int, default=25, help="findings per batch file (default 25)")
    v.add_argument("--unlabelled", action="store_true", help="only pairs without a label yet")
    v.add_argument("--max-diff", type=int, default=6000, help="characters of the commit's diff")
    v.add_argument("--max-lines", type=int, default=80, help="lines of each function")

    args = ap.parse_args()
    return {"run": cmd_run, "report": cmd_report, "sample": cmd_sample, "show": cmd_show,
            "views": cmd_views}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
