#!/usr/bin/env bash
# `dedupe-check scan` of a whole tree, cold (empty function cache) and warm, side by side
# with jscpd 5.4.2 scanning the same tree, in one run; then the share of jscpd's
# function-sized clone pairs that are inside one of scan's clone classes (Python trees).
#
#   cargo build --release
#   bench/scan.sh SYMPY e950d313a932bc6cccbc95376b3821cd2f8b5af4                       # Python
#   BENCH_LANG=typescript bench/scan.sh PLAYWRIGHT d4e1023f6c03a8dced50eb3db88c2217e7c1a86a
#
# REPO is a clone or bare mirror, read and never modified. jscpd 5.4.2 is the crate of
# that version (it needs nightly Rust), installed pinned with
# `cargo +nightly install jscpd --version 5.4.2 --locked --root JSCPD_ROOT` unless JSCPD
# names a binary. Knobs: BENCH_LANG (python, typescript, go), DEDUPE_CHECK (binary),
# JSCPD, JSCPD_ROOT, KEEP=1 (keep the temp dir and print it).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
repo="${1:?usage: bench/scan.sh REPO [REV]}"
repo="$(cd "$repo" && pwd)"
rev="${2:-HEAD}"
lang="${BENCH_LANG:-python}"
case "$lang" in
  python)     langs=python;          jformat=python ;;
  typescript) langs=typescript,tsx;  jformat=typescript,tsx ;;
  go)         langs=go;              jformat=go ;;
  *) echo "BENCH_LANG must be python, typescript or go (got $lang)" >&2; exit 2 ;;
esac
bin="${DEDUPE_CHECK:-$here/target/release/dedupe-check}"
[ -x "$bin" ] || { echo "no dedupe-check binary at $bin (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }

tmp="$(mktemp -d -t dedupe-scan-bench.XXXXXX)"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$tmp"' EXIT; else echo "== keeping $tmp" >&2; fi

jscpd="${JSCPD:-}"
if [ -z "$jscpd" ]; then
  root="${JSCPD_ROOT:-$tmp/jscpd}"
  if [ ! -x "$root/bin/jscpd" ]; then
    echo "== cargo +nightly install jscpd 5.4.2 into $root" >&2
    cargo +nightly install jscpd --version 5.4.2 --locked --root "$root" >&2
  fi
  jscpd="$root/bin/jscpd"
fi

sha="$(git -C "$repo" rev-parse "$rev^{commit}")"
work="$tmp/repo"
git init -q -b main "$work"
git -C "$work" fetch -q --depth=1 "file://$repo" "$sha" 2>/dev/null \
  || git -C "$work" fetch -q "$repo" "$sha"
git -C "$work" checkout -q "$sha"
echo "== $repo at $sha ($lang), $("$jscpd" --version 2>&1 | head -n1)" >&2

# measure NAME CMD...: wall seconds, CPU seconds (user + system), peak RSS in MiB.
measure() {
  local name="$1"; shift
  /usr/bin/time -v "$@" >"$tmp/$name.out" 2>"$tmp/$name.time" || {
    echo "$name failed:" >&2; tail -n 20 "$tmp/$name.time" >&2; exit 1; }
  python3 - "$name" "$tmp/$name.time" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
t = open(path).read()
def field(label):
    return re.search(re.escape(label) + r":\s*(.+)", t).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) / 1024
print(f"{name}\t{secs:.2f}\t{cpu:.2f}\t{rss:.0f}")
PY
}

cache="$tmp/cache"
scan=(env DEDUPE_CHECK_CACHE_DIR="$cache" "$bin" scan --repo "$work" --languages "$langs"
      --format json --quiet)
{
  measure scan-cold "${scan[@]}" -o "$tmp/scan.json"
  measure scan-warm "${scan[@]}" -o "$tmp/scan-warm.json"
  measure jscpd "$jscpd" --format "$jformat" --silent --ignore '**/.git/**' \
    --reporters json --output "$tmp/jscpd" "$work"
} >"$tmp/results.tsv"

python3 - "$tmp" "$work" "$lang" <<'PY'
import ast, json, os, sys
tmp, work, lang = sys.argv[1:4]
rows = {}
for line in open(os.path.join(tmp, "results.tsv")):
    name, wall, cpu, rss = line.split("\t")
    rows[name] = (float(wall), float(cpu), float(rss))
scan = json.load(open(os.path.join(tmp, "scan.json")))
warm = json.load(open(os.path.join(tmp, "scan-warm.json")))
assert warm["classes"] == scan["classes"], "a warm scan found other classes"
jreport = json.load(open(os.path.join(tmp, "jscpd", "jscpd-report.json")))
dups = jreport.get("duplicates", [])
print(f"tree: {scan['files']} files, {scan['functions']} functions at the size floor; "
      f"scan: {len(scan['classes'])} classes, {scan['summary']['duplicated_functions']} "
      f"duplicated functions; jscpd: {len(dups)} clone pairs")
print("| run | wall s | CPU s | peak RSS MiB | jscpd / this (wall, memory) |")
print("|---|---|---|---|---|")
j = rows["jscpd"]
for name in ("scan-cold", "scan-warm", "jscpd"):
    w, c, r = rows[name]
    ratio = "" if name == "jscpd" else f"{j[0] / w:.1f}x, {j[2] / r:.1f}x"
    print(f"| {name} | {w:.2f} | {c:.2f} | {r:.0f} | {ratio} |")
if lang != "python":
    sys.exit(0)

# Recall: jscpd pairs whose two sides each cover at least 80 % of a function (by lines),
# and whether the two functions are members of one clone class.
spans = {}
def functions_of(rel):
    if rel not in spans:
        out = []
        try:
            tree = ast.parse(open(os.path.join(work, rel), encoding="utf-8").read())
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                    out.append((start, node.end_lineno))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            pass
        spans[rel] = out
    return spans[rel]
def covered(side):
    rel = os.path.relpath(os.path.join(work, side["name"]) if not os.path.isabs(side["name"]) else side["name"], work)
    a, b = side["start"], side["end"]
    best = None
    for s, e in functions_of(rel):
        overlap = max(0, min(b, e) - max(a, s) + 1)
        if overlap >= 0.8 * (e - s + 1) and (best is None or e - s > best[2] - best[1]):
            best = (rel, s, e)
    return best
member = {}
for c in scan["classes"]:
    for m in c["members"]:
        member.setdefault(m["path"], []).append((m["start_line"], m["end_line"], c["id"]))
def class_of(f):
    rel, s, e = f
    for ms, me, cid in member.get(rel, []):
        if ms <= e and s <= me and min(me, e) - max(ms, s) + 1 >= 0.5 * (e - s + 1):
            return cid
    return None
pairs, hits, misses = 0, 0, []
seen = set()
seen_pairs = []
for d in dups:
    f1, f2 = covered(d["firstFile"]), covered(d["secondFile"])
    if not f1 or not f2 or f1 == f2 or (f1, f2) in seen:
        continue
    seen.add((f1, f2)); seen.add((f2, f1))
    seen_pairs.append((f1, f2))
    pairs += 1
    c1, c2 = class_of(f1), class_of(f2)
    if c1 and c1 == c2:
        hits += 1
    else:
        misses.append((f1, f2))
share = hits / pairs if pairs else 0
print(f"recall against jscpd: {hits} of {pairs} function-sized jscpd pairs in one clone class ({share:.1%})")
# What the default configuration checks: no test code, functions of 5 lines or more.
def is_test(path):
    parts = path.split("/")
    name = parts[-1]
    return (name.startswith("test_") or name.endswith("_test.py") or name in ("tests.py", "conftest.py")
            or any(p in ("tests", "test", "testing") for p in parts[:-1]))
def comparable(f):
    return not is_test(f[0]) and f[2] - f[1] + 1 >= 5
in_scope = [(f1, f2) for f1, f2 in seen_pairs if comparable(f1) and comparable(f2)]
in_hits = sum(1 for f1, f2 in in_scope if class_of(f1) and class_of(f1) == class_of(f2))
share = in_hits / len(in_scope) if in_scope else 0
print(f"  of them outside test code and of 5 lines or more: {in_hits} of {len(in_scope)} ({share:.1%})")
with open(os.path.join(tmp, "misses.tsv"), "w") as out:
    for f1, f2 in misses:
        out.write(f"{f1[0]}:{f1[1]}-{f1[2]}\t{f2[0]}:{f2[1]}-{f2[2]}\n")
print(f"misses listed in {os.path.join(tmp, 'misses.tsv')} (with KEEP=1)")
PY
