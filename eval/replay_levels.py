#!/usr/bin/env python3
"""Precision and recall of the error level, per kind and for other level rules.

Reads one run of `eval/replay.py run` (OUT/<label>/*.jsonl, a binary that grades its
findings) and the labels of eval/replay_multi.json, and prints for each split:

  * per kind: findings, labelled, actionable, precision (Wilson 95 %), and the share of all
    labelled actionable findings of the split that are of that kind;
  * operating points: a rule for the error level (which kinds, how many statements at
    least) with its error precision, the share of the actionable findings it puts at
    error, and the commits it fails. The first row is the rule the binary ships.

Only introduced findings count (the ones that fail a run). Labels are keyed by (project,
commit, new `path qualified_name`, existing `path qualified_name`).

    python3 eval/replay_levels.py --out OUT --label verdict5
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def wilson(k, n, z=1.96):
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def pct(k, n):
    if n == 0:
        return "-"
    lo, hi = wilson(k, n)
    return f"{k}/{n} = {100 * k / n:.0f} % ({100 * lo:.0f}–{100 * hi:.0f} %)"


def load(out, label, labels_path):
    doc = json.load(open(labels_path))
    split = {p["repo"]: p["split"] for p in doc["projects"]}
    labels = {(l["repo"], l["commit"], l["new"], l["existing"]): l["actionable"] for l in doc["labels"]}
    rows, commits = [], {}
    for path in sorted(glob.glob(os.path.join(out, label, "*.jsonl"))):
        repo = os.path.basename(path)[: -len(".jsonl")].replace("+", "/", 1)
        if repo not in split:
            continue
        for line in open(path):
            r = json.loads(line)
            commits.setdefault(split[repo], set()).add((repo, r["commit"]))
            for f in r.get("findings") or []:
                if f.get("introduced", True) is False:
                    continue
                key = (repo, r["commit"],
                       f"{f['new']['path']} {f['new']['qualified_name']}",
                       f"{f['existing']['path']} {f['existing']['qualified_name']}")
                ev = f.get("evidence") or {}
                st = ev.get("statements") or {}
                rows.append({
                    "split": split[repo], "repo": repo, "commit": r["commit"],
                    "kind": f.get("kind"), "level": f.get("level"),
                    "small": min(st.get("existing", 0), st.get("new", 0)),
                    "names_differ": bool(ev.get("differences")),
                    "family": bool(ev.get("family")),
                    "actionable": labels.get(key),
                })
    return rows, commits


def per_kind(rows):
    acts = sum(1 for r in rows if r["actionable"])
    print("| kind | findings | labelled | precision (Wilson 95 %) | share of actionable |")
    print("|---|---|---|---|---|")
    for kind in ("copy", "edited_copy", "parameterised_copy", "generalisation", "similar"):
        of = [r for r in rows if r["kind"] == kind]
        lab = [r for r in of if r["actionable"] is not None]
        k = sum(1 for r in lab if r["actionable"])
        share = f"{k}/{acts}" if acts else "-"
        print(f"| {kind} | {len(of)} | {len(lab)} | {pct(k, len(lab))} | {share} |")


RULES = [
    ("shipped (the binary's own levels)", None),
    ("copy, ≥ 5 statements", lambda r: r["kind"] == "copy" and r["small"] >= 5),
    ("copy or edited copy, ≥ 5 statements", lambda r: r["kind"] in ("copy", "edited_copy") and r["small"] >= 5),
    ("copy or edited copy without name changes, ≥ 3", lambda r: (r["kind"] == "copy" or (r["kind"] == "edited_copy" and not r["names_differ"])) and r["small"] >= 3),
    ("copy or edited copy without name changes, ≥ 8", lambda r: (r["kind"] == "copy" or (r["kind"] == "edited_copy" and not r["names_differ"])) and r["small"] >= 8),
    ("every finding", lambda r: True),
]


BULK = 10  # a change with this many errors is a copied tree: its errors are warnings


def errors_of(rows, rule):
    """The findings a rule puts at error, with the binary's family and bulk rules applied
    (a family member only as a copy of 10 statements or more; none of a change with
    BULK errors or more)."""
    if rule is None:
        return [r for r in rows if r["level"] == "error"]
    err = [r for r in rows if rule(r) and (not r["family"] or (r["kind"] == "copy" and r["small"] >= 10))]
    per_commit = {}
    for r in err:
        per_commit[(r["repo"], r["commit"])] = per_commit.get((r["repo"], r["commit"]), 0) + 1
    return [r for r in err if per_commit[(r["repo"], r["commit"])] < BULK]


def operating_points(rows, n_commits):
    acts = sum(1 for r in rows if r["actionable"])
    print("| error rule | errors | error precision (Wilson 95 %) | actionable at error | commits failed |")
    print("|---|---|---|---|---|")
    for name, rule in RULES:
        err = errors_of(rows, rule)
        lab = [r for r in err if r["actionable"] is not None]
        k = sum(1 for r in lab if r["actionable"])
        failed = len({(r["repo"], r["commit"]) for r in err})
        print(f"| {name} | {len(err)} | {pct(k, len(lab))} | {k}/{acts} | "
              f"{failed}/{n_commits} ({100 * failed / max(n_commits, 1):.1f} %) |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--labels", default=os.path.join(HERE, "replay_multi.json"))
    args = ap.parse_args()
    rows, commits = load(args.out, args.label, args.labels)
    for split in ("dev", "test"):
        sel = [r for r in rows if r["split"] == split]
        print(f"\n## {args.label}, {split} split: kinds\n")
        per_kind(sel)
        print(f"\n## {args.label}, {split} split: operating points\n")
        operating_points(sel, len(commits.get(split, ())))


if __name__ == "__main__":
    main()
