#!/usr/bin/env python3
"""Generate eval/lang/labels_hard.json: the hard per-language set (see eval/README.md).

Two kinds of cases per language, on the same pinned projects as labels.json:

* type 4 – re-implementations written by hand for this set (eval/lang/type4/<lang>/<id>.<ext>,
  whose header names the original: repository, pinned commit, path, qualified name), added
  by the PR of the original's project; the original is the expected match.
* hard negatives – real functions of the project whose nearest sibling in the same project
  has the same shape but does another job. The function is held out of `base` (its lines
  removed in one extra commit) and the PR adds it back: the sibling is then the closest
  existing function, and any match is a false alarm. Mined by RULE below, then read by hand:
  HARD_NEGATIVE_VERDICTS lists the pairs judged to do the same job (excluded).

Only needed to regenerate the labels (build.py rebuilds the set from them):

    python eval/lang/make_hard.py --mirror-dir MIRROR [--lang go ...] [--list]

--list prints every mined pair (both functions' first lines) for the hand check.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import langlib as L  # noqa: E402
import make_labels as M  # noqa: E402

SHORT = M.SHORT
# RULE: a hard negative is an eligible function A (the originals' eligibility of
# make_labels.py: library code, 5-80 lines, >= 3 statements, >= 40 code tokens, no named
# function inside, a kind that stands in a file of its own; no benchmark code) whose
# nearest other function B of the same repository (normalized-token difflib ratio:
# identifiers -> ID, literals -> LIT; over the SHORTLIST functions sharing the most 4-token
# shingles with A) has ratio >= MIN_SHAPE, a different simple name (no overloads of one
# method) and a different set of free names (what A calls and reads but does not bind, vs
# B's); A has no copy under its own name (ratio >= COPY_SIM) in its shortlist. Pairs are
# taken greedily by descending ratio; a function is held out at most once, a held-out
# function is never the sibling of another (the sibling must stay in base), a type-4
# original is never held out. N_PER_LANGUAGE per language, half from each project, a
# project short of pairs made up by the other.
MIN_SHAPE = 0.70
N_PER_LANGUAGE = 40
MAX_POOL = 600          # eligible functions examined per project (seeded order)

# "project:path:qualname" of A -> why it was excluded after reading A beside B.
HARD_NEGATIVE_VERDICTS: dict[str, str] = {
    "lodash:lodash.js:castPath": "castPath and toPath both turn a value into a property path",
    "lodash:lodash.js:toPath": "castPath and toPath both turn a value into a property path",
    "zod:packages/zod/src/v3/types.ts:ZodEnum.Values": "the getters Values and enum build the same object",
    "zod:packages/zod/src/v3/types.ts:ZodEnum.enum": "the getters Values and enum build the same object",
    "zod:packages/zod/src/v4/core/api.ts:_check": "core _check and the mini/classic check make the same check",
    "zod:packages/zod/src/v4/mini/schemas.ts:check": "core _check and the mini/classic check make the same check",
    "zod:packages/zod/src/v4/classic/schemas.ts:check": "core _check and the mini/classic check make the same check",
    "zod:packages/zod/src/v4/core/api.ts:_tuple": "core _tuple and classic tuple build the same schema",
    "zod:packages/zod/src/v3/types.ts:datetimeRegex": "v3 datetimeRegex and v4 regexes.datetime build the same regex",
    "commons-lang:src/main/java/org/apache/commons/lang3/CharSequenceUtils.java:CharSequenceUtils.toCharArray":
        "its nearest function, a benchmark's toCharArrayNew, is a copy",
}
# Benchmark code is no library code: its functions are copies of one another by design.
NOT_LIBRARY = r"(^|/)(bench|benches|__benchmarks__)/|Benchmark\.java$"


def free_names(lang, f):
    return L.identifier_tokens(lang, f.node) - set(L.binding_names(lang, f.node)) - {f.name}


SHINGLE = 4
COPY_SIM = 0.85
SHORTLIST = 40          # functions per query scored exactly (the most shared shingles)


class Nearest:
    """The function of a repository most similar to a given one: a shortlist by shared
    4-token shingles of the normalized tokens (an inverted index, as the engine's candidate
    stage), then the exact difflib ratio on the shortlist."""

    def __init__(self, repo):
        self.repo = repo
        self.index: dict = {}
        self.sizes = []
        for j, (_, _, gt, _) in enumerate(repo.funcs):
            sh = {tuple(gt[k:k + SHINGLE]) for k in range(max(len(gt) - SHINGLE + 1, 0))}
            self.sizes.append(len(sh))
            for x in sh:
                self.index.setdefault(x, []).append(j)

    def __call__(self, i, toks):
        sh = {tuple(toks[k:k + SHINGLE]) for k in range(max(len(toks) - SHINGLE + 1, 0))}
        shared: dict = {}
        for x in sh:
            for j in self.index.get(x, ()):
                if j != i:
                    shared[j] = shared.get(j, 0) + 1
        short = sorted(shared, key=lambda j: (-shared[j] / (len(sh) + self.sizes[j] - shared[j]), j))[:SHORTLIST]
        return sorted(((L.ratio(toks, self.repo.funcs[j][2]), j) for j in short), key=lambda x: (-x[0], x[1]))


def type4_cases(lang, projects):
    """Cases of the hand-written files of eval/lang/type4/<lang>/ (header: original)."""
    d = os.path.join(HERE, "type4", lang)
    out = []
    if not os.path.isdir(d):
        return out
    byrepo = {p["repo"]: p for p in projects}
    for fn in sorted(os.listdir(d)):
        head = open(os.path.join(d, fn)).read().splitlines()[:2]
        m = re.match(r"// original: (\S+) ([0-9a-f]{40}) (\S+) (\S+)$", head[1])
        if not head[0].startswith("// dedupe-eval type-4") or not m:
            raise ValueError(f"{fn}: no provenance header")
        repo, commit, path, qual = m.groups()
        line = None
        if ":" in qual:          # an overloaded name: QUALNAME:START_LINE
            qual, line = qual.split(":")
            line = int(line)
        p = byrepo[repo]
        if p["commit"] != commit:
            raise ValueError(f"{fn}: commit {commit} is not the pinned one")
        out.append({"id": os.path.splitext(fn)[0], "lang": lang, "project": p["name"], "type": 4,
                    "split": L.split_of(f"{p['name']}:{path}:{qual}"),
                    "original": {"project": p["name"], "path": path, "qualname": qual, "start_line": line},
                    "variant": {"file": f"eval/lang/type4/{lang}/{fn}"}})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror-dir", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "labels_hard.json"))
    ap.add_argument("--lang", action="append", default=[])
    ap.add_argument("--list", action="store_true", help="print the mined pairs for the hand check")
    args = ap.parse_args()
    langs = args.lang or list(SHORT)
    old = json.load(open(args.out)) if os.path.exists(args.out) and args.lang else {"cases": [], "projects": []}
    projects = [{"name": n, "lang": lg, "repo": r, "commit": c, "clone_url": f"https://github.com/{r}.git",
                 "holdout": []} for n, lg, r, c in M.PROJECTS]
    oldp = {p["name"]: p for p in old.get("projects", [])}
    for p in projects:
        if p["lang"] not in langs and p["name"] in oldp:
            p["holdout"] = oldp[p["name"]].get("holdout", [])
    cases = [c for c in old["cases"] if c["lang"] not in langs]
    for lang in langs:
        t4 = type4_cases(lang, projects)
        rng = M.random.Random(f"{M.SEED}-hard-{lang}")
        per_project = []
        for p in [p for p in projects if p["lang"] == lang]:
            gd = os.path.join(args.mirror_dir, p["repo"].replace("/", "+"), "repo")
            repo = M.Repo(p["name"], lang, gd, p["commit"])
            # type-4 originals: span and SHA-1 from the pinned snapshot
            for c in t4:
                if c["project"] != p["name"]:
                    continue
                o = c["original"]
                hits = [i for i, (f, *_) in enumerate(repo.funcs) if f.path == o["path"] and f.qualname == o["qualname"]
                        and o["start_line"] in (None, f.start_line)]
                if len(hits) != 1:
                    raise ValueError(f"{c['id']}: original {o} found {len(hits)} times")
                o.update(M.span(repo, hits[0]))
                f, text, _, _ = repo.funcs[hits[0]]
                vt = open(os.path.join(HERE, "..", "..", c["variant"]["file"])).read()
                vf = first_function(lang, c["variant"]["file"], vt)
                c["token_similarity"] = round(L.ratio(L.code_tokens(lang, f.node), L.code_tokens(lang, vf.node)), 4)
                cases.append(c)
            t4_orig = {(c["original"]["path"], c["original"]["qualname"]) for c in t4 if c["project"] == p["name"]}
            near = Nearest(repo)
            pool = repo.eligible()
            rng.shuffle(pool)
            pool = pool[:MAX_POOL]
            mined = []
            for i in pool:
                f, text, toks, _ = repo.funcs[i]
                if re.search(NOT_LIBRARY, f.path):
                    continue
                cf, off = L.case_file(lang, f.kind, f.wrapper, L.unit_text(text, f))
                if L.parse(lang, f.path, cf).root_node.has_error or L.case_function(lang, f.path, cf, off) is None:
                    continue
                scored = near(i, toks)
                if not scored or scored[0][0] < MIN_SHAPE:
                    continue
                r, j = scored[0]
                # a copy of A under its own name elsewhere (a crate's vendored twin) is a duplicate
                if any(rr >= COPY_SIM and repo.funcs[jj][0].name == f.name for rr, jj in scored):
                    continue
                g = repo.funcs[j][0]
                if g.name == f.name or free_names(lang, f) == free_names(lang, g):
                    continue
                mined.append((r, i, j))
            mined.sort(key=lambda x: -x[0])
            held, siblings, chosen = set(), set(), []
            for r, i, j in mined:
                f = repo.funcs[i][0]
                g = repo.funcs[j][0]
                key = f"{p['name']}:{f.path}:{f.qualname}"
                if args.list:
                    print(f"--- {p['name']} {r:.3f} {f.path}:{f.qualname} vs {g.path}:{g.qualname}"
                          f"{'  [excluded: ' + HARD_NEGATIVE_VERDICTS[key] + ']' if key in HARD_NEGATIVE_VERDICTS else ''}")
                    print("  A| " + "\n  A| ".join(L.unit_text(repo.funcs[i][1], f).splitlines()[:8]))
                    print("  B| " + "\n  B| ".join(L.unit_text(repo.funcs[j][1], g).splitlines()[:8]))
                if key in HARD_NEGATIVE_VERDICTS:
                    continue
                if i in held or i in siblings or j in held or (f.path, f.qualname) in t4_orig:
                    continue
                held.add(i)
                siblings.add(j)
                chosen.append((r, i, j))
            per_project.append((p, repo, chosen, len(mined)))
        # N_PER_LANGUAGE per language, half from each project; what one lacks the other gives
        half = N_PER_LANGUAGE // 2
        sizes = [len(x[2]) for x in per_project]
        take = [min(sizes[0], max(half, N_PER_LANGUAGE - sizes[1]))]
        take.append(min(sizes[1], N_PER_LANGUAGE - take[0]))
        for (p, repo, chosen, n_mined), k in zip(per_project, take):
            for n, (r, i, j) in enumerate(chosen[:k], 1):
                f = repo.funcs[i][0]
                s = M.span(repo, i)
                p["holdout"].append({**s, "first_line": holdout_start(lang, f)})
                cases.append({"id": f"{SHORT[lang]}-{p['name']}-hn-{n:03d}", "lang": lang, "project": p["name"],
                              "type": "negative", "set": "hard",
                              "split": L.split_of(f"{p['name']}:{s['path']}:{s['qualname']}"),
                              "source": s, "near": {**{k2: v for k2, v in M.span(repo, j).items() if k2 != "sha1"},
                                                    "similarity": round(r, 4)}})
            print(f"{lang}/{p['name']}: {n_mined} mined pairs >= {MIN_SHAPE}, {len(chosen)} usable, {k} hard "
                  f"negatives; {sum(c['project'] == p['name'] for c in t4)} type-4", file=sys.stderr)
    doc = {"generator": "eval/lang/make_hard.py", "rule": {"min_shape": MIN_SHAPE, "per_language": N_PER_LANGUAGE},
           "projects": projects, "cases": cases}
    with open(args.out, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print(f"wrote {args.out}: {len(cases)} cases", file=sys.stderr)


def holdout_start(lang, f):
    """First line to remove with a held-out function: its attribute and decorator siblings too."""
    n = f.unit
    first = n.start_point[0] + 1
    prev = n.prev_named_sibling
    while prev is not None and prev.type in ("attribute_item", "decorator") and prev.end_point[0] + 1 >= first - 1:
        first = prev.start_point[0] + 1
        prev = prev.prev_named_sibling
    return first


def first_function(lang, path, text):
    fs = [f for f in L.functions(lang, path, text) if not f.nested]
    if not fs:
        raise ValueError(f"{path}: no function")
    return fs[0]


if __name__ == "__main__":
    main()
