#!/usr/bin/env python3
"""Generate eval/lang/labels.json: per-language evaluation cases for JavaScript, TypeScript,
Go, Rust, Java, C, C++, C#, Kotlin and PHP, from two pinned public projects per language; with --set large,
eval/lang/labels_large.json: the same kinds of cases drawn from one large project per
language (at least 5 000 functions outside tests), whose negatives come from the language's
first project of labels.json.

Only needed to regenerate the labels (build.py rebuilds the sets from them):

    python eval/lang/make_labels.py --mirror-dir MIRROR [--set large] [--bin BIN] [--lang go ...]

MIRROR holds bare mirrors as MIRROR/<owner>+<name>/repo.  With --bin (a dedupe-check
binary) every case is built and checked: a case whose function the binary does not check
is reported and dropped.  Seeded (SEED), so a rerun on the same mirrors gives the same file.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from difflib import SequenceMatcher

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import langlib as L  # noqa: E402

SEED = 20250612
PROJECTS = [
    # name, language, owner/repo, pinned commit
    ("axios", "javascript", "axios/axios", "23a25af0688d1db2c396deb09229d2271cc24f6c"),
    ("lodash", "javascript", "lodash/lodash", "9429a4ee03056e5b7be9a85a54571d7630f05983"),
    ("zod", "typescript", "colinhacks/zod", "e516c3baf22615e20934116abebfed6c000222c2"),
    ("vue", "typescript", "vuejs/core", "e2bede96134f757aad5c5b33ac9be055022dbfc8"),
    ("gin", "go", "gin-gonic/gin", "dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9"),
    ("cobra", "go", "spf13/cobra", "adbc8813901bba65827259daa8e22ff94ec1f30e"),
    ("ripgrep", "rust", "BurntSushi/ripgrep", "3fce3b5bb0236da2df6d99672afb8a719642eca7"),
    ("serde", "rust", "serde-rs/serde", "1023d077510b4aef36a41ef56fdb7798568a2654"),
    ("gson", "java", "google/gson", "9835b6f90192f79cdf5300c528fc6212455fb6c1"),
    ("commons-lang", "java", "apache/commons-lang", "d15939ef46f0bd4144994df8be95cf5a7f91eb52"),
    ("redis", "c", "redis/redis", "4f8cdc2a1ea53e42955af758aabffee67cb455dd"),
    ("curl", "c", "curl/curl", "5c61e168698a72b87437d58ed728bcdea6d5db42"),
    ("re2", "cpp", "google/re2", "972a15cedd008d846f1a39b2e88ce48d7f166cbd"),
    ("leveldb", "cpp", "google/leveldb", "78a352f47ed6c1e9d750545e9b242289185b87e1"),
    ("newtonsoft-json", "csharp", "JamesNK/Newtonsoft.Json", "09bb545d72969ad7fb4ea07db0d5c34f4fc07877"),
    ("dapper", "csharp", "DapperLib/Dapper", "6d48ef664acc7298c649e2d449d903b3360d5a90"),
    ("ktor", "kotlin", "ktorio/ktor", "ef92e5537d7465961f1b3f2b21e217fc35bcfa1f"),
    ("kotlinx-coroutines", "kotlin", "Kotlin/kotlinx.coroutines", "792ac67bdcd5592e5764753e623a9e8c6e4bcb29"),
    ("laravel", "php", "laravel/framework", "bd71b45fbb7e672957bf6ff61baddefe15fbca6a"),
    ("composer", "php", "composer/composer", "eba7baa59eb1b59246cf9800b0120fe78915b6ac"),
]
# one large project per language: the haystack of labels_large.json
LARGE_PROJECTS = [
    ("webpack", "javascript", "webpack/webpack", "bc3e930f75e3f6ecbdf193a0dedf6067ea3a286b"),
    ("playwright", "typescript", "microsoft/playwright", "d4e1023f6c03a8dced50eb3db88c2217e7c1a86a"),
    ("temporal", "go", "temporalio/temporal", "6805caea59e35d0611ed96be69641b8d86bff11c"),
    ("rust-analyzer", "rust", "rust-lang/rust-analyzer", "d2e55da49132fa70a13dfbdc99122432b02cf464"),
    ("jackson-databind", "java", "FasterXML/jackson-databind", "3ff375f6cafa9696f43c5ba6f1d607cbd4ea20da"),
]
N_PER_TYPE_LARGE = 20
N_NEG_LARGE = 40
SHORT = {"javascript": "js", "typescript": "ts", "go": "go", "rust": "rs", "java": "java", "c": "c", "cpp": "cpp", "csharp": "cs", "kotlin": "kt", "php": "php"}
N_PER_TYPE = 38              # originals per type and language (before the binary's check)
N_NEG_PER_PROJECT = 32       # negatives added to each project's PR (from the other project)
MIN_LINES, MAX_LINES = 5, 80
MIN_STATEMENTS = 3
MIN_CODE_TOKENS = 40
AMBIGUOUS_SIM = 0.85
NEGATIVE_MAX_SIM = 0.75
WRAPPABLE = {"free", "method", "bound", "impl_method", "assign"}


def git(gd, *args) -> bytes:
    return subprocess.run(["git", "--git-dir", gd, *args], check=True, capture_output=True).stdout


def library_file(lang, path) -> bool:
    s = L.SPECS[lang]
    return not re.search(s.test_re, path) and not path.startswith(L.EVAL_DIR)


class Repo:
    """Every function of one project's snapshot (files of its language)."""

    def __init__(self, name, lang, gd, commit):
        self.name, self.lang, self.gd, self.commit = name, lang, gd, commit
        self.funcs = []          # (Func, text of its file, normalized tokens, library?)
        for p in git(gd, "ls-tree", "-r", "--name-only", commit).decode().splitlines():
            if L.lang_of_path(p) != lang:
                continue
            try:
                text = git(gd, "show", f"{commit}:{p}").decode("utf-8")
            except (subprocess.CalledProcessError, UnicodeDecodeError):
                continue
            if not L.indexable(lang, p, text):       # vendored, built or generated: neither side
                continue
            lib = library_file(lang, p)
            tree = L.parse(lang, p, text)
            fs = L.functions(lang, p, text, tree)
            for f in fs:
                self.funcs.append((f, text, L.normalized_tokens(lang, f.node), lib))

    def eligible(self):
        out = []
        for i, (f, text, toks, lib) in enumerate(self.funcs):
            n = f.end_line - f.start_line + 1
            if not lib or f.kind not in WRAPPABLE or f.nested or f.in_test or not (MIN_LINES <= n <= MAX_LINES):
                continue
            if L.statement_count(self.lang, f.node) < MIN_STATEMENTS or len(L.code_tokens(self.lang, f.node)) < MIN_CODE_TOKENS:
                continue
            # no named function inside (it would be a second function of the case file)
            if any(g.path == f.path and g is not f and f.unit.start_byte <= g.unit.start_byte and g.unit.end_byte <= f.unit.end_byte
                   for g, *_ in self.funcs_in(f.path)):
                continue
            out.append(i)
        return out

    def funcs_in(self, path):
        if not hasattr(self, "_by_path"):
            self._by_path = {}
            for x in self.funcs:
                self._by_path.setdefault(x[0].path, []).append(x)
        return self._by_path.get(path, [])

    def max_sim(self, toks, skip=None, stop=1.01):
        """Highest normalized-token ratio of *toks* to a function of this repo (skip: index)."""
        sm = SequenceMatcher(None, autojunk=False)
        sm.set_seq2(toks)
        best = 0.0
        n = len(toks)
        for j, (g, _, gt, _) in enumerate(self.funcs):
            if j == skip or not gt:
                continue
            m = len(gt)
            if 2 * min(n, m) / (n + m) <= best:
                continue
            sm.set_seq1(gt)
            if sm.real_quick_ratio() <= best or sm.quick_ratio() <= best:
                continue
            r = sm.ratio()
            if r > best:
                best = r
                if best >= stop:
                    return best
        return best


def span(repo: Repo, i):
    f, text, _, _ = repo.funcs[i]
    return {"project": repo.name, "path": f.path, "qualname": f.qualname, "start_line": f.start_line,
            "end_line": f.end_line, "sha1": L.sha1(L.unit_text(text, f))}


# ------------------------------------------------------------------ renames

WORDS = ["item", "entry", "result", "data", "node", "elem", "current", "tmp", "payload", "part",
         "chunk", "token", "record", "spec", "target", "source", "handle", "ref", "unit", "piece",
         "slot", "cell", "field", "arg", "thing", "element", "member", "val", "acc", "input"]
SYNONYMS = {"value": "val", "result": "res", "name": "label", "key": "k", "ctx": "context",
            "context": "ctx", "request": "req", "response": "resp", "args": "params", "path": "location",
            "text": "content", "data": "payload", "item": "element", "items": "elements", "e": "err",
            "err": "failure", "error": "failure", "buf": "buffer", "url": "address", "node": "vertex",
            "fn": "func", "func": "callback", "i": "idx", "n": "count", "x": "elem", "s": "str",
            "v": "val", "k": "key", "config": "cfg", "options": "opts", "opts": "settings",
            "str": "text", "c": "ch", "b": "bytes", "idx": "pos", "index": "position", "len": "size",
            "length": "size", "cmd": "command", "obj": "target", "array": "list", "object": "record"}


def style(lang, a, b):
    if L.SPECS[lang].camel:
        return a + b[:1].upper() + b[1:]
    return f"{a}_{b}"


def new_name(lang, rng, old, taken):
    cands = []
    if old in SYNONYMS:
        cands.append(SYNONYMS[old])
    core = old.strip("_$")
    if len(core) > 4:
        cands.append(core[0] + re.sub(r"[aeiou]", "", core[1:]))
    w = rng.choice(WORDS)
    cands += [style(lang, w, core) if core else w, style(lang, core, rng.choice(["obj", "val", "ref", "tmp", "new"])),
              w + str(rng.randint(1, 9))]
    rng.shuffle(cands)
    for c in cands:
        if old[:1].isupper() and lang == "go":
            c = c[:1].upper() + c[1:]
        if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", c) and c not in taken and c != old \
                and c not in L.SPECS[lang].keywords:
            taken.add(c)
            return c
    i = 2
    while f"{old}{i}" in taken:
        i += 1
    taken.add(f"{old}{i}")
    return f"{old}{i}"


def make_rename(lang, rng, f: L.Func, fraction=1.0, include_name=True):
    names = L.binding_names(lang, f.node)
    if include_name and f.name and not f.ctor and f.name not in names and f.name != "constructor" \
            and re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", f.name) and f.name not in ("main", "new", "init"):
        names = [f.name] + names
    if fraction < 1.0:
        keep = [n for n in names if rng.random() < fraction]
        names = keep or names[:1]
    taken = {L.ntext(n) for n in L.walk(f.node) if n.child_count == 0}
    return {n: new_name(lang, rng, n, taken) for n in names}


def make_literals(lang, rng, f: L.Func, prob=0.7):
    out = []
    for i, n in enumerate(L.literal_nodes(f)):
        t = L.ntext(n)
        if rng.random() >= prob:
            continue
        if n.type in L.SPECS[lang].numbers:
            if re.fullmatch(r"\d{1,6}", t):
                out.append({"index": i, "sha1": L.sha1(t), "op": "add", "arg": 1})
        elif len(t) >= 2 and t[0] in "\"'`" and t[-1] == t[0] and "${" not in t and not t.startswith('"""') \
                and not (lang in ("kotlin", "php") and "$" in t) \
                and n.type not in ("rune_literal", "char_literal", "character_literal"):
            out.append({"index": i, "sha1": L.sha1(t), "op": "append", "arg": rng.choice(["_alt", "-x", "2", "_v"])})
    return out


# ------------------------------------------------------------------ statement edits

def body_statements(lang, fnode):
    body = fnode.child_by_field_name("body")
    if lang == "kotlin":
        fb = [c for c in fnode.named_children if c.type == "function_body"]
        body = fb[0].named_children[0] if fb and fb[0].named_children else None
    if body is None:
        return []
    kids = [c for c in body.named_children if c.type not in L.SPECS[lang].comments]
    if lang == "kotlin" and kids and kids[0].type == "statements":
        kids = [c for c in kids[0].named_children if c.type not in L.SPECS[lang].comments]
    if lang == "go" and kids and kids[0].type == "statement_list":
        kids = [c for c in kids[0].named_children if c.type not in L.SPECS[lang].comments]
    return kids


def starts_line(src: bytes, node) -> bool:
    ls = src.rfind(b"\n", 0, node.start_byte) + 1
    return not src[ls:node.start_byte].strip()


def ends_line(src: bytes, node) -> bool:
    le = src.find(b"\n", node.end_byte)
    le = len(src) if le < 0 else le
    return not src[node.end_byte:le].strip()


FLIP = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "==", "===": "!==", "!==": "==="}
DELETABLE = {"javascript": {"expression_statement"}, "typescript": {"expression_statement"},
             "go": {"expression_statement", "assignment_statement", "inc_statement", "dec_statement"},
             "rust": {"expression_statement"}, "java": {"expression_statement"},
             "c": {"expression_statement"}, "cpp": {"expression_statement"},
             "csharp": {"expression_statement"}, "kotlin": {"call_expression", "assignment"},
             "php": {"expression_statement"}}


def insert_templates(lang, var):
    if lang in ("javascript", "typescript"):
        t = ['console.debug("dedupe-eval checkpoint");']
        if var:
            t += [f'console.debug("dedupe-eval", {var});',
                  f'if ({var} === undefined) {{ throw new TypeError("missing {var}"); }}']
    elif lang == "go":
        t = ['log.Println("dedupe-eval checkpoint")']
        if var:
            t += [f'log.Printf("dedupe-eval %v", {var})', f'_ = {var}']
    elif lang == "rust":
        t = ['log::debug!("dedupe-eval checkpoint");', 'debug_assert!(true, "dedupe-eval");']
        if var:
            t += [f'let _ = &{var};']
    elif lang in ("c", "cpp"):
        t = ['fprintf(stderr, "dedupe-eval checkpoint\\n");']
        if var:
            t += [f'(void)({var});', f'fprintf(stderr, "dedupe-eval %p\\n", (void *)&{var});']
    elif lang == "php":
        t = ["error_log('dedupe-eval checkpoint');"]
        if var:
            t += [f"error_log('dedupe-eval ' . json_encode(${var}));", f"assert(isset(${var}) || true);"]
    elif lang == "kotlin":
        t = ['println("dedupe-eval checkpoint")']
        if var:
            t += [f'requireNotNull({var}) {{ "{var}" }}', f'println("dedupe-eval " + {var})']
    elif lang == "csharp":
        t = ['System.Console.WriteLine("dedupe-eval checkpoint");']
        if var:
            t += [f'System.ArgumentNullException.ThrowIfNull({var});',
                  f'System.Console.WriteLine("dedupe-eval " + {var});']
    else:
        t = ['System.out.println("dedupe-eval checkpoint");']
        if var:
            t += [f'java.util.Objects.requireNonNull({var}, "{var}");',
                  f'System.out.println("dedupe-eval " + {var});']
    return t


def make_edits(lang, rng, text, f: L.Func, n_edits, params):
    """1-3 statement edits on the case file *text* (renames applied), lines relative to f."""
    src = text.encode("utf-8")
    first = f.unit.start_point[0]
    stmts = body_statements(lang, f.node)
    inserts = [s for i, s in enumerate(stmts) if starts_line(src, s)
               and not (lang in ("java", "csharp") and i == 0)]
    deletes = []
    for n in L.walk(f.node):
        if n.type in DELETABLE[lang] and n.start_point[0] == n.end_point[0] and starts_line(src, n) \
                and ends_line(src, n) and not L.ntext(n).lstrip().startswith(("return", "super", "this(")) \
                and len([c for c in n.parent.named_children if c.type not in L.SPECS[lang].comments]) >= 2 \
                and not (lang == "kotlin" and n.parent.type not in ("block", "statements")):
            if lang == "rust" and not L.ntext(n).rstrip().endswith(";"):
                continue
            deletes.append(n)
    changes = []
    for n in L.walk(f.node):
        if n.type == "binary_expression":
            op = n.child_by_field_name("operator")
            if op is None:
                ops = [c for c in n.children if not c.is_named and L.ntext(c) in FLIP]
                op = ops[0] if ops else None
            if op is not None and L.ntext(op) in FLIP:
                changes.append((op, FLIP[L.ntext(op)]))
        elif n.type in L.SPECS[lang].numbers and re.fullmatch(r"\d{1,6}", L.ntext(n)):
            changes.append((n, str(int(L.ntext(n)) + 1)))
    edits, used = [], set()
    kinds = ["insert", "delete", "change"]
    tries = 0
    while len(edits) < n_edits and tries < 30:
        tries += 1
        k = rng.choice(kinds)
        if k == "insert" and inserts:
            s = rng.choice(inserts)
            line = s.start_point[0]
            if line in used:
                continue
            var = rng.choice(params) if params else None
            edits.append({"op": "insert", "line": line - first, "text": rng.choice(insert_templates(lang, var))})
            used.add(line)
        elif k == "delete" and deletes and statement_count_after(lang, f, edits) > MIN_STATEMENTS:
            s = rng.choice(deletes)
            line = s.start_point[0]
            if line in used:
                continue
            ls = src.split(b"\n")[line].decode("utf-8")
            edits.append({"op": "delete", "line": line - first, "sha1": L.sha1(ls)})
            used.add(line)
        elif k == "change" and changes:
            node, new = rng.choice(changes)
            line = node.start_point[0]
            if line in used or node.start_point[0] != node.end_point[0]:
                continue
            edits.append({"op": "change", "line": line - first, "col": node.start_point[1],
                          "len": node.end_byte - node.start_byte, "sha1": L.sha1(L.ntext(node)), "new": new})
            used.add(line)
    return edits


def statement_count_after(lang, f, edits):
    return L.statement_count(lang, f.node) - sum(e["op"] == "delete" for e in edits)


# ------------------------------------------------------------------ main

def ext_for(lang, path):
    if lang in ("javascript", "typescript"):
        return os.path.splitext(path)[1]
    return L.SPECS[lang].case_ext


def check_variant(lang, path, text, off, orig_toks_code):
    tree = L.parse(lang, path, text)
    if tree.root_node.has_error:
        return None, "parse error"
    f = L.case_function(lang, path, text, off)
    if f is None:
        return None, "function not found"
    if L.statement_count(lang, f.node) < MIN_STATEMENTS or len(L.normalized_tokens(lang, f.node)) < 30:
        return None, "too small"
    sim = SequenceMatcher(None, orig_toks_code, L.code_tokens(lang, f.node), autojunk=False).ratio()
    return f, round(sim, 4)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror-dir", required=True)
    ap.add_argument("--set", choices=["small", "large"], default="small",
                    help="small: two projects per language (labels.json); large: one large project per language")
    ap.add_argument("--out", help="default eval/lang/labels.json, or labels_large.json for --set large")
    ap.add_argument("--bin", help="dedupe-check binary: drop cases whose function it does not check")
    ap.add_argument("--lang", action="append", default=[])
    args = ap.parse_args()
    large = args.set == "large"
    args.out = args.out or os.path.join(HERE, "labels_large.json" if large else "labels.json")

    langs = args.lang or ([p[1] for p in LARGE_PROJECTS] if large else list(SHORT))
    old = json.load(open(args.out)) if os.path.exists(args.out) and args.lang else {"cases": [], "dropped": []}

    def entry(n, lg, r, c):
        return {"name": n, "lang": lg, "repo": r, "commit": c, "clone_url": f"https://github.com/{r}.git"}
    if large:
        # the large project takes every original; the negatives come from the first small one
        projects = [entry(*p) for p in LARGE_PROJECTS]
        projects += [entry(*next(q for q in PROJECTS if q[1] == p[1])) for p in LARGE_PROJECTS]
    else:
        projects = [entry(*p) for p in PROJECTS]
    per_type, n_neg = (N_PER_TYPE_LARGE, N_NEG_LARGE) if large else (N_PER_TYPE, N_NEG_PER_PROJECT)
    cases = [c for c in old["cases"] if c["lang"] not in langs]
    dropped = [d for d in old.get("dropped", []) if d["lang"] not in langs]
    for lang in langs:
        rng = random.Random(f"{SEED}-large-{lang}" if large else f"{SEED}-{lang}")
        names = [p for p in projects if p["lang"] == lang]
        targets = names[:1] if large else names
        repos = {}
        for p in names:
            gd = os.path.join(args.mirror_dir, p["repo"].replace("/", "+"), "repo")
            repos[p["name"]] = Repo(p["name"], lang, gd, p["commit"])
            print(f"{lang}/{p['name']}: {len(repos[p['name']].funcs)} functions", file=sys.stderr)
        # originals: unambiguous eligible functions, split between the projects by pool size
        pools = {}
        for n, repo in repos.items():
            el = repo.eligible()
            rng.shuffle(el)
            pools[n] = el
            print(f"  {n}: {len(el)} eligible", file=sys.stderr)
        total = 3 * per_type
        sizes = {p["name"]: len(pools[p["name"]]) for p in targets}
        quota = {n: round(total * s / sum(sizes.values())) for n, s in sizes.items()}
        first = names[0]["name"]
        quota[first] += total - sum(quota.values())
        chosen = {}
        for n in quota:
            repo = repos[n]
            chosen[n] = []
            for i in pools[n]:
                if len(chosen[n]) >= quota[n]:
                    break
                f, text, toks, _ = repo.funcs[i]
                # the case file must parse as it will be built
                body = L.unit_text(text, f)
                cf, off = L.case_file(lang, f.kind, f.wrapper, body)
                if L.parse(lang, f.path, cf).root_node.has_error or L.case_function(lang, f.path, cf, off) is None:
                    continue
                if repo.max_sim(toks, skip=i, stop=AMBIGUOUS_SIM) >= AMBIGUOUS_SIM:
                    continue
                chosen[n].append(i)
            print(f"  {n}: {len(chosen[n])} originals (quota {quota[n]})", file=sys.stderr)
        seq = [(n, i) for n in chosen for i in chosen[n]]
        rng.shuffle(seq)
        counter = {}
        for k, (n, i) in enumerate(seq):
            typ = 1 + k % 3
            repo = repos[n]
            f, text, toks, _ = repo.funcs[i]
            orig = span(repo, i)
            body = L.unit_text(text, f)
            wrapper = f.wrapper
            path = f"x{ext_for(lang, f.path)}"
            cf, off = L.case_file(lang, f.kind, wrapper, body)
            cfn = L.case_function(lang, path, cf, off)
            code = L.code_tokens(lang, cfn.node)
            variant = {}
            if typ == 2:
                variant = {"rename": make_rename(lang, rng, cfn), "literals": make_literals(lang, rng, cfn)}
            elif typ == 3:
                variant = {"rename": make_rename(lang, rng, cfn, fraction=0.5)}
                mid, _ = L.variant_file(lang, f.kind, wrapper, body, variant, path)
                mf = L.case_function(lang, path, mid, off)
                st = L.statement_count(lang, cfn.node)
                n_ed = 1 + (st >= 6) + (st >= 12)
                params = L.binding_names(lang, mf.node)[:3] if mf else []
                variant["edits"] = make_edits(lang, rng, mid, mf, n_ed, params) if mf else []
                if not variant["edits"]:
                    dropped.append({"lang": lang, "original": orig, "type": typ, "why": "no edit site"})
                    continue
            try:
                vt, _ = L.variant_file(lang, f.kind, wrapper, body, variant, path)
                vf, sim = check_variant(lang, path, vt, off, code)
            except (ValueError, IndexError) as e:
                vf, sim = None, str(e)
            if vf is None:
                dropped.append({"lang": lang, "original": orig, "type": typ, "why": sim})
                continue
            counter[(n, typ)] = counter.get((n, typ), 0) + 1
            cid = f"{SHORT[lang]}-{n}-t{typ}-{counter[(n, typ)]:03d}"
            cases.append({"id": cid, "lang": lang, "project": n, "type": typ,
                          "split": L.split_of(f"{n}:{orig['path']}:{orig['qualname']}"),
                          "original": orig, "variant": variant, "token_similarity": sim})
        # negatives: eligible functions of the other project, not too similar to the target
        for n in quota:
            repo = repos[n]
            other = [m for m in repos if m != n][0]
            src = repos[other]
            cnt = 0
            for i in pools[other]:
                if cnt >= n_neg:
                    break
                f, text, toks, _ = src.funcs[i]
                cf, off = L.case_file(lang, f.kind, f.wrapper, L.unit_text(text, f))
                if L.parse(lang, f.path, cf).root_node.has_error or L.case_function(lang, f.path, cf, off) is None:
                    continue
                ms = repo.max_sim(toks, stop=NEGATIVE_MAX_SIM)
                if ms >= NEGATIVE_MAX_SIM:
                    dropped.append({"lang": lang, "source": span(src, i), "type": "negative", "why": f"similar {ms:.2f}"})
                    continue
                cnt += 1
                s = span(src, i)
                cases.append({"id": f"{SHORT[lang]}-{n}-neg-{cnt:03d}", "lang": lang, "project": n, "type": "negative",
                              "split": L.split_of(f"{other}:{s['path']}:{s['qualname']}"),
                              "source": s, "max_similarity_to_target": round(ms, 4)})
        print(f"  {lang}: {sum(c['lang'] == lang and c['type'] != 'negative' for c in cases)} pairs, "
              f"{sum(c['lang'] == lang and c['type'] == 'negative' for c in cases)} negatives", file=sys.stderr)

    doc = {"generator": "eval/lang/make_labels.py" + (" --set large" if large else ""), "seed": SEED,
           "projects": projects,
           "cases": cases, "dropped": dropped}
    if args.bin:
        doc = check_with_binary(doc, args, langs)
    with open(args.out, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print(f"wrote {args.out}: {len(doc['cases'])} cases", file=sys.stderr)


def check_with_binary(doc, args, langs):
    """Build the sets and drop cases whose function the binary does not check."""
    import importlib.util

    def load(name):
        spec = importlib.util.spec_from_file_location(f"lang_{name}", os.path.join(HERE, f"{name}.py"))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    build, scorer = load("build"), load("run")
    with tempfile.TemporaryDirectory() as tmp:
        labels = os.path.join(tmp, "labels.json")
        json.dump(doc, open(labels, "w"))
        out = os.path.join(tmp, "out")
        build.build(labels, out, mirror_dir=args.mirror_dir, langs=langs)
        unchecked = scorer.unchecked_cases(out, os.path.abspath(args.bin))
    keep = []
    for c in doc["cases"]:
        if c["id"] in unchecked:
            doc["dropped"].append({"lang": c["lang"], "id": c["id"], "type": c["type"],
                                   "why": "not checked by the binary"})
            print(f"  dropped {c['id']}: not checked by the binary", file=sys.stderr)
        else:
            keep.append(c)
    doc["cases"] = keep
    return doc


if __name__ == "__main__":
    main()
