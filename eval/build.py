#!/usr/bin/env python3
"""Rebuild the dedupe-check evaluation repositories from eval/labels.json.

For every project in labels.json this makes DIR/<project>, a git repository with
  branch `base`: the project's tree at the pinned commit (history depth 1 where possible);
  branch `pr`:   base + one new file per case, dedupe_eval/case_<id>.py, holding the case's
                 function as a module-level def (a type 1-4 variant of an existing function of
                 that project, or a negative: a real function of another project);
and writes DIR/cases.json: every new function and the existing function it duplicates
(path + span at base) or null for negatives.

Where the projects come from (first that applies, per project):
  --source NAME=PATH   a local clone (or bare git dir) of that project containing the pinned commit
  --mirror-dir DIR     fetched bare mirrors laid out as DIR/<owner>+<name>/repo
  --clone              fetch the pinned commit from https://github.com/<owner>/<name>.git

    python3 eval/build.py --mirror-dir MIRROR --out OUT
    python3 eval/build.py --clone --out OUT
    python3 eval/build.py --labels eval/labels_hard.json --mirror-dir MIRROR --out OUT_HARD

A project may list `holdout` functions (the hard set's semantic queries): their lines are
removed from `base` in one extra commit, so the PR re-adding them is the only copy, and the
expected spans of cases.json are those after the removal.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from evallib import apply_edits, apply_literals, apply_rename, func_text, functions  # noqa: E402

GIT_ENV = {
    "GIT_AUTHOR_NAME": "dedupe-eval", "GIT_AUTHOR_EMAIL": "dedupe-eval@example.invalid",
    "GIT_COMMITTER_NAME": "dedupe-eval", "GIT_COMMITTER_EMAIL": "dedupe-eval@example.invalid",
    "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def run(cmd, cwd=None, check=True):
    env = dict(os.environ, **GIT_ENV)
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {p.stderr.decode(errors='replace')}")
    return p


def source_for(project, args):
    for spec in args.source:
        name, _, path = spec.partition("=")
        if name == project["name"]:
            return os.path.abspath(path)
    if args.mirror_dir:
        gd = os.path.join(args.mirror_dir, project["repo"].replace("/", "+"), "repo")
        if os.path.isdir(gd):
            return os.path.abspath(gd)
    if args.clone:
        return project["clone_url"]
    raise SystemExit(f"no source for {project['name']} ({project['repo']}): give --source, "
                     f"--mirror-dir or --clone")


def make_base(project, src, repo_dir):
    """repo_dir := git repo whose branch `base` is the pinned commit."""
    commit = project["commit"]
    if os.path.exists(repo_dir):
        shutil.rmtree(repo_dir)
    os.makedirs(repo_dir)
    run(["git", "init", "-q", "-b", "base", repo_dir])
    run(["git", "config", "user.name", GIT_ENV["GIT_AUTHOR_NAME"]], cwd=repo_dir)
    run(["git", "config", "user.email", GIT_ENV["GIT_AUTHOR_EMAIL"]], cwd=repo_dir)
    # shallow fetch of one commit; fall back to a full fetch where the source refuses it,
    # and to copying the pinned tree blob by blob where the source lacks some objects (a
    # snapshot without its largest files)
    if run(["git", "fetch", "-q", "--depth=1", src, commit], cwd=repo_dir, check=False).returncode \
            and run(["git", "fetch", "-q", src, "+refs/heads/*:refs/remotes/src/*"], cwd=repo_dir,
                    check=False).returncode:
        if not os.path.isdir(src):
            raise RuntimeError(f"cannot fetch {commit} from {src}")
        missing = export_tree(src, commit, repo_dir)
        # keep the bytes as they are (no end-of-line normalization by the project's .gitattributes)
        with open(os.path.join(repo_dir, ".git", "info", "attributes"), "w") as fh:
            fh.write("* -text\n")
        run(["git", "add", "-A"], cwd=repo_dir)
        run(["git", "commit", "-q", "--no-verify", "-m",
             f"tree of {commit} ({missing} blobs absent from the source)"], cwd=repo_dir)
        PINNED[repo_dir] = run(["git", "rev-parse", "HEAD"], cwd=repo_dir).stdout.decode().strip()
        print(f"  copied the tree of {commit[:12]} ({missing} blobs absent from the source)", file=sys.stderr)
    else:
        run(["git", "checkout", "-q", "-B", "base", commit], cwd=repo_dir)
        PINNED[repo_dir] = commit
    holdout = project.get("holdout", [])
    if holdout:
        by_path = {}
        for h in holdout:
            by_path.setdefault(h["path"], []).append(h)
        for path, spans in by_path.items():
            for h in spans:
                original_text(repo_dir, h)      # checks span and SHA-1 at the pinned commit
            lines = show(repo_dir, PINNED[repo_dir], path).splitlines(keepends=True)
            drop = set()
            for h in spans:
                drop.update(range(h["deco_line"], h["end_line"] + 1))
            text = "".join(l for i, l in enumerate(lines, 1) if i not in drop)
            ast.parse(text)
            with open(os.path.join(repo_dir, path), "w") as fh:
                fh.write(text)
        run(["git", "commit", "-q", "--no-verify", "-am", f"dedupe-eval: hold out {len(holdout)} functions"],
            cwd=repo_dir)


def export_tree(git_dir, commit, repo_dir):
    """Writes the files of *commit* of the bare repository *git_dir* into *repo_dir*;
    returns how many blobs the repository lacks (those files are left out)."""
    env = dict(os.environ, **GIT_ENV)
    ls = run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", commit]).stdout.decode().split("\0")
    entries = []
    for e in ls:
        if not e:
            continue
        meta, path = e.split("\t", 1)
        mode, typ, sha = meta.split()
        if typ == "blob" and mode != "120000":
            entries.append((sha, path))
    p = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, env=env)
    missing = 0
    for sha, path in entries:
        p.stdin.write(sha.encode() + b"\n")
        p.stdin.flush()
        head = p.stdout.readline().split()
        if len(head) < 3 or head[1] == b"missing":
            missing += 1
            continue
        data = p.stdout.read(int(head[2]))
        p.stdout.read(1)
        dest = os.path.join(repo_dir, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as fh:
            fh.write(data)
    p.stdin.close()
    p.wait()
    return missing


def shifted(project, span):
    """*span* (at the pinned commit) as it lies in `base`, after the holdout removal."""
    removed = 0
    for h in project.get("holdout", []):
        if h["path"] != span["path"]:
            continue
        if h["deco_line"] <= span["end_line"] and span["start_line"] <= h["end_line"]:
            raise ValueError(f"expected {span} overlaps held-out {h}")
        if h["end_line"] < span["start_line"]:
            removed += h["end_line"] - h["deco_line"] + 1
    return {"path": span["path"], "qualname": span["qualname"],
            "start_line": span["start_line"] - removed, "end_line": span["end_line"] - removed}


def show(repo_dir, rev, path):
    return run(["git", "show", f"{rev}:{path}"], cwd=repo_dir).stdout.decode("utf-8")


PINNED = {}   # repo_dir -> pinned commit (base may carry the holdout commit on top)


def original_text(repo_dir, span):
    src = show(repo_dir, PINNED[repo_dir], span["path"])
    for f in functions(span["path"], src):
        if f.qualname == span["qualname"] and f.start_line == span["start_line"]:
            if f.end_line != span["end_line"]:
                raise ValueError(f"span drift for {span}")
            text = func_text(src, f)
            if hashlib.sha1(text.encode()).hexdigest() != span["sha1"]:
                raise ValueError(f"text drift for {span}")
            return text
    raise ValueError(f"function not found: {span}")


def variant_text(case, repo_dirs):
    v = case.get("variant")
    if case["type"] == "negative":
        s = case["source"]
        return original_text(repo_dirs[s["project"]], s)
    if case["type"] == 4 and "source" in case:     # a real function of the project, held out
        s = case["source"]
        return original_text(repo_dirs[s["project"]], s)
    if case["type"] == 4:
        lines = open(os.path.join(HERE, "..", v["file"])).read().splitlines(keepends=True)
        while lines and (lines[0].startswith("#") or not lines[0].strip()):
            lines.pop(0)      # the provenance header
        return "".join(lines)
    text = original_text(repo_dirs[case["project"]], case["original"])
    if case["type"] == 1:
        return text
    text = apply_rename(text, v.get("rename", {}))
    if case["type"] == 2:
        return apply_literals(text, v.get("literals", []))
    return apply_edits(text, v.get("edits", []))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", default=os.path.join(HERE, "labels.json"))
    ap.add_argument("--out", required=True, help="output directory (recreated per project)")
    ap.add_argument("--mirror-dir")
    ap.add_argument("--source", action="append", default=[], metavar="NAME=PATH")
    ap.add_argument("--clone", action="store_true", help="fetch from GitHub (needs network)")
    ap.add_argument("--project", action="append", default=[],
                    help="only build these target projects (sources of negatives are still fetched)")
    args = ap.parse_args()

    labels = json.load(open(args.labels))
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    projects = {p["name"]: p for p in labels["projects"]}
    targets = args.project or [n for n in projects if any(c["project"] == n for c in labels["cases"])]
    cases = [c for c in labels["cases"] if c["project"] in targets]
    needed = set(targets) | {c["source"]["project"] for c in cases if c["type"] == "negative"}

    repo_dirs = {}
    for name in projects:
        if name not in needed:
            continue
        p = projects[name]
        repo_dirs[name] = os.path.join(out, name)
        print(f"fetching {p['repo']}@{p['commit'][:12]} -> {repo_dirs[name]}", file=sys.stderr)
        make_base(p, source_for(p, args), repo_dirs[name])

    result = {"labels_sha1": hashlib.sha1(open(args.labels, "rb").read()).hexdigest(),
              "projects": {}, "cases": []}
    for name in targets:
        repo_dir = repo_dirs[name]
        run(["git", "checkout", "-q", "-B", "pr", "base"], cwd=repo_dir)
        os.makedirs(os.path.join(repo_dir, "dedupe_eval"), exist_ok=True)
        n = 0
        for c in cases:
            if c["project"] != name:
                continue
            text = variant_text(c, repo_dirs)
            tree = ast.parse(text)
            defs = [x for x in tree.body if isinstance(x, (ast.FunctionDef, ast.AsyncFunctionDef))]
            if len(tree.body) != 1 or len(defs) != 1:
                raise ValueError(f"{c['id']}: variant is not exactly one def")
            fn = defs[0]
            rel = f"dedupe_eval/case_{c['id']}.py"
            with open(os.path.join(repo_dir, rel), "w") as fh:
                fh.write(text if text.endswith("\n") else text + "\n")
            exp, also = None, []
            if c["type"] != "negative":
                exp = shifted(projects[name], c["original"])
                also = [shifted(projects[name], o) for o in c.get("also_expected", [])]
                for e in [exp] + also:      # the expected text is where cases.json says, in base
                    src = show(repo_dir, "base", e["path"])
                    if not any(f.qualname == e["qualname"] and f.start_line == e["start_line"]
                               and f.end_line == e["end_line"] for f in functions(e["path"], src)):
                        raise ValueError(f"{c['id']}: expected {e} not found in base")
            result["cases"].append({
                "id": c["id"], "type": c["type"], "project": name,
                "set": c.get("set", "regression"), "split": c["split"],
                **({"also_expected": also} if also else {}),
                "new": {"path": rel, "name": fn.name, "start_line": fn.lineno, "end_line": fn.end_lineno},
                "expected": exp, "token_similarity": c.get("token_similarity"),
                **({"source": {k: c["source"][k] for k in ("project", "path", "qualname")}}
                   if c["type"] == "negative" else {}),
            })
            n += 1
        run(["git", "add", "dedupe_eval"], cwd=repo_dir)
        run(["git", "commit", "-q", "--no-verify", "-m", f"dedupe-eval: add {n} functions"], cwd=repo_dir)
        base = run(["git", "rev-parse", "base"], cwd=repo_dir).stdout.decode().strip()
        pr = run(["git", "rev-parse", "pr"], cwd=repo_dir).stdout.decode().strip()
        run(["git", "checkout", "-q", "pr"], cwd=repo_dir)
        result["projects"][name] = {"dir": name, "repo": projects[name]["repo"],
                                    "base": base, "pr": pr, "cases": n}
        print(f"{name}: {n} cases, base {base[:12]} pr {pr[:12]}", file=sys.stderr)

    with open(os.path.join(out, "cases.json"), "w") as fh:
        json.dump(result, fh, indent=1)
        fh.write("\n")
    print(f"wrote {os.path.join(out, 'cases.json')}: {len(result['cases'])} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
