#!/usr/bin/env python3
"""Score dedupe-check, and a token-set Jaccard baseline, on sets made by eval/build.py.

Runs `dedupe-check pr --repo DIR/<project> --base base --head pr --format json
--fail-on never --quiet --no-model --threshold 0` once per project, so that every new
function gets its best existing match and that match's score, and ranks the same
snapshot with the baseline: identifier token sets of every existing function (Python's
`ast` for the functions, identifiers as written, keywords/literals/punctuation dropped),
Jaccard similarity, best first. Then, per set (regression, semantic, large, hardneg),
split (dev, test) and clone type:

* recall@1: the best match is the labelled existing function (same path, overlapping
  lines; for the semantic set any of the listed implementations), with no threshold;
* recall@1 at a threshold: and its score is at least the threshold (the engine's
  `--threshold`, the baseline's chosen on dev: the lowest with <= 1 % false alarms);
* recall at 1 % / 2 % false alarms: at the lowest threshold where at most that share of
  the split's negatives (all sets of the run together) has a match at or above it;
* false alarms: negatives whose best match scores at or above the threshold.

The engine's threshold for <= 1 % false alarms on dev is printed as the suggested default.
Matches whose existing side is another eval case file (new-vs-new) are left out.

    python3 eval/run.py --dir OUT [--dir OUT_HARD ...] --bin target/release/dedupe-check \\
                        --pool-bin target/release/examples/pair_features \\
                        --threshold F [--json out.json] [--verbose]

    python3 eval/run.py --dir OUT --bin BIN --model DIR     # reranker: findings at its threshold

--pool-bin (recommended): each case's best *existing* match comes from the pair_features
example (same index and score as the binary; case files are never candidates), because
with every case in one PR the binary's single finding per function often names another
case file, which would hide the case's existing match.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from evallib import functions, func_text, identifier_tokens  # noqa: E402

TYPES = [1, 2, 3, 4]
EVAL_DIR = "dedupe_eval/"
SETS = ["regression", "large", "semantic", "hardneg"]


def overlaps(a, b):
    return a["path"] == b["path"] and a["start_line"] <= b["end_line"] and b["start_line"] <= a["end_line"]


def fmt_fn(f):
    return f"{f['path']}:{f['start_line']}-{f['end_line']} {f.get('qualname') or f.get('qualified_name') or f.get('name')}"


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


# ------------------------------------------------------------------ engine

def run_engine(repo, args, binary):
    cmd = [binary, "pr", "--repo", repo, "--base", "base", "--head", "pr", "--format", "json",
           "--fail-on", "never", "--quiet"]
    if args.model:
        cmd += ["--model", args.model]
        if args.threshold is not None:
            cmd += ["--threshold", str(args.threshold)]
    else:
        cmd += ["--no-model", "--threshold", "0"]
    cmd += args.extra
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    doc = json.loads(proc.stdout)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return doc, wall, cpu


def engine_matches(findings, new):
    """(existing, score) of every existing function the findings pair with *new*."""
    out, nn = [], 0
    for f in findings:
        n = f["new"]
        if n["path"] != new["path"] or not (n["start_line"] <= new["end_line"] and new["start_line"] <= n["end_line"]):
            continue
        for e in [f["existing"]] + list(f.get("also_existing") or []):
            ex = e.get("existing", e) if isinstance(e, dict) else e
            score = e.get("score", f["score"]) if isinstance(e, dict) else f["score"]
            if ex["path"].startswith(EVAL_DIR):
                nn += 1
                continue
            out.append((ex, score))
    out.sort(key=lambda x: -x[1])
    return out, nn


# ------------------------------------------------------------------ baseline

class TokenSetIndex:
    """Token-set Jaccard over identifier sets: `add` every existing function, then
    `best_of` a query set gives the most similar one (the first added on a tie)."""

    def __init__(self):
        self.funcs, self.sets = [], []
        self.index = defaultdict(list)

    def add(self, path, f, toks):
        if not toks:
            return
        i = len(self.funcs)
        self.funcs.append({"path": path, "qualname": f.qualname, "start_line": f.start_line,
                           "end_line": f.end_line})
        self.sets.append(toks)
        for t in toks:
            self.index[t].append(i)

    def best_of(self, q):
        shared = defaultdict(int)
        for t in q:
            for i in self.index.get(t, ()):
                shared[i] += 1
        best, bi = 0.0, None
        for i, c in shared.items():
            j = c / (len(q) + len(self.sets[i]) - c)
            if j > best or (j == best and bi is not None and i < bi):
                best, bi = j, i
        return (self.funcs[bi] if bi is not None else None), best


def base_files(repo, wanted):
    """(path, text) of every file of branch `base` that `wanted(path)` accepts."""
    for p in git(repo, "ls-tree", "-r", "--name-only", "base").decode().splitlines():
        if not wanted(p) or p.startswith(EVAL_DIR):
            continue
        try:
            yield p, git(repo, "show", f"base:{p}").decode("utf-8")
        except (subprocess.CalledProcessError, UnicodeDecodeError):
            continue


class Jaccard(TokenSetIndex):
    """Token-set Jaccard over identifiers: every existing Python function of the snapshot."""

    def __init__(self, repo):
        super().__init__()
        for p, src in base_files(repo, lambda p: p.endswith(".py")):
            for f in functions(p, src):
                self.add(p, f, identifier_tokens(func_text(src, f)))

    def best(self, text):
        q = identifier_tokens(text)
        if not q:
            return None, 0.0
        return self.best_of(q)


# ------------------------------------------------------------------ operating points

def threshold_for(neg_scores, fa):
    """Lowest threshold with at most floor(fa * n) negatives scoring at or above it."""
    if not neg_scores:
        return 0.0
    s = sorted(neg_scores, reverse=True)
    k = math.floor(fa * len(s) + 1e-9)
    if k >= len(s):
        return 0.0
    return s[k] + 1e-6


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", action="append", required=True, help="output directory of build.py (repeatable)")
    ap.add_argument("--bin", required=True, help="dedupe-check binary")
    ap.add_argument("--model", help="the reranker engine: a model directory, hub:OWNER/NAME[@REV][:FILE] or "
                                    "qwen3-reranker (pulled once into the cache); default: structural only")
    ap.add_argument("--threshold", type=float,
                    help="the engine's decision threshold for the 'at threshold' columns "
                         "(structural: applied to the scores of a --threshold 0 run)")
    ap.add_argument("--baseline-threshold", type=float, help="default: chosen on dev (<= 1 %% false alarms)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--pool-bin", help="the pair_features example (cargo build --release --example "
                    "pair_features): take each case's best *existing* match and its score from it "
                    "(same index and score as the binary, case files never candidates), so that a "
                    "case whose best match is another case file still gets its existing match")
    ap.add_argument("--project", action="append", default=[], help="only these projects")
    ap.add_argument("--extra", action="append", default=[], help="extra argument for dedupe-check (repeatable)")
    ap.add_argument("--json", help="write the results (and every case's outcome) here")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses and false alarms (test split)")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)

    outcomes, timing, notices, engines = [], {}, [], set()
    agree = {"binary top existing": 0, "same as pool top": 0}
    for d in args.dir:
        cases_doc = json.load(open(os.path.join(d, "cases.json")))
        for name, p in cases_doc["projects"].items():
            if args.project and name not in args.project:
                continue
            repo = os.path.join(d, p["dir"])
            doc, wall, cpu = run_engine(repo, args, binary)
            engines.add(doc.get("engine"))
            notices += [f"{name}: {n}" for n in doc.get("notices", [])]
            bl = None
            t1 = time.perf_counter()
            if not args.no_baseline:
                bl = Jaccard(repo)
            timing[name] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                            "checked_functions": doc.get("checked_functions"),
                            "existing_functions": doc.get("existing_functions"),
                            "baseline_functions": len(bl.funcs) if bl else None,
                            "findings": len(doc.get("findings", []))}
            findings = doc.get("findings", [])
            pools = {}
            if args.pool_bin:
                out = subprocess.run([os.path.abspath(args.pool_bin), repo], check=True,
                                     capture_output=True).stdout.decode().splitlines()
                for line in out[1:]:
                    r = json.loads(line)
                    pools[(r["path"], r["start_line"])] = sorted(
                        (({"path": x[0], "start_line": x[1], "end_line": x[2]}, x[4]) for x in r["pool"]),
                        key=lambda t: -t[1])
            for c in cases_doc["cases"]:
                if c["project"] != name:
                    continue
                new = c["new"]
                matches, nn = engine_matches(findings, new)
                if args.pool_bin:
                    pool = pools.get((new["path"], new["start_line"]), [])
                    if matches:
                        agree["binary top existing"] += 1
                        agree["same as pool top"] += bool(pool) and overlaps(matches[0][0], pool[0][0]) \
                            and abs(matches[0][1] - pool[0][1]) < 1e-3
                    matches = pool
                expected = [c["expected"]] + c.get("also_expected", []) if c["expected"] else []
                st = c.get("set", "regression")
                o = {"id": c["id"], "set": f"{st}/{name}" if st == "large" else st, "split": c.get("split", "test"),
                     "type": c["type"], "project": name, "new": new, "expected": c["expected"],
                     "token_similarity": c.get("token_similarity"), "new_vs_new": nn,
                     "engine": {"top": matches[0][0] if matches else None,
                                "score": matches[0][1] if matches else 0.0,
                                "hit": bool(matches) and any(overlaps(matches[0][0], e) for e in expected),
                                "rank": next((i + 1 for i, (m, _) in enumerate(matches)
                                              if any(overlaps(m, e) for e in expected)), None)}}
                if bl:
                    text = git(repo, "show", f"pr:{new['path']}").decode("utf-8")
                    top, score = bl.best(text)
                    o["baseline"] = {"top": top, "score": round(score, 4),
                                     "hit": top is not None and any(overlaps(top, e) for e in expected)}
                outcomes.append(o)
            timing[name]["baseline_s"] = round(time.perf_counter() - t1, 2)

    engine = "/".join(sorted(e for e in engines if e)) or "?"
    methods = ["engine"] + ([] if args.no_baseline else ["baseline"])
    negs = {sp: {m: [o[m]["score"] for o in outcomes if o["type"] == "negative" and o["split"] == sp]
                 for m in methods} for sp in ("dev", "test")}
    thr = {"engine": args.threshold, "baseline": args.baseline_threshold}
    dev_thr = {m: threshold_for(negs["dev"][m], 0.01) for m in methods}
    if thr["baseline"] is None:
        thr["baseline"] = dev_thr.get("baseline")
    if args.model:
        thr["engine"] = 0.0   # findings are already the reranker's decisions
    fa_thr = {sp: {m: {fa: threshold_for(negs[sp][m], fa) for fa in (0.01, 0.02)} for m in methods}
              for sp in ("dev", "test")}

    print(f"dedupe-check eval ({engine} engine; engine threshold "
          f"{thr['engine'] if thr['engine'] is not None else 'none given'}; baseline threshold "
          f"{thr.get('baseline'):.4f} (<= 1 % false alarms on dev))" if not args.no_baseline else
          f"dedupe-check eval ({engine} engine; threshold {thr['engine']})")
    if not args.model:
        print(f"engine threshold for <= 1 % false alarms on dev ({len(negs['dev']['engine'])} negatives): "
              f"{dev_thr['engine']:.4f}")
    for sp in ("dev", "test"):
        n = len(negs[sp]["engine"])
        print(f"{sp}: {n} negatives; thresholds at 1 % / 2 % false alarms: " + "; ".join(
            f"{m} {fa_thr[sp][m][0.01]:.4f} / {fa_thr[sp][m][0.02]:.4f}" for m in methods))

    def at(o, m, t):
        return o[m]["hit"] and (t is None or o[m]["score"] >= t)

    summary = {}
    for sp in ("dev", "test"):
        print(f"\n== split {sp} ==")
        hdr = f"{'set':<17}{'type':<7}{'n':>5}"
        for m in methods:
            tag = "eng" if m == "engine" else "jac"
            hdr += f"{tag + ' r@1':>10}{tag + ' @thr':>10}{tag + ' @1%':>9}{tag + ' @2%':>9}"
        print(hdr)
        present = sorted({o["set"] for o in outcomes},
                         key=lambda s: (SETS.index(s.split("/")[0]) if s.split("/")[0] in SETS else len(SETS), s))
        for st in present:
            rows = [o for o in outcomes if o["set"] == st and o["split"] == sp]
            if not rows:
                continue
            for t in TYPES + ["negative"]:
                rs = [o for o in rows if o["type"] == t]
                if not rs:
                    continue
                line = f"{st:<17}{('type-' + str(t)) if t != 'negative' else 'neg FA':<7}{len(rs):>5}"
                for m in methods:
                    if t == "negative":
                        fa = lambda x: sum(o[m]["score"] >= x for o in rs) / len(rs)  # noqa: E731
                        vals = ["", fa(thr[m]) if thr[m] is not None else None,
                                fa(fa_thr[sp][m][0.01]), fa(fa_thr[sp][m][0.02])]
                    else:
                        r = lambda x: sum(at(o, m, x) for o in rs) / len(rs)  # noqa: E731
                        vals = [r(None), r(thr[m]) if thr[m] is not None else None,
                                r(fa_thr[sp][m][0.01]), r(fa_thr[sp][m][0.02])]
                    summary[f"{sp}/{st}/{t}/{m}"] = {"n": len(rs), "recall_at_1" if t != "negative" else "-": vals[0],
                                                     "at_threshold": vals[1], "at_1pct_fa": vals[2],
                                                     "at_2pct_fa": vals[3]}
                    widths = [10, 10, 9, 9]
                    line += "".join(f"{v:>{w}.3f}" if isinstance(v, float) else f"{'-' if v is None else v:>{w}}"
                                    for v, w in zip(vals, widths))
                print(line)
    nn = sum(o["new_vs_new"] for o in outcomes)
    print(f"\nnew-vs-new matches of the binary (ignored above): {nn}")
    if args.pool_bin:
        print(f"matches from --pool-bin; of {agree['binary top existing']} cases whose binary finding names an "
              f"existing function, {agree['same as pool top']} have the same function and score at the pool's top")
    tw = sum(v["wall_s"] for v in timing.values())
    print(f"time: {tw:.2f} s engine wall over {len(timing)} runs")
    for name, v in timing.items():
        print(f"  {name:<14} {v['wall_s']:>7.2f} s wall {v['cpu_s']:>7.2f} s cpu  checked {v['checked_functions']}"
              f"  existing {v['existing_functions']} (baseline haystack {v['baseline_functions']})"
              f"  findings {v['findings']}  baseline {v['baseline_s']} s")
    for n in notices:
        print(f"notice: {n}")

    if args.verbose:
        t_eng = thr["engine"]
        print("\nmisses on test (set, type, id, token_similarity, expected -> engine top | baseline top):")
        for o in sorted((o for o in outcomes if o["type"] != "negative" and o["split"] == "test"
                         and not at(o, "engine", t_eng)), key=lambda o: (o["set"], o["type"], o["id"])):
            e = o["engine"]
            got = f"{e['score']:.3f} {fmt_fn(e['top'])}" if e["top"] else "no match"
            b = o.get("baseline")
            bl = f" | jac {b['score']:.3f} {'hit' if b['hit'] else 'miss'}" if b else ""
            ts = f"{o['token_similarity']:.2f}" if o["token_similarity"] is not None else "-"
            print(f"  {o['set']} t{o['type']} {o['id']:<12} sim={ts} {fmt_fn(o['expected'])}\n"
                  f"      -> {got}{' (rank ' + str(e['rank']) + ')' if e['rank'] else ''}{bl}")
        if t_eng is not None:
            print(f"\nfalse alarms on test at {t_eng} (set, id -> engine top):")
            for o in (o for o in outcomes if o["type"] == "negative" and o["split"] == "test"
                      and o["engine"]["score"] >= t_eng):
                print(f"  {o['set']} {o['id']} -> {o['engine']['score']:.3f} {fmt_fn(o['engine']['top'])}")

    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"engine": engine, "thresholds": thr, "dev_1pct_thresholds": dev_thr,
                       "fa_thresholds": {sp: {m: {str(k): v for k, v in d.items()} for m, d in x.items()}
                                         for sp, x in fa_thr.items()},
                       "summary": summary, "timing": timing, "notices": notices, "cases": outcomes}, fh, indent=1)


if __name__ == "__main__":
    main()
