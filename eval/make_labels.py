#!/usr/bin/env python3
"""Generate eval/labels.json from fetched mirrors of the pinned projects.

This is how labels.json was made; it is committed for transparency. You do NOT need
to run it to rebuild the evaluation set (build.py only reads labels.json). Running it
again with the same mirrors, commits and seed reproduces labels.json.

    python3 eval/make_labels.py --mirror-dir MIRROR [--seed 20250611] [--out eval/labels.json]
"""
from __future__ import annotations

import argparse
import ast
import builtins
import difflib
import hashlib
import json
import keyword
import os
import random
import re
import sys
import tokenize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evallib import (apply_edits, apply_literals, apply_mutation, apply_rename,  # noqa: E402
                     body_statements, split_of,
                     code_tokens, func_text, functions, ls_py, normalized_tokens, show)

PROJECTS = [
    # name, GitHub repo, library source prefix (originals and negatives are taken from here)
    ("requests", "psf/requests", "src/requests/"),
    ("flask", "pallets/flask", "src/flask/"),
    ("click", "pallets/click", "src/click/"),
    ("attrs", "python-attrs/attrs", "src/"),
    ("jinja", "pallets/jinja", "src/jinja2/"),
]
N_PER_TYPE = {1: 60, 2: 60, 3: 60}
N_NEGATIVES = 250
MIN_CODE_TOKENS = 40          # code tokens (docstring excluded) of originals / negatives
MAX_LINES = 80
AMBIGUOUS_SIM = 0.85          # original excluded if another repo function is this similar
NEGATIVE_MAX_SIM = 0.75       # negative excluded if a target function is this similar


def mirror_git_dir(mirror_dir: str, repo: str) -> str:
    return os.path.join(mirror_dir, repo.replace("/", "+"), "repo")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def n_code_tokens(text: str) -> int:
    return len([t for t in normalized_tokens(text)])


def has_nested_scope(node) -> bool:
    return any(isinstance(x, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))
               for x in ast.walk(node) if x is not node)


class Sim:
    def __init__(self, pool):
        self.pool = pool  # list of (key, normalized tokens)

    def max(self, toks, skip=None):
        best, bkey = 0.0, None
        sm = difflib.SequenceMatcher(None, autojunk=False)
        sm.set_seq2(toks)
        for key, nt in self.pool:
            if key == skip:
                continue
            sm.set_seq1(nt)
            if sm.real_quick_ratio() <= best or sm.quick_ratio() <= best:
                continue
            r = sm.ratio()
            if r > best:
                best, bkey = r, key
        return best, bkey


# ----------------------------------------------------------------- renaming

WORDS = ["item", "entry", "result", "data", "obj", "node", "elem", "current", "tmp", "payload",
         "part", "chunk", "token", "record", "spec", "target", "source", "handle", "ref", "unit",
         "piece", "slot", "cell", "field", "arg", "thing", "element", "member", "val", "acc"]
SYNONYMS = {"value": "val", "result": "res", "name": "label", "key": "k", "rv": "ret",
            "ctx": "context", "context": "ctx", "request": "req", "response": "resp",
            "args": "params", "kwargs": "options", "path": "location", "filename": "fname",
            "text": "content", "string": "s", "data": "payload", "obj": "target",
            "item": "element", "items": "elements", "e": "err", "exc": "error", "f": "fh",
            "buf": "buffer", "url": "address", "node": "vertex", "env": "environment",
            "cls": "klass", "fn": "func", "func": "callback", "i": "idx", "n": "count",
            "x": "elem", "s": "text", "v": "val", "k": "key", "rv": "out", "attr": "attribute",
            "template": "tmpl", "loader": "ldr", "param": "parameter", "params": "parameters",
            "stream": "fileobj", "encoding": "charset", "app": "application", "host": "hostname"}


def used_names(text: str) -> set[str]:
    tree = ast.parse(text)
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.arg):
            out.add(n.arg)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.add(n.name)
    return out


def renamable(text: str) -> list[str]:
    """Parameters, locals and the function's own name, in first-seen order."""
    tree = ast.parse(text)
    fn = tree.body[0]
    banned = set()
    for n in ast.walk(fn):
        if isinstance(n, (ast.Global, ast.Nonlocal)):
            banned.update(n.names)
        if isinstance(n, ast.JoinedStr):
            banned.update(x.id for x in ast.walk(n) if isinstance(x, ast.Name))
    locals_ = [fn.name]
    a = fn.args
    for arg in a.posonlyargs + a.args + a.kwonlyargs + [x for x in (a.vararg, a.kwarg) if x]:
        if arg.arg not in ("self", "cls"):
            locals_.append(arg.arg)
    for n in ast.walk(fn):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            locals_.append(n.id)
    # except-as names are plain strings in the AST: leave them alone (and their uses)
    for n in ast.walk(fn):
        if isinstance(n, ast.ExceptHandler) and n.name:
            banned.add(n.name)
    out = []
    for name in locals_:
        if name not in out and name not in banned and name != "_" and not name.startswith("__"):
            out.append(name)
    return out


def new_name(rng: random.Random, old: str, taken: set[str]) -> str:
    cands = []
    if old in SYNONYMS:
        cands.append(SYNONYMS[old])
    core = old.strip("_")
    if len(core) > 4:
        cands.append(core[0] + re.sub(r"[aeiou]", "", core[1:]))
    cands += [f"{rng.choice(WORDS)}_{core}" if core else rng.choice(WORDS),
              f"{core}_{rng.choice(['obj', 'val', 'ref', 'tmp', 'x', 'new'])}",
              rng.choice(WORDS) + str(rng.randint(1, 9))]
    rng.shuffle(cands)
    for c in cands:
        c = ("_" if old.startswith("_") and not c.startswith("_") else "") + c
        if c.isidentifier() and not keyword.iskeyword(c) and c not in taken and c != old \
                and not hasattr(builtins, c):
            taken.add(c)
            return c
    i = 2
    while f"{old}_{i}" in taken:
        i += 1
    taken.add(f"{old}_{i}")
    return f"{old}_{i}"


def make_rename(rng, text, fraction=1.0):
    names = renamable(text)
    if fraction < 1.0:
        names = [n for n in names if rng.random() < fraction]
    taken = used_names(text) | set(dir(builtins))
    return {n: new_name(rng, n, taken) for n in names}


# ----------------------------------------------------------------- literals

def mutate_str(rng, s: str):
    """(op, arg) of a change to string value *s* (see evallib.str_op)."""
    if not s:
        return "set", rng.choice(["-", "none", "?"])
    if any(c.isalpha() for c in s):
        choice = rng.randrange(3)
        if choice == 0 and s != s.upper():
            return "upper", None
        if choice == 1 and len(s.split(" ")) > 1:
            return "reverse_words", None
        return "append", rng.choice(["_alt", " (2)", "!", ".x"])
    return "double_last", None


def literal_sites(text: str):
    tree = ast.parse(text)
    fn = tree.body[0]
    doc = None
    if fn.body and isinstance(fn.body[0], ast.Expr) and isinstance(fn.body[0].value, ast.Constant) \
            and isinstance(fn.body[0].value.value, str):
        doc = fn.body[0].value
    inside_f = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.JoinedStr):
            inside_f.update(id(x) for x in ast.walk(n))
    lines = text.splitlines(keepends=True)
    out = []
    for n in ast.walk(fn):
        if not isinstance(n, ast.Constant) or n is doc or id(n) in inside_f:
            continue
        if isinstance(n.value, bool) or n.value is None or n.value is Ellipsis:
            continue
        if not isinstance(n.value, (str, int, float)) or n.lineno != n.end_lineno:
            continue
        raw = lines[n.lineno - 1].encode()[n.col_offset:n.end_col_offset].decode()
        try:
            if ast.literal_eval(raw) != n.value:   # implicit concatenation etc.
                continue
        except Exception:
            continue
        if isinstance(n.value, str) and not re.fullmatch(r"[rRuU]?(\"[^\"\\]*\"|'[^'\\]*')", raw):
            continue   # keep it simple: no escapes, no triple quotes, no byte strings
        out.append((n, raw))
    return out


def make_literals(rng, text, prob=0.7):
    sites = literal_sites(text)
    chosen = [s for s in sites if rng.random() < prob]
    if sites and not chosen:
        chosen = [rng.choice(sites)]
    out = []
    for n, raw in chosen:
        v = n.value
        d = {"line": n.lineno, "col": n.col_offset, "end_col": n.end_col_offset, "sha1": sha1(raw)}
        if isinstance(v, str):
            d["op"], d["arg"] = mutate_str(rng, v)
        elif isinstance(v, int):
            d["op"], d["arg"] = "add", rng.choice([1, 2, 10])
        else:
            d["op"], d["arg"] = "double", None
        out.append(d)
    return sorted(out, key=lambda d: (d["line"], d["col"]))


# ----------------------------------------------------------------- statement edits

SIMPLE = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return, ast.Raise, ast.Assert)
FLIP = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE,
        ast.GtE: ast.Gt, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
BINOP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult,
         ast.Div: ast.Mult, ast.Mod: ast.FloorDiv, ast.BitOr: ast.BitAnd, ast.BitAnd: ast.BitOr}


def blocks_of(fn):
    """id(stmt) -> the list (block) that holds it."""
    out = {}
    for n in ast.walk(fn):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(n, field, None)
            if isinstance(block, list):
                for s in block:
                    if isinstance(s, ast.stmt):
                        out[id(s)] = block
        for h in getattr(n, "handlers", []) or []:
            for s in h.body:
                out[id(s)] = h.body
    return out


def mutate_stmt(rng, stmt, local_names):
    """A mutation record for *stmt* (applied by evallib.apply_mutation), or None."""
    nodes = list(ast.walk(stmt))
    options = []
    for i, n in enumerate(nodes):
        if isinstance(n, ast.Compare) and type(n.ops[0]) in FLIP:
            options.append(("cmp", i))
        elif isinstance(n, ast.BinOp) and type(n.op) in BINOP:
            options.append(("binop", i))
        elif isinstance(n, ast.Constant) and isinstance(n.value, (int, str)) \
                and not isinstance(n.value, bool):
            options.append(("const", i))
        elif isinstance(n, ast.Call):
            options.append(("call", i))
        elif isinstance(n, ast.BoolOp):
            options.append(("boolop", i))
    if isinstance(stmt, ast.Return) and stmt.value is not None:
        options.append(("or_none", 0))
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
        options.append(("ifexp", 0))
    if not options:
        return None
    kind, i = rng.choice(options)
    n = nodes[i]
    m = {"kind": kind, "node": i}
    if kind == "const":
        if isinstance(n.value, int):
            m["arg"] = 1
        else:
            m["op"], m["arg"] = mutate_str(rng, n.value)
    elif kind == "call":
        if n.args and rng.random() < 0.5:
            m["kind"] = "call_pop"
        else:
            m["kind"] = "call_kw"
            m["keyword"] = rng.choice(["strict", "default", "silent", "force"])
            m["value"] = rng.choice([True, False, None])
    elif kind == "ifexp":
        m["name"] = (rng.choice(local_names) if local_names else None) or "NotImplemented"
    return m


def insert_templates(fn_name, var, has_self):
    t = [f'logger.debug("{fn_name}: %r", {var})' if var else f'logger.debug("{fn_name} called")',
         f'assert {var} is not None, "{var} must be set"' if var else "assert True",
         f"if {var} is None:\n    return None" if var else "if not __debug__:\n    return None",
         f'print("{fn_name}", {var})' if var else f'print("{fn_name}")',
         f'warnings.warn("{fn_name} is deprecated", DeprecationWarning, stacklevel=2)',
         "_calls = globals().setdefault('_calls', 0) + 1"]
    if has_self:
        t.append(f"self._last_{fn_name.strip('_')} = {var or 'None'}")
    return t


def make_edits(rng, text, n_edits):
    tree = ast.parse(text)
    fn = tree.body[0]
    stmts = body_statements(fn)
    lines = text.splitlines(keepends=True)
    line_owner = {}
    for s in stmts:
        for l in range(s.lineno, s.end_lineno + 1):
            line_owner.setdefault(l, []).append(s)
    blocks = blocks_of(fn)
    simple = [s for s in stmts if isinstance(s, SIMPLE)
              and all(len([o for o in line_owner[l] if isinstance(o, SIMPLE)]) == 1
                      for l in range(s.lineno, s.end_lineno + 1))
              and lines[s.lineno - 1].lstrip().startswith(ast.unparse(s).split("(")[0][:3])]
    a = fn.args
    params = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs if x.arg not in ("self", "cls")]
    has_self = bool(a.args) and a.args[0].arg == "self"
    locals_ = params + [n.id for n in ast.walk(fn) if isinstance(n, ast.Name)
                        and isinstance(n.ctx, ast.Store)]
    used, removed_from = set(), {}
    edits = []
    ops = [rng.choice(["insert", "delete", "replace"]) for _ in range(n_edits)]
    for op in ops:
        rng.shuffle(simple)
        for s in simple:
            if id(s) in used:
                continue
            old = "".join(lines[s.lineno - 1:s.end_lineno])
            if op == "delete":
                block = blocks[id(s)]
                if len(block) - removed_from.get(id(block), 0) < 2:
                    continue
                removed_from[id(block)] = removed_from.get(id(block), 0) + 1
                edits.append({"op": "delete", "line": s.lineno, "end_line": s.end_lineno,
                              "sha1": sha1(old)})
            elif op == "replace":
                m = mutate_stmt(rng, s, locals_)
                if m is None or apply_mutation(s, m) == ast.unparse(s):
                    continue
                edits.append({"op": "replace", "line": s.lineno, "end_line": s.end_lineno,
                              "sha1": sha1(old), "mutation": m})
            else:
                var = rng.choice(locals_) if locals_ else None
                new = rng.choice(insert_templates(fn.name, var, has_self))
                edits.append({"op": "insert", "before": s.lineno, "new": new})
            used.add(id(s))
            break
    return edits


# ----------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror-dir", required=True)
    ap.add_argument("--seed", type=int, default=20250611)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "labels.json"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    here = os.path.dirname(os.path.abspath(__file__))

    projects, allf, texts, sims = [], {}, {}, {}
    for name, repo, prefix in PROJECTS:
        gd = mirror_git_dir(args.mirror_dir, repo)
        from evallib import git
        commit = git(gd, "rev-parse", "HEAD").decode().strip()
        projects.append({"name": name, "repo": repo, "commit": commit,
                         "clone_url": f"https://github.com/{repo}.git", "source_prefix": prefix})
        fs = []
        for p in ls_py(gd, commit):
            src = show(gd, commit, p)
            for f in functions(p, src):
                t = func_text(src, f)
                fs.append((f, t))
                texts[(name, p, f.qualname, f.start_line)] = t
        allf[name] = fs
        sims[name] = Sim([((name, f.path, f.qualname, f.start_line), normalized_tokens(t)) for f, t in fs])
        print(f"{name}: {commit} {len(fs)} functions", file=sys.stderr)

    def span(name, f):
        return {"path": f.path, "qualname": f.qualname, "start_line": f.start_line,
                "end_line": f.end_line, "sha1": sha1(texts[(name, f.path, f.qualname, f.start_line)])}

    # eligible functions of every project's library source
    eligible = {}
    for name, repo, prefix in PROJECTS:
        out = []
        for f, t in allf[name]:
            if not f.path.startswith(prefix):
                continue
            if len(body_statements(f.node)) < 3 or f.end_line - f.start_line + 1 < 5 \
                    or f.end_line - f.start_line + 1 > MAX_LINES or has_nested_scope(f.node):
                continue
            if n_code_tokens(t) < MIN_CODE_TOKENS:
                continue
            out.append(f)
        eligible[name] = out

    # type 4: hand-written files name their original
    cases = []
    used = set()
    t4 = []
    for fn in sorted(os.listdir(os.path.join(here, "type4"))):
        if not fn.endswith(".py"):
            continue
        head = open(os.path.join(here, "type4", fn)).read().splitlines()
        m = next(l for l in head if l.startswith("# original: "))
        repo, path, qualname = m[len("# original: "):].split()
        name = next(p[0] for p in PROJECTS if p[1] == repo)
        f = next(f for f, _ in allf[name] if f.path == path and f.qualname == qualname)
        used.add((name, f.path, f.qualname))
        t4.append({"id": fn[:-3], "type": 4, "project": name, "original": span(name, f),
                   "variant": {"file": f"eval/type4/{fn}"}})

    # unambiguous originals for types 1-3
    pool = []
    for name, _, _ in PROJECTS:
        for f in eligible[name]:
            if (name, f.path, f.qualname) in used:
                continue
            key = (name, f.path, f.qualname, f.start_line)
            s, _ = sims[name].max(normalized_tokens(texts[key]), skip=key)
            if s < AMBIGUOUS_SIM:
                pool.append((name, f))
    pool.sort(key=lambda x: (x[0], x[1].path, x[1].start_line))
    rng.shuffle(pool)
    print(f"unambiguous originals available: {len(pool)}", file=sys.stderr)

    counters = {1: 0, 2: 0, 3: 0}
    rest = []
    for name, f in pool:
        t = texts[(name, f.path, f.qualname, f.start_line)]
        typ = next((k for k in (1, 2, 3) if counters[k] < N_PER_TYPE[k]
                    and counters[k] == min(counters[j] for j in (1, 2, 3) if counters[j] < N_PER_TYPE[j])), None)
        if typ is None:
            rest.append((name, f))
            continue
        case = {"type": typ, "project": name, "original": span(name, f)}
        if typ == 1:
            case["variant"] = {"verbatim": True}
        elif typ == 2:
            rename = make_rename(rng, t)
            lits = make_literals(rng, apply_rename(t, rename))   # positions in the renamed text
            if not rename and not lits:
                rest.append((name, f))
                continue
            case["variant"] = {"rename": rename, "literals": lits}
        else:
            rename = make_rename(rng, t, fraction=0.5)
            renamed = apply_rename(t, rename)
            n = len(body_statements(ast.parse(renamed).body[0]))
            k = 1 + (n >= 6) + (n >= 12) + (n >= 20)
            for _attempt in range(20):
                # a variant the tool would skip as too small tests its size filter, not
                # clone detection: keep >= 3 statements and >= 30 code tokens
                edits = make_edits(rng, renamed, k)
                variant = apply_edits(renamed, edits)
                if edits and len(body_statements(ast.parse(variant).body[0])) >= 3 \
                        and n_code_tokens(variant) >= 30:
                    break
            else:
                edits = None
            if not edits:
                rest.append((name, f))
                continue
            case["variant"] = {"rename": rename, "edits": edits}
        counters[typ] += 1
        case["id"] = f"t{typ}_{counters[typ]:02d}"
        used.add((name, f.path, f.qualname))
        cases.append(case)
    cases += t4

    # negatives: real functions of another project, not similar to anything in the target
    negatives = []
    spare = [(n, f) for n, f in rest] + [(n, f) for n, _, _ in PROJECTS for f in eligible[n]
                                         if (n, f.path, f.qualname) not in used
                                         and (n, f) not in rest]
    seen = set()
    spare = [x for x in spare if not ((x[0], x[1].path, x[1].qualname) in seen
                                      or seen.add((x[0], x[1].path, x[1].qualname)))]
    spare.sort(key=lambda x: (x[0], x[1].path, x[1].start_line))
    rng.shuffle(spare)
    targets = [p[0] for p in PROJECTS]
    per_target = {t: 0 for t in targets}
    quota = N_NEGATIVES // len(targets)
    rejected = []
    for src_name, f in spare:
        if len(negatives) >= quota * len(targets):
            break
        key = (src_name, f.path, f.qualname, f.start_line)
        toks = normalized_tokens(texts[key])
        for tgt in sorted((t for t in targets if t != src_name and per_target[t] < quota),
                          key=lambda t: per_target[t]):
            s, best = sims[tgt].max(toks)
            if s >= NEGATIVE_MAX_SIM:
                rejected.append((key, tgt, round(s, 3), best))
                continue
            per_target[tgt] += 1
            negatives.append({"id": f"neg_{len(negatives) + 1:03d}", "type": "negative",
                              "project": tgt, "source": {"project": src_name, **span(src_name, f)},
                              "max_similarity_to_target": round(s, 3),
                              "most_similar_in_target": {"path": best[1], "qualname": best[2]}})
            used.add((src_name, f.path, f.qualname))
            break

    # diagnostics: token similarity of variant to original
    for c in cases:
        t = texts[(c["project"], c["original"]["path"], c["original"]["qualname"], c["original"]["start_line"])]
        v = c["variant"]
        if c["type"] == 1:
            nt = t
        elif c["type"] == 2:
            nt = apply_literals(apply_rename(t, v["rename"]), v["literals"])
        elif c["type"] == 3:
            nt = apply_edits(apply_rename(t, v["rename"]), v["edits"])
        else:
            nt = open(os.path.join(here, "..", v["file"])).read()
        ast.parse(nt)
        a = [s for _, s in code_tokens(t)]
        b = [s for _, s in code_tokens(nt)]
        c["token_similarity"] = round(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 3)

    # dev/test split by original function (negatives: by their source function)
    for c in cases + negatives:
        o = c["source"] if c["type"] == "negative" else c["original"]
        proj = o.get("project", c["project"])
        c["set"] = "regression"
        c["split"] = split_of(f"{proj}:{o['path']}:{o['qualname']}")

    labels = {
        "version": 1,
        "description": "dedupe-check evaluation set: labelled (new function, existing function) pairs "
                       "of clone types 1-4 and negatives; rebuilt by eval/build.py",
        "generator": {"script": "eval/make_labels.py", "seed": args.seed,
                      "min_code_tokens": MIN_CODE_TOKENS, "ambiguous_similarity": AMBIGUOUS_SIM,
                      "negative_max_similarity": NEGATIVE_MAX_SIM},
        "projects": projects,
        "cases": sorted(cases, key=lambda c: (c["type"], c["id"])) + negatives,
    }
    with open(args.out, "w") as fh:
        json.dump(labels, fh, indent=1)
        fh.write("\n")
    by = {}
    for c in labels["cases"]:
        by.setdefault((c["type"], c["project"]), 0)
        by[(c["type"], c["project"])] += 1
    for k in sorted(by, key=str):
        print(k, by[k], file=sys.stderr)
    print(f"negatives rejected as too similar: {len(rejected)}", file=sys.stderr)
    for r in rejected[:15]:
        print("  rejected", r, file=sys.stderr)


if __name__ == "__main__":
    main()
