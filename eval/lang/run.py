#!/usr/bin/env python3
"""Score dedupe-check, and a token-set Jaccard baseline, on the per-language sets made by
eval/lang/build.py.

    python eval/lang/run.py --dir OUT --bin BIN --threshold 0.68 [--lang go ...] [--json out.json] [-v]
    python eval/lang/run.py --dir OUT --dir OUT_HARD --bin BIN [--fa-negatives easy]

Several --dir are scored together (the set of labels.json and the hard set of
labels_hard.json: type-4 re-implementations and hard negatives); negatives of every set
set the false-alarm thresholds unless --fa-negatives names one, and each set's
false-alarm rate is printed on its own row.

Per project it runs `BIN pr --repo OUT/<project> --base base --head pr --format json
--fail-on never --quiet --no-model --threshold 0`, so every checked function gets its best
match and that match's score.  A case whose best match is another case file, or that has no
finding, is run again alone (a commit of base plus that one file), so that its best
*existing* match is known; a case the binary does not check even alone is reported
("unchecked") and counts as a miss (a negative: as silent).

The baseline ranks every function of the base snapshot (tree-sitter, every file of the
language but vendored, built and generated ones, as the engine skips them; test files
included; no size floor) by token-set Jaccard over identifiers as written.

Per language, split and type it prints: r@1 (best match is the labelled function: same
path, overlapping lines), recall at the threshold (the engine's --threshold, the baseline's
the lowest with <= 1 % false alarms on the language's dev negatives), recall at 1 % / 2 %
false alarms (thresholds from that language's negatives of the split), and the negatives'
false-alarm rate at each; and the engine's lowest threshold with <= 1 % false alarms on dev.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import langlib as L  # noqa: E402

_spec = importlib.util.spec_from_file_location("pyrun", os.path.join(os.path.dirname(HERE), "run.py"))
pyrun = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pyrun)
threshold_for, overlaps, fmt_fn = pyrun.threshold_for, pyrun.overlaps, pyrun.fmt_fn

TYPES = [1, 2, 3, 4]
NEG_SETS = ["easy", "hard"]
LANGS = ["javascript", "typescript", "go", "rust", "java", "c", "cpp", "csharp", "kotlin", "php"]


def git(repo, *args, env=None):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True,
                          env=dict(os.environ, **(env or {}))).stdout


def engine(binary, repo, head="pr", extra=()):
    cmd = [binary, "pr", "--repo", repo, "--base", "base", "--head", head, "--format", "json",
           "--fail-on", "never", "--quiet", "--no-model", "--threshold", "0", *extra]
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr.decode(errors='replace')}")
    return json.loads(p.stdout)


def matches_of(findings, new):
    """[(existing, score)] the findings give *new*, best first; and whether one names a case file."""
    out, nn = [], False
    for f in findings:
        n = f["new"]
        if n["path"] != new["path"] or not (n["start_line"] <= new["end_line"] and new["start_line"] <= n["end_line"]):
            continue
        for e in [dict(f["existing"], score=f["score"])] + list(f.get("also_existing") or []):
            if e["path"].startswith(L.EVAL_DIR):
                nn = True
                continue
            out.append((e, e.get("score", f["score"])))
    out.sort(key=lambda x: -x[1])
    return out, nn


def single_commit(repo, path):
    """A commit of base plus the one case file *path* (from pr); its sha."""
    blob = git(repo, "rev-parse", f"pr:{path}").decode().strip()
    with tempfile.NamedTemporaryFile(dir=os.path.join(repo, ".git"), delete=False) as tf:
        idx = tf.name
    try:
        env = {"GIT_INDEX_FILE": idx}
        git(repo, "read-tree", "base", env=env)
        git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
        tree = git(repo, "write-tree", env=env).decode().strip()
    finally:
        os.unlink(idx)
    env = {"GIT_AUTHOR_NAME": "e", "GIT_AUTHOR_EMAIL": "e@example.invalid", "GIT_COMMITTER_NAME": "e",
           "GIT_COMMITTER_EMAIL": "e@example.invalid", "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z",
           "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z"}
    return subprocess.run(["git", "-C", repo, "commit-tree", tree, "-p", "base", "-m", "one case"],
                          check=True, capture_output=True, env=dict(os.environ, **env)).stdout.decode().strip()


def engine_outcomes(d, binary, cases_doc, projects, extra=()):
    """case id -> {"matches": [...], "checked": bool, "rerun": bool}; per-project timing."""
    res, timing = {}, {}
    for name, p in cases_doc["projects"].items():
        if projects and name not in projects:
            continue
        repo = os.path.join(d, p["dir"])
        name = f"{os.path.basename(os.path.normpath(d))}/{name}"
        t0 = time.perf_counter()
        doc = engine(binary, repo, extra=extra)
        findings = doc.get("findings", [])
        reruns = 0
        for c in cases_doc["cases"]:
            if c["project"] != p["dir"]:
                continue
            m, nn = matches_of(findings, c["new"])
            r = {"matches": m, "checked": bool(m) or nn, "rerun": False}
            if not m:          # none, or only case files: run it alone
                reruns += 1
                one = engine(binary, repo, head=single_commit(repo, c["new"]["path"]), extra=extra)
                m, _ = matches_of(one.get("findings", []), c["new"])
                r = {"matches": m, "checked": bool(m) or one.get("checked_functions", 0) > 0, "rerun": True}
            res[c["id"]] = r
        timing[name] = {"wall_s": round(time.perf_counter() - t0, 2), "checked_functions": doc.get("checked_functions"),
                        "existing_functions": doc.get("existing_functions"), "single_reruns": reruns}
    return res, timing


def unchecked_cases(d, binary):
    cases_doc = json.load(open(os.path.join(d, "cases.json")))
    res, _ = engine_outcomes(d, binary, cases_doc, [])
    return {cid for cid, r in res.items() if not r["checked"]}


class Jaccard(pyrun.TokenSetIndex):
    """Token-set Jaccard over identifiers as written, against every function of base."""

    def __init__(self, repo, lang):
        super().__init__()
        for p, text in pyrun.base_files(repo, lambda p: L.lang_of_path(p) == lang):
            if not L.indexable(lang, p, text):
                continue
            for f in L.functions(lang, p, text):
                self.add(p, f, L.identifier_tokens(lang, f.node))

    def best(self, q):
        return self.best_of(q)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", required=True, action="append",
                    help="output directory of eval/lang/build.py (repeatable: the easy and the hard set)")
    ap.add_argument("--bin", required=True, help="dedupe-check binary")
    ap.add_argument("--threshold", type=float, default=0.68, help="the engine's decision threshold (default 0.68, the shipped default)")
    ap.add_argument("--lang", action="append", default=[], help="only these languages")
    ap.add_argument("--extra", action="append", default=[], help="extra argument for dedupe-check (repeatable)")
    ap.add_argument("--fa-negatives", choices=["all", "easy", "hard"], default="all",
                    help="the negatives that set the false-alarm thresholds (default all; the rates are printed per set)")
    ap.add_argument("--json", help="write results and every case's outcome here")
    ap.add_argument("--verbose", "-v", action="store_true", help="list test misses and false alarms")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    outcomes, timing, eng = [], {}, {}
    for d in args.dir:
        cases_doc = json.load(open(os.path.join(d, "cases.json")))
        projects = [n for n, p in cases_doc["projects"].items() if not args.lang or p["lang"] in args.lang]
        e_, t_ = engine_outcomes(d, binary, cases_doc, projects, args.extra)
        eng.update(e_)
        timing.update(t_)
        outcomes += score_dir(d, cases_doc, projects, eng, timing)
    report(args, outcomes, timing)


def score_dir(d, cases_doc, projects, eng, timing):
    outcomes = []
    for name in projects:
        p = cases_doc["projects"][name]
        repo = os.path.join(d, p["dir"])
        bl = Jaccard(repo, p["lang"])
        timing[f"{os.path.basename(os.path.normpath(d))}/{name}"]["baseline_functions"] = len(bl.funcs)
        for c in cases_doc["cases"]:
            if c["project"] != name:
                continue
            e = eng[c["id"]]
            exp = [c["expected"]] if c["expected"] else []
            m = e["matches"]
            text = git(repo, "show", f"pr:{c['new']['path']}").decode("utf-8")
            f = L.case_function(c["lang"], c["new"]["path"], text, c["new"]["start_line"] - 1)
            top, score = bl.best(L.identifier_tokens(c["lang"], f.node))
            outcomes.append({
                "id": c["id"], "lang": c["lang"], "project": name, "type": c["type"], "split": c["split"],
                "set": c.get("set", "easy" if c["type"] == "negative" else "pairs"),
                "new": c["new"], "expected": c["expected"], "token_similarity": c.get("token_similarity"),
                "engine": {"top": m[0][0] if m else None, "score": m[0][1] if m else 0.0, "checked": e["checked"],
                           "rerun": e["rerun"], "hit": bool(m) and any(overlaps(m[0][0], x) for x in exp),
                           "rank": next((i + 1 for i, (mm, _) in enumerate(m) if any(overlaps(mm, x) for x in exp)), None)},
                "baseline": {"top": top, "score": round(score, 4),
                             "hit": top is not None and any(overlaps(top, x) for x in exp)}})
    return outcomes


def report(args, outcomes, timing):
    methods = ["engine", "baseline"]
    langs = [lg for lg in LANGS if any(o["lang"] == lg for o in outcomes)]
    summary, thresholds = {}, {}
    print(f"dedupe-check per-language eval (engine threshold {args.threshold}; baseline threshold: "
          f"per language, <= 1 % false alarms on dev; false-alarm thresholds from {args.fa_negatives} negatives)")
    for lang in langs:
        os_ = [o for o in outcomes if o["lang"] == lang]
        negs = {sp: {m: [o[m]["score"] for o in os_ if o["type"] == "negative" and o["split"] == sp
                         and args.fa_negatives in ("all", o["set"])] for m in methods}
                for sp in ("dev", "test")}
        dev1 = {m: threshold_for(negs["dev"][m], 0.01) for m in methods}
        thr = {"engine": args.threshold, "baseline": dev1["baseline"]}
        fa = {sp: {m: {k: threshold_for(negs[sp][m], k) for k in (0.01, 0.02)} for m in methods} for sp in negs}
        thresholds[lang] = {"engine": args.threshold, "baseline": thr["baseline"],
                            "engine_dev_1pct": dev1["engine"], "fa": {sp: {m: {str(k): v for k, v in x.items()}
                                                                          for m, x in y.items()} for sp, y in fa.items()}}
        unchecked = sum(not o["engine"]["checked"] for o in os_)
        print(f"\n### {lang}: engine threshold for <= 1 % false alarms on dev ({len(negs['dev']['engine'])} negatives): "
              f"{dev1['engine']:.4f}; baseline threshold {thr['baseline']:.4f}; unchecked cases: {unchecked}")
        for sp in ("dev", "test"):
            print(f"  {sp}: thresholds at 1 % / 2 % false alarms: " + "; ".join(
                f"{m} {fa[sp][m][0.01]:.4f} / {fa[sp][m][0.02]:.4f}" for m in methods))
        for sp in ("dev", "test"):
            print(f"  == {sp} ==")
            print(f"  {'type':<8}{'n':>5}" + "".join(f"{t + ' r@1':>10}{t + ' @thr':>10}{t + ' @1%':>9}{t + ' @2%':>9}"
                                                   for t in ("eng", "jac")))
            for t in TYPES + ["negative"] + NEG_SETS:
                rs = [o for o in os_ if (o["type"] == t or (o["type"] == "negative" and o["set"] == t))
                      and o["split"] == sp]
                if not rs:
                    continue
                label = {"negative": "neg FA", "easy": " easy FA", "hard": " hard FA"}.get(t, f"type-{t}")
                line = f"  {label:<8}{len(rs):>5}"
                for m in methods:
                    if t in ["negative"] + NEG_SETS:
                        r = lambda x: sum(o[m]["score"] >= x for o in rs) / len(rs)  # noqa: E731
                        vals = [None, r(thr[m]), r(fa[sp][m][0.01]), r(fa[sp][m][0.02])]
                    else:
                        r = lambda x: sum(o[m]["hit"] and (x is None or o[m]["score"] >= x) for o in rs) / len(rs)  # noqa: E731
                        vals = [r(None), r(thr[m]), r(fa[sp][m][0.01]), r(fa[sp][m][0.02])]
                    summary[f"{lang}/{sp}/{t}/{m}"] = {"n": len(rs), "recall_at_1": vals[0], "at_threshold": vals[1],
                                                       "at_1pct_fa": vals[2], "at_2pct_fa": vals[3]}
                    line += "".join(f"{v:>{w}.3f}" if v is not None else f"{'':>{w}}"
                                    for v, w in zip(vals, (10, 10, 9, 9)))
                print(line)
        if args.verbose:
            print(f"  misses on test at {args.threshold} (id, token_similarity, expected -> engine top | baseline):")
            for o in os_:
                if o["type"] == "negative" or o["split"] != "test":
                    continue
                e, b = o["engine"], o["baseline"]
                if e["hit"] and e["score"] >= args.threshold:
                    continue
                got = f"{e['score']:.3f} {fmt_fn(e['top'])}" if e["top"] else ("unchecked" if not e["checked"] else "no match")
                print(f"    {o['id']} sim={o['token_similarity']} {fmt_fn(o['expected'])}\n"
                      f"      -> {got}{' (rank ' + str(e['rank']) + ')' if e['rank'] else ''}"
                      f" | jac {b['score']:.3f} {'hit' if b['hit'] else 'miss'}")
            print(f"  false alarms on test at {args.threshold}:")
            for o in os_:
                if o["type"] == "negative" and o["split"] == "test" and o["engine"]["score"] >= args.threshold:
                    print(f"    {o['id']} -> {o['engine']['score']:.3f} {fmt_fn(o['engine']['top'])}")
    print("\ntime:")
    for name in timing:
        v = timing[name]
        print(f"  {name:<14} {v['wall_s']:>7.2f} s (incl. {v['single_reruns']} single-case reruns)  checked "
              f"{v['checked_functions']}  existing {v['existing_functions']}  baseline haystack {v['baseline_functions']}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"thresholds": thresholds, "summary": summary, "timing": timing, "cases": outcomes}, fh, indent=1)


if __name__ == "__main__":
    main()
