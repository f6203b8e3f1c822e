#!/usr/bin/env python3
"""Rebuild the per-language evaluation repositories from eval/lang/labels.json (or the hard
set, --labels eval/lang/labels_hard.json).

For every project of the labels this makes OUT/<project>: a git repository whose branch
`base` is the project's pinned commit and whose branch `pr` adds one file per case,
dedupe_eval/case_<id>.<ext>: the case's function (a type-1/2/3 variant of an existing
function of that project, or a negative: a real function of the language's other project),
wrapped where the language needs it (Go `package`, a Java class, the class of a JS/TS
method, the `impl` block of a Rust method); in the hard set also the hand-written type-4
re-implementations (eval/lang/type4/<lang>/) and the hard negatives, real functions of the
project held out of `base` (their lines removed in one extra commit) and added back by the
PR.  OUT/cases.json maps every new function to the existing function it duplicates (path +
span at base, after the holdout) or to null.

    python eval/lang/build.py --mirror-dir MIRROR --out OUT [--lang go ...]
    python eval/lang/build.py --clone --out OUT
    python eval/lang/build.py --source gin=~/src/gin ... --out OUT

Needs the parsers of eval/lang/requirements.txt (pinned: edits replay on their trees).
Every original's text is checked against its recorded SHA-1, so a drifted span fails loudly.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
from types import SimpleNamespace

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import langlib as L  # noqa: E402

_spec = importlib.util.spec_from_file_location("pybuild", os.path.join(os.path.dirname(HERE), "build.py"))
pybuild = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pybuild)


def original(repo_dir, lang, span):
    """(Func, file text) of a recorded original at the pinned commit, checked."""
    text = pybuild.show(repo_dir, pybuild.PINNED[repo_dir], span["path"])
    f = L.find_function(lang, span["path"], text, span["qualname"], span["start_line"])
    if f is None:
        raise ValueError(f"function not found: {span}")
    if f.end_line != span["end_line"]:
        raise ValueError(f"span drift for {span}")
    if L.sha1(L.unit_text(text, f)) != span["sha1"]:
        raise ValueError(f"text drift for {span}")
    return f, text


def type4_text(c):
    """The hand-written file of a type-4 case, without its provenance header."""
    lines = open(os.path.join(HERE, "..", "..", c["variant"]["file"])).read().split("\n")
    while lines and lines[0].startswith(("// dedupe-eval", "// original:")):
        lines.pop(0)
    return "\n".join(lines)


def case_text(c, repo_dirs):
    """(case file text, line offset of the function, case file path)."""
    lang = c["lang"]
    if c["type"] == 4:
        text = type4_text(c)
        rel = f"{L.EVAL_DIR}case_{c['id']}{os.path.splitext(c['variant']['file'])[1]}"
        fs = [f for f in L.functions(lang, rel, text) if not f.nested]
        if not fs:
            raise ValueError(f"{c['id']}: no function in {c['variant']['file']}")
        return text, fs[0].start_line - 1, rel
    s = c["source"] if c["type"] == "negative" else c["original"]
    f, text = original(repo_dirs[s["project"]], lang, s)
    ext = os.path.splitext(s["path"])[1] if lang in ("javascript", "typescript") else L.SPECS[lang].case_ext
    rel = f"{L.EVAL_DIR}case_{c['id']}{ext}"
    body = L.unit_text(text, f)
    vt, off = L.variant_file(lang, f.kind, f.wrapper, body, c.get("variant") if c["type"] in (2, 3) else None, rel)
    return vt, off, rel


def hold_out(project, repo_dir):
    """Removes the project's held-out functions from `base` in one commit (their lines,
    from `first_line`: attributes and decorators too), checking each span and that the
    files still parse as well as before."""
    holdout = project.get("holdout", [])
    if not holdout:
        return
    lang = project["lang"]
    by_path = {}
    for h in holdout:
        by_path.setdefault(h["path"], []).append(h)
    for path, spans in by_path.items():
        for h in spans:
            original(repo_dir, lang, h)
        text = pybuild.show(repo_dir, pybuild.PINNED[repo_dir], path)
        drop = set()
        for h in spans:
            drop.update(range(h["first_line"], h["end_line"] + 1))
        lines = text.split("\n")
        new = "\n".join(l for i, l in enumerate(lines, 1) if i not in drop)
        if L.parse(lang, path, new).root_node.has_error and not L.parse(lang, path, text).root_node.has_error:
            raise ValueError(f"{path}: does not parse once {len(spans)} functions are held out")
        with open(os.path.join(repo_dir, path), "w") as fh:
            fh.write(new)
    pybuild.run(["git", "commit", "-q", "--no-verify", "-am", f"dedupe-eval: hold out {len(holdout)} functions"],
                cwd=repo_dir)


def shifted(project, span):
    """*span* (at the pinned commit) as it lies in `base`, after the holdout removal."""
    removed = 0
    for h in project.get("holdout", []):
        if h["path"] != span["path"]:
            continue
        if h["first_line"] <= span["end_line"] and span["start_line"] <= h["end_line"]:
            raise ValueError(f"expected {span} overlaps held-out {h}")
        if h["end_line"] < span["start_line"]:
            removed += h["end_line"] - h["first_line"] + 1
    return {"path": span["path"], "qualname": span["qualname"],
            "start_line": span["start_line"] - removed, "end_line": span["end_line"] - removed}


def build(labels_path, out, mirror_dir=None, sources=(), clone=False, langs=(), projects=()):
    labels = json.load(open(labels_path))
    out = os.path.abspath(out)
    os.makedirs(out, exist_ok=True)
    byname = {p["name"]: p for p in labels["projects"]}
    cases = [c for c in labels["cases"] if (not langs or c["lang"] in langs)
             and (not projects or c["project"] in projects)]
    targets = sorted({c["project"] for c in cases})
    needed = set(targets) | {c["source"]["project"] for c in cases if c["type"] == "negative"}
    args = SimpleNamespace(source=list(sources), mirror_dir=mirror_dir, clone=clone)
    repo_dirs = {}
    for name in sorted(needed):
        p = byname[name]
        repo_dirs[name] = os.path.join(out, name)
        print(f"fetching {p['repo']}@{p['commit'][:12]} -> {repo_dirs[name]}", file=sys.stderr)
        pybuild.make_base({k: v for k, v in p.items() if k != "holdout"}, pybuild.source_for(p, args),
                          repo_dirs[name])
        hold_out(p, repo_dirs[name])
    result = {"labels_sha1": hashlib.sha1(open(labels_path, "rb").read()).hexdigest(),
              "projects": {}, "cases": []}
    for name in targets:
        repo_dir = repo_dirs[name]
        lang = byname[name]["lang"]
        pybuild.run(["git", "checkout", "-q", "-B", "pr", "base"], cwd=repo_dir)
        os.makedirs(os.path.join(repo_dir, L.EVAL_DIR), exist_ok=True)
        n = 0
        for c in cases:
            if c["project"] != name:
                continue
            text, off, rel = case_text(c, repo_dirs)
            if L.parse(lang, rel, text).root_node.has_error:
                raise ValueError(f"{c['id']}: case file does not parse")
            fn = L.case_function(lang, rel, text, off)
            if fn is None:
                raise ValueError(f"{c['id']}: no function in the case file")
            with open(os.path.join(repo_dir, rel), "w") as fh:
                fh.write(text)
            exp = None
            if c["type"] != "negative":
                if c["type"] == 4:       # the original as recorded (span, SHA-1)
                    original(repo_dir, lang, c["original"])
                exp = shifted(byname[name], c["original"])
            result["cases"].append({
                "id": c["id"], "lang": lang, "type": c["type"], "project": name, "split": c["split"],
                "set": c.get("set", "easy") if c["type"] == "negative" else "pairs",
                "new": {"path": rel, "name": fn.name, "qualname": fn.qualname,
                        "start_line": fn.start_line, "end_line": fn.end_line},
                "expected": exp, "token_similarity": c.get("token_similarity"),
                **({"source": {k: c["source"][k] for k in ("project", "path", "qualname")}}
                   if c["type"] == "negative" else {}),
            })
            n += 1
        pybuild.run(["git", "add", L.EVAL_DIR], cwd=repo_dir)
        pybuild.run(["git", "commit", "-q", "--no-verify", "-m", f"dedupe-eval: add {n} functions"], cwd=repo_dir)
        base = pybuild.run(["git", "rev-parse", "base"], cwd=repo_dir).stdout.decode().strip()
        pr = pybuild.run(["git", "rev-parse", "pr"], cwd=repo_dir).stdout.decode().strip()
        result["projects"][name] = {"dir": name, "lang": lang, "repo": byname[name]["repo"],
                                    "base": base, "pr": pr, "cases": n}
        print(f"{name}: {n} cases, base {base[:12]} pr {pr[:12]}", file=sys.stderr)
    with open(os.path.join(out, "cases.json"), "w") as fh:
        json.dump(result, fh, indent=1)
        fh.write("\n")
    print(f"wrote {os.path.join(out, 'cases.json')}: {len(result['cases'])} cases", file=sys.stderr)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", default=os.path.join(HERE, "labels.json"))
    ap.add_argument("--out", required=True, help="output directory (recreated per project)")
    ap.add_argument("--mirror-dir", help="bare mirrors as MIRROR/<owner>+<name>/repo")
    ap.add_argument("--source", action="append", default=[], metavar="NAME=PATH")
    ap.add_argument("--clone", action="store_true", help="fetch from GitHub (needs network)")
    ap.add_argument("--lang", action="append", default=[], help="only these languages")
    ap.add_argument("--project", action="append", default=[], help="only these target projects")
    a = ap.parse_args()
    build(a.labels, a.out, a.mirror_dir, a.source, a.clone, a.lang, a.project)


if __name__ == "__main__":
    main()
