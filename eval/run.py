#!/usr/bin/env python3
"""Score dedupe-check on the evaluation repositories made by eval/build.py.

Runs `dedupe-check pr --repo DIR/<project> --base base --head pr --format json
--fail-on never --quiet` once per project and prints, per clone type, recall@1
(the top-scoring finding of the case's new function points at the labelled existing
function: same path, overlapping lines) and the false-alarm rate (negatives with any
finding), at the tool's default threshold unless --threshold is given.

Findings whose existing side is another eval case file (new-vs-new) are left out of
both and counted on a separate line.

    python3 eval/run.py --dir /tmp/dedupe-eval --bin target/release/dedupe-check [--model DIR]
                        [--threshold F] [--json out.json] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

TYPES = [1, 2, 3, 4]
EVAL_DIR = "dedupe_eval/"


def overlaps(a, b):
    return a["path"] == b["path"] and a["start_line"] <= b["end_line"] and b["start_line"] <= a["end_line"]


def fmt_fn(f):
    return f"{f['path']}:{f['start_line']}-{f['end_line']} {f.get('qualname') or f.get('qualified_name') or f.get('name')}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", required=True, help="output directory of build.py")
    ap.add_argument("--bin", required=True, help="dedupe-check binary")
    ap.add_argument("--model", help="model directory (reranker engine); default: structural only")
    ap.add_argument("--threshold", type=float, help="pass --threshold to dedupe-check")
    ap.add_argument("--project", action="append", default=[], help="only these projects")
    ap.add_argument("--extra", action="append", default=[], help="extra argument for dedupe-check (repeatable)")
    ap.add_argument("--json", help="write the results (and every case's outcome) here")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses and false alarms")
    args = ap.parse_args()

    cases_doc = json.load(open(os.path.join(args.dir, "cases.json")))
    projects = args.project or list(cases_doc["projects"])
    binary = os.path.abspath(args.bin)

    findings_by_new = {}
    timing = {}
    engines = set()
    notices = []
    totals = {"checked_functions": 0, "existing_functions": 0}
    for name in projects:
        p = cases_doc["projects"][name]
        repo = os.path.join(args.dir, p["dir"])
        cmd = [binary, "pr", "--repo", repo, "--base", "base", "--head", "pr", "--format", "json",
               "--fail-on", "never", "--quiet"]
        if args.model:
            cmd += ["--model", args.model]
        else:
            cmd += ["--no-model"]
        if args.threshold is not None:
            cmd += ["--threshold", str(args.threshold)]
        cmd += args.extra
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            sys.exit(f"{name}: {' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
        doc = json.loads(proc.stdout)
        engines.add(doc.get("engine"))
        notices += [f"{name}: {n}" for n in doc.get("notices", [])]
        for k in totals:
            totals[k] += doc.get(k, 0) or 0
        timing[name] = {"wall_s": round(wall, 3),
                        "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 3),
                        "checked_functions": doc.get("checked_functions"),
                        "existing_functions": doc.get("existing_functions"),
                        "findings": len(doc.get("findings", []))}
        for f in doc.get("findings", []):
            findings_by_new.setdefault((name, f["new"]["path"], f["new"]["start_line"]), []).append(f)

    rows = {t: {"n": 0, "hit1": 0, "hit_any": 0, "found": 0} for t in TYPES}
    neg = {"n": 0, "alarms": 0}
    new_vs_new = {"findings": 0, "cases": 0}
    outcomes = []
    for c in cases_doc["cases"]:
        if c["project"] not in projects:
            continue
        new = c["new"]
        fs = [f for key, lst in findings_by_new.items() if key[0] == c["project"] and key[1] == new["path"]
              for f in lst if f["new"]["start_line"] <= new["end_line"] and new["start_line"] <= f["new"]["end_line"]]
        nn = [f for f in fs if f["existing"]["path"].startswith(EVAL_DIR)]
        fs = sorted((f for f in fs if not f["existing"]["path"].startswith(EVAL_DIR)),
                    key=lambda f: -f["score"])
        if nn:
            new_vs_new["findings"] += len(nn)
            new_vs_new["cases"] += 1
        o = {"id": c["id"], "type": c["type"], "project": c["project"], "new": new,
             "expected": c["expected"], "token_similarity": c.get("token_similarity"),
             "findings": [{"existing": f["existing"], "score": f["score"], "engine": f.get("engine")} for f in fs],
             "new_vs_new": len(nn)}
        if c["type"] == "negative":
            neg["n"] += 1
            o["false_alarm"] = bool(fs)
            neg["alarms"] += bool(fs)
        else:
            r = rows[c["type"]]
            r["n"] += 1
            rank = next((i + 1 for i, f in enumerate(fs) if overlaps(f["existing"], c["expected"])), None)
            o["rank"] = rank
            r["hit1"] += rank == 1
            r["hit_any"] += rank is not None
            r["found"] += bool(fs)
        outcomes.append(o)

    engine = "/".join(sorted(e for e in engines if e)) or "?"
    print(f"dedupe-check eval ({engine} engine{', threshold ' + str(args.threshold) if args.threshold is not None else ', default threshold'})")
    print(f"{'type':<10}{'n':>5}{'recall@1':>10}{'recall@k':>10}{'any finding':>13}")
    total_pairs = {"n": 0, "hit1": 0}
    for t in TYPES:
        r = rows[t]
        if not r["n"]:
            continue
        total_pairs["n"] += r["n"]
        total_pairs["hit1"] += r["hit1"]
        print(f"{'type-' + str(t):<10}{r['n']:>5}{r['hit1'] / r['n']:>10.3f}{r['hit_any'] / r['n']:>10.3f}"
              f"{r['found'] / r['n']:>13.3f}")
    if total_pairs["n"]:
        print(f"{'all pairs':<10}{total_pairs['n']:>5}{total_pairs['hit1'] / total_pairs['n']:>10.3f}")
    fa = neg["alarms"] / neg["n"] if neg["n"] else 0.0
    print(f"false alarms: {neg['alarms']}/{neg['n']} negatives = {fa:.3%}")
    print(f"new-vs-new findings (ignored above): {new_vs_new['findings']} on {new_vs_new['cases']} cases")
    tw = sum(v["wall_s"] for v in timing.values())
    print(f"time: {tw:.2f} s wall over {len(timing)} runs; "
          f"{totals['checked_functions']} checked / {totals['existing_functions']} existing functions")
    for name, v in timing.items():
        print(f"  {name:<10} {v['wall_s']:>7.2f} s wall {v['cpu_s']:>7.2f} s cpu  "
              f"checked {v['checked_functions']}  existing {v['existing_functions']}  findings {v['findings']}")
    for n in notices:
        print(f"notice: {n}")

    if args.verbose:
        print("\nmisses (type, id, token_similarity, expected -> top finding):")
        for o in sorted((o for o in outcomes if o["type"] != "negative" and o["rank"] != 1),
                        key=lambda o: (o["type"], o["id"])):
            top = o["findings"][0] if o["findings"] else None
            exp = fmt_fn(o["expected"])
            got = f"{top['score']:.3f} {fmt_fn(top['existing'])}" if top else "no finding"
            also = f" (expected at rank {o['rank']})" if o["rank"] else ""
            print(f"  t{o['type']} {o['id']:<8} sim={o['token_similarity']:.2f} {o['project']}: {exp}\n"
                  f"      -> {got}{also}")
        print("\nfalse alarms (id, source -> finding):")
        for o in (o for o in outcomes if o.get("false_alarm")):
            top = o["findings"][0]
            src = next(c for c in cases_doc["cases"] if c["id"] == o["id"])["source"]
            print(f"  {o['id']} {src['project']}:{src['path']} {src['qualname']} -> {o['project']}: "
                  f"{top['score']:.3f} {fmt_fn(top['existing'])}")

    if args.json:
        result = {"engine": engine, "threshold": args.threshold,
                  "types": {str(t): {**rows[t], "recall_at_1": rows[t]["hit1"] / rows[t]["n"] if rows[t]["n"] else None}
                            for t in TYPES},
                  "negatives": {**neg, "false_alarm_rate": fa}, "new_vs_new": new_vs_new,
                  "timing": timing, "notices": notices, "cases": outcomes}
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=1)


if __name__ == "__main__":
    main()
