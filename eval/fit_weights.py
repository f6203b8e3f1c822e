#!/usr/bin/env python3
"""Refit the weights of the structural score (src/candidates.rs `WEIGHTS`) on the dev split.

For every evaluation repository (made by eval/build.py), dumps the candidate pool of each
new function with its pair features (`cargo run --release --example pair_features`), keeps
the cases of the dev split, labels each (new function, candidate) pair 1 when the candidate
is the expected existing function and 0 otherwise (every candidate of a negative is 0), and
fits an L2-regularized logistic regression by Newton's method, the classes weighted to
balance. Prints the weights to paste into candidates.rs and, on dev, recall@1 per set and
type and the threshold for <= 1 % false alarms. Test cases are not used for the fit;
`--old-formula` also prints, for comparison on both splits, what the score before the fit
(shape x (0.8 + 0.2 x lexical)) gives on the same candidate pools.

    cargo build --release --example pair_features
    python3 eval/fit_weights.py --dir OUT --dir OUT_HARD --example target/release/examples/pair_features \
        --exclude-project sqlalchemy      # how the committed WEIGHTS were fitted
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys

L2 = 1e-3
LOGIT_SCALE = 0.5     # src/candidates.rs LOGIT_SCALE: applied to the logit of the score, not to the fit


def overlaps(a, b):
    return a["path"] == b["path"] and a["start_line"] <= b["end_line"] and b["start_line"] <= a["end_line"]


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(rows, iters=30):
    """rows: (x, y, weight). Returns w (w[0] = intercept)."""
    d = len(rows[0][0]) + 1
    w = [0.0] * d
    for _ in range(iters):
        g = [0.0] * d
        h = [[0.0] * d for _ in range(d)]
        for x, y, sw in rows:
            xx = [1.0] + x
            z = sum(a * b for a, b in zip(w, xx))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            for i in range(d):
                g[i] += sw * (p - y) * xx[i]
                for j in range(i, d):
                    h[i][j] += sw * p * (1 - p) * xx[i] * xx[j]
        for i in range(d):
            for j in range(i):
                h[i][j] = h[j][i]
            if i:
                g[i] += L2 * len(rows) * w[i]
                h[i][i] += L2 * len(rows)
        step = solve(h, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def score(w, x, scale=1.0):
    z = (w[0] + sum(a * b for a, b in zip(w[1:], x))) * scale
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", action="append", required=True)
    ap.add_argument("--example", required=True, help="the pair_features example binary")
    ap.add_argument("--cache", help="directory to keep the feature dumps in (reused when present)")
    ap.add_argument("--exclude-project", action="append", default=[],
                    help="leave this project's cases out (the committed weights: --exclude-project sqlalchemy)")
    ap.add_argument("--old-formula", action="store_true",
                    help="also report the previous hand-set score on dev and test (not fitted)")
    args = ap.parse_args()

    queries = []     # (case, [(cand, x)])
    names = None
    for d in args.dir:
        cases = json.load(open(os.path.join(d, "cases.json")))
        for name, p in cases["projects"].items():
            if name in args.exclude_project:
                continue
            repo = os.path.join(d, p["dir"])
            cached = os.path.join(args.cache, f"{os.path.basename(os.path.normpath(d))}-{name}.jsonl") \
                if args.cache else None
            if cached and os.path.exists(cached):
                lines = open(cached).read().splitlines()
            else:
                out = subprocess.run([args.example, repo], check=True, capture_output=True).stdout.decode()
                lines = out.splitlines()
                if cached:
                    os.makedirs(args.cache, exist_ok=True)
                    open(cached, "w").write(out)
            head = json.loads(lines[0])
            names = head["features"]
            pools = {}
            for line in lines[1:]:
                r = json.loads(line)
                pools[(r["path"], r["start_line"])] = r["pool"]
            for c in cases["cases"]:
                if c["project"] != name or (c.get("split") != "dev" and not args.old_formula):
                    continue
                pool = pools.get((c["new"]["path"], c["new"]["start_line"]), [])
                cands = [({"path": x[0], "start_line": x[1], "end_line": x[2]}, x[3]) for x in pool]
                queries.append((c, cands))


    every = queries
    queries = [(c, cands) for c, cands in queries if c.get("split") == "dev"]
    print(f"{len(queries)} dev cases, features {names}", file=sys.stderr)
    rows = []
    for c, cands in queries:
        exp = [c["expected"]] + c.get("also_expected", []) if c["expected"] else []
        for cand, x in cands:
            rows.append((x, 1.0 if any(overlaps(cand, e) for e in exp) else 0.0))
    pos = sum(y for _, y in rows)
    neg = len(rows) - pos
    weighted = [(x, y, (neg / pos if y else 1.0)) for x, y in rows]
    w = fit(weighted)
    print("pub const WEIGHTS: (f32, [f32; FEATURES]) = (" + f"{w[0]:.4f}, [" +
          ", ".join(f"{v:.4f}" for v in w[1:]) + "]);")
    report(lambda x: score(w, x, LOGIT_SCALE), queries, "dev")
    if args.old_formula:
        for split in ("dev", "test"):
            print("previous score, shape x (0.8 + 0.2 x lexical):")
            report(lambda x: x[0] * (0.8 + 0.2 * x[1]), [q for q in every if q[0].get("split") == split], split)


def report(fn, queries, split):
    negs, res = [], {}
    for c, cands in queries:
        scored = sorted(((fn(x), cand) for cand, x in cands), key=lambda t: -t[0])
        top = scored[0] if scored else (0.0, None)
        if c["type"] == "negative":
            negs.append(top[0])
            continue
        exp = [c["expected"]] + c.get("also_expected", [])
        hit = top[1] is not None and any(overlaps(top[1], e) for e in exp)
        res.setdefault((c.get("set", "regression"), c["type"]), []).append((hit, top[0]))
    s = sorted(negs, reverse=True)
    k = math.floor(0.01 * len(s))
    thr = s[k] + 1e-6 if k < len(s) else 0.0
    print(f"{split}: {len(negs)} negatives, threshold for <= 1 % false alarms {thr:.4f}")
    for key in sorted(res, key=str):
        v = res[key]
        print(f"  {key[0]:<11} type-{key[1]} n={len(v):>3} recall@1 {sum(h for h, _ in v) / len(v):.3f}"
              f"  at 1 % FA {sum(h and sc >= thr for h, sc in v) / len(v):.3f}"
              f"  at 0.70 {sum(h and sc >= 0.70 for h, sc in v) / len(v):.3f}")


if __name__ == "__main__":
    main()
