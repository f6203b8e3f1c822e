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

Subcommands:

  run     replay one binary, results in OUT/<label>/<owner+name>.jsonl (one line per
          commit; resumable: commits already recorded are skipped)
  report  the tables: per project and overall, per label; precision of the hand labels
  sample  a seeded random sample of the findings of one label (to label by hand)
  show    one finding as a reviewer sees it: the commit's diff of the new function's
          file, the new function at the commit and the existing function

    python3 eval/replay.py run --mirror-dir DIR --bin BIN --out OUT --label before
    python3 eval/replay.py report --out OUT
    python3 eval/replay.py sample --out OUT --label after --seed 9 --n 50
    python3 eval/replay.py show --mirror-dir DIR --out OUT --id after:python+mypy:1a2b3c4d:0

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
    """The test-file convention of issue 9 (Python)."""
    parts = path.split("/")
    base = parts[-1]
    if base.startswith("test_") or base.endswith("_test.py") or base == "conftest.py":
        return True
    return any(p in ("tests", "test", "testing") for p in parts[:-1])


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
        if isinstance(v, dict) and "path" in v:
            out[k] = fn_brief(v)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            out[k] = [slim_finding(x) if "path" not in x else fn_brief(x) for x in v]
        else:
            out[k] = v
    return out


def counts_as_finding(f):
    """Introduced findings count; binaries without the field: every finding counts."""
    return f.get("introduced", True) is not False


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


def run_one(binary, clone, commit, timeout, extra):
    cmd = [binary, "pr", "--repo", clone, "--base", f"{commit}^", "--head", commit,
           "--format", "json", "--quiet", "--no-model", *extra]
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
            "timeout_s": args.timeout, "extra": args.extra,
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
                and (not args.split or p.get("split") == args.split)]
    for p in projects:
        clone = ensure_clone(args.mirror_dir, args.out, p["repo"])
        commits = commits_of(clone, p["commit"], args.n)
        if p.get("replayed_commits") and args.n == p.get("n") and commits != p["replayed_commits"]:
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
                rec = run_one(binary, clone, c, args.timeout, args.extra)
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
    print("| project | commits | ≥1 Py fn checked | commits with a finding | only old pairs | any pair (baseline) "
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
    if s["rc_mismatch"]:
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


def cmd_report(args):
    labels = load_labels(args.labels)
    for label in args.label or sorted(os.listdir(args.out)):
        if label == "clones" or not os.path.isdir(os.path.join(args.out, label)):
            continue
        for split in ("dev", "test"):
            res = load_results(args.out, label, labels, split)
            if res:
                print_table(f"{label}, {split} split", res)
                print_label_coverage(label, res, labels)
    print_precision(labels)


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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", default=DEFAULT_LABELS, help="projects, pinned heads and hand labels")
    sub = ap.add_subparsers(dest="cmd", required=True)

    r = sub.add_parser("run")
    r.add_argument("--mirror-dir", required=True, help="DIR/<owner>+<name>/repo bare mirrors")
    r.add_argument("--bin", required=True, help="dedupe-check binary")
    r.add_argument("--out", required=True, help="results directory")
    r.add_argument("--label", required=True, help="name of this run (before, after, ...)")
    r.add_argument("--n", type=int, default=300, help="commits per project (default 300)")
    r.add_argument("--timeout", type=float, default=300, help="seconds per commit (default 300)")
    r.add_argument("--deadline", type=float, default=3600, help="seconds for the whole run (default 3600)")
    r.add_argument("--project", action="append", default=[], help="only these owner/name")
    r.add_argument("--split", choices=["dev", "test"], help="only the projects of this split")
    r.add_argument("--extra", action="append", default=[], help="extra argument for pr (repeatable)")
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

    args = ap.parse_args()
    return {"run": cmd_run, "report": cmd_report, "sample": cmd_sample, "show": cmd_show}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
