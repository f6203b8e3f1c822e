#!/usr/bin/env python3
"""What the reranker's cascade and its top-k change, on sets made by eval/build.py.

With a model, each checked function's candidates (structural top 20) go to the model,
except those the structural score decides (src/detect.rs): at or above `accept` the pair
is a duplicate without the model (near-identical copies), below `reject` it is none
(far below any plausible match), and of the rest the model judges the best `k` by
structural score. No model runs here: the model can only find a labelled match it is
sent, so per split, set and type this prints

* sent: pairs the model judges, in all and per checked function;
* reach: share of labelled cases whose expected function is decided a duplicate by the
  cascade or sent to the model (the model's recall ceiling; without a cascade and k = 20,
  the share in the structural top 20);
* decided: share of labelled cases whose expected function the cascade reports by
  itself, and negatives the cascade reports by itself (false alarms no model can undo).

    python3 eval/cascade.py --dir OUT --dir OUT_HARD --pool-bin target/release/examples/pair_features
                            [--accept 0.9] [--reject 0.2] [--json out.json]

Candidates are existing functions only (pair_features leaves case files out), as
eval/run.py --pool-bin measures the structural engine.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
from collections import defaultdict

TOP = 20  # the candidate stage's top_k


def overlaps(a, b):
    return a["path"] == b["path"] and a["start_line"] <= b["end_line"] and b["start_line"] <= a["end_line"]


def load(dirs, pool_bin):
    """Per case: (split, set, type, scores of the structural top 20 best first, index of the
    expected function among them or None)."""
    out = []
    for d in dirs:
        doc = json.load(open(os.path.join(d, "cases.json")))
        for name, p in doc["projects"].items():
            repo = os.path.join(d, p["dir"])
            lines = subprocess.run([os.path.abspath(pool_bin), repo], check=True,
                                   capture_output=True).stdout.decode().splitlines()
            pools = {}
            for line in lines[1:]:
                r = json.loads(line)
                ranked = sorted(r["pool"], key=lambda x: -x[4])[:TOP]
                pools[(r["path"], r["start_line"])] = [
                    ({"path": x[0], "start_line": x[1], "end_line": x[2]}, x[4]) for x in ranked]
            for c in doc["cases"]:
                if c["project"] != name:
                    continue
                new = c["new"]
                pool = pools.get((new["path"], new["start_line"]))
                if pool is None:  # under the size floor: not checked at all
                    pool = []
                expected = [c["expected"]] + c.get("also_expected", []) if c["expected"] else []
                hit = next((i for i, (f, _) in enumerate(pool) if any(overlaps(f, e) for e in expected)), None)
                st = c.get("set", "regression")
                out.append({"split": c.get("split", "test"), "set": f"{st}/{name}" if st == "large" else st,
                            "type": c["type"], "scores": [s for _, s in pool], "hit": hit})
    return out


def outcome(case, k, accept, reject):
    """(pairs sent, expected reached, expected decided by the cascade, any pair decided a duplicate)."""
    scores = case["scores"]
    decided = [i for i, s in enumerate(scores) if accept is not None and s >= accept]
    # A near-identical candidate decides the function: the others could only join its
    # finding's group, and those that score at or above `accept` do.
    middle = [] if decided else [i for i, s in enumerate(scores) if reject is None or s >= reject][:k]
    hit = case["hit"]
    return (len(middle), hit is not None and (hit in decided or hit in middle),
            hit is not None and hit in decided, bool(decided))


def table(cases, configs):
    rows = []
    for label, k, accept, reject in configs:
        for split in ("dev", "test"):
            sub = [c for c in cases if c["split"] == split]
            groups = defaultdict(list)
            for c in sub:
                groups[(c["set"], c["type"])].append(c)
            res = {"config": label, "k": k, "accept": accept, "reject": reject, "split": split,
                   "checked": sum(1 for c in sub if c["scores"]), "groups": {}}
            sent = 0
            for (st, ty), cs in sorted(groups.items(), key=lambda t: (t[0][0], str(t[0][1]))):
                o = [outcome(c, k, accept, reject) for c in cs]
                sent += sum(x[0] for x in o)
                if ty == "negative":
                    res["groups"][f"{st} negative"] = {"n": len(cs), "decided_fa": sum(x[3] for x in o)}
                else:
                    res["groups"][f"{st} type-{ty}"] = {"n": len(cs), "reach": sum(x[1] for x in o),
                                                         "decided": sum(x[2] for x in o)}
            res["sent"] = sent
            rows.append(res)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", action="append", required=True)
    ap.add_argument("--pool-bin", required=True)
    ap.add_argument("--accept", type=float, default=0.9)
    ap.add_argument("--reject", type=float, default=0.2)
    ap.add_argument("--json")
    ap.add_argument("--grid", action="store_true", help="also print pairs sent and reach over a grid of k/accept/reject")
    args = ap.parse_args()
    cases = load(args.dir, args.pool_bin)
    a, r = args.accept, args.reject
    configs = [("no cascade", 20, None, None), ("no cascade", 10, None, None), ("no cascade", 5, None, None),
               ("no cascade", 3, None, None),
               ("cascade", 20, a, r), ("cascade", 10, a, r), ("cascade", 5, a, r), ("cascade", 3, a, r)]
    rows = table(cases, configs)

    # Where the expected functions and the negatives' best candidates score (dev), for the cuts.
    for split in ("dev", "test"):
        pos = sorted(c["scores"][c["hit"]] for c in cases if c["split"] == split and c["hit"] is not None)
        neg = sorted((c["scores"][0] for c in cases if c["split"] == split and c["type"] == "negative"
                      and c["scores"]), reverse=True)
        q = lambda xs, f: xs[min(len(xs) - 1, int(f * len(xs)))] if xs else float("nan")  # noqa: E731
        print(f"{split}: expected functions' structural score: min {pos[0]:.3f}, 1 % {q(pos, 0.01):.3f}, "
              f"5 % {q(pos, 0.05):.3f}, median {q(pos, 0.5):.3f} (n {len(pos)}); negatives' best candidate: "
              f"max {neg[0]:.3f}, 1 % {q(neg, 0.01):.3f} (n {len(neg)})")

    keys = sorted({g for r in rows for g in r["groups"]})
    for split in ("dev", "test"):
        print(f"\n== split {split} ==  reach (decided) per labelled set/type; negatives: decided false alarms")
        sel = [r for r in rows if r["split"] == split]
        print(f"{'':<28}" + "".join(f"{(r['config'][:2] + ' k=' + str(r['k'])):>14}" for r in sel))
        print(f"{'pairs sent':<28}" + "".join(f"{r['sent']:>14}" for r in sel))
        print(f"{'  per checked function':<28}" + "".join(f"{r['sent'] / max(r['checked'], 1):>14.2f}" for r in sel))
        for g in keys:
            cells = []
            for r in sel:
                x = r["groups"].get(g)
                if x is None:
                    cells.append("")
                elif "reach" in x:
                    cells.append(f"{x['reach'] / x['n']:.3f} ({x['decided']})")
                else:
                    cells.append(f"{x['decided_fa']}/{x['n']}")
            print(f"{g:<28}" + "".join(f"{c:>14}" for c in cells))
    if args.grid:
        print("\n== grid: pairs sent (dev+test), reach of all labelled cases / of type 4, decided false alarms")
        allpos = [c for c in cases if c["type"] != "negative"]
        t4 = [c for c in allpos if c["type"] == 4]
        for k in (3, 5, 10, 20):
            for accept in (None, 0.85, 0.9, 0.95):
                for reject in (None, 0.25, 0.3, 0.35, 0.4):
                    o = [outcome(c, k, accept, reject) for c in cases]
                    sent = sum(x[0] for x in o)
                    reach = sum(outcome(c, k, accept, reject)[1] for c in allpos) / len(allpos)
                    reach4 = sum(outcome(c, k, accept, reject)[1] for c in t4) / len(t4)
                    fa = sum(outcome(c, k, accept, reject)[3] for c in cases if c["type"] == "negative")
                    # A labelled case the cascade decides by another function than the expected one.
                    wrong = sum(1 for c in allpos if outcome(c, k, accept, reject)[3] and c["hit"] != 0)
                    print(f"k {k:>2} accept {accept} reject {reject}: sent {sent:>6}  reach {reach:.3f}  "
                          f"type-4 {reach4:.3f}  decided FA {fa}  decided wrong {wrong}")
    if args.json:
        json.dump(rows, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
