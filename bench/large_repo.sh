#!/usr/bin/env bash
# Benchmark dedupe-check on a large real Python repository, side by side with jscpd.
#
#   bench/large_repo.sh REPO [REV]
#
# REPO  a git repository of a large project (work tree or bare git dir), e.g. a clone of
#       https://github.com/sympy/sympy at e950d313a932bc6cccbc95376b3821cd2f8b5af4
#       (37 989 Python functions). It is not modified and never committed here.
# REV   the commit to benchmark (default HEAD of REPO).
#
# Environment:
#   DEDUPE_CHECK   binary (default: target/release/dedupe-check of this checkout)
#   JSCPD_VERSION  jscpd version installed from npm into a temp prefix (default 4.0.5)
#   JSCPD_PREFIX   reuse an npm prefix that already has jscpd (skips npm install)
#   SKIP_JSCPD=1   only run dedupe-check
#   DEDUPE_ARGS    extra arguments for both dedupe-check runs (e.g. "--tests check")
#   KEEP=1         keep the temp directory
#
# What it does: makes a temp shallow repository of REV (branch base), adds one commit
# (branch pr) with a new module of 10 functions (4 verbatim copies of existing functions,
# 3 copies with renamed identifiers, 3 new functions), then reports for
#   dedupe-check pr --base base --head pr --no-model   (structural engine, the full PR check)
#   jscpd --format python over the same tree            (whole-tree copy/paste scan)
# wall time and peak RSS (/usr/bin/time -v), and the ratio of the two. Extraction
# throughput is estimated as existing_functions / wall time of the PR check (an upper
# bound on the time extraction takes, so a lower bound on its throughput).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
repo="${1:?usage: bench/large_repo.sh REPO [REV]}"
repo="$(cd "$repo" && pwd)"
rev="${2:-HEAD}"
bin="${DEDUPE_CHECK:-$here/target/release/dedupe-check}"
[ -x "$bin" ] || { echo "no dedupe-check binary at $bin (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }

tmp="$(mktemp -d -t dedupe-bench.XXXXXX)"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$tmp"' EXIT; fi
work="$tmp/repo"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid \
       GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid \
       GIT_AUTHOR_DATE=2025-01-01T00:00:00Z GIT_COMMITTER_DATE=2025-01-01T00:00:00Z

sha="$(git -C "$repo" rev-parse "$rev^{commit}")"
echo "== repository $repo at $sha" >&2
git init -q -b base "$work"
git -C "$work" fetch -q --depth=1 "file://$repo" "$sha" 2>/dev/null \
  || git -C "$work" fetch -q "$repo" "$sha"
git -C "$work" checkout -q -B base "$sha"

# ---- the PR: 10 added functions, 7 of them (edited) copies of existing ones
git -C "$work" checkout -q -b pr
python3 - "$work" <<'PY'
import ast, os, random, sys, textwrap
root = sys.argv[1]
files = []
for d, dirs, fs in os.walk(root):
    dirs[:] = sorted(x for x in dirs if x != ".git" and "test" not in x)
    files += [os.path.join(d, f) for f in sorted(fs) if f.endswith(".py") and "test" not in f]
rng = random.Random(7)
rng.shuffle(files)
picked = []
for path in files:
    try:
        src = open(path, encoding="utf-8").read()
        tree = ast.parse(src)
    except Exception:
        continue
    lines = src.splitlines(keepends=True)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and 8 <= node.end_lineno - node.lineno <= 40:
            picked.append(textwrap.dedent("".join(lines[node.lineno - 1:node.end_lineno])))
            break
    if len(picked) == 7:
        break
out = ["# functions added by the dedupe-check benchmark PR\n\n"]
for i, text in enumerate(picked):
    if i >= 4:   # renamed copies
        fn = ast.parse(text).body[0]
        names = [fn.name] + [a.arg for a in fn.args.args if a.arg not in ("self", "cls")]
        for n in names:
            text = __import__("re").sub(rf"\b{n}\b", f"{n}_renamed", text)
    out.append(text + "\n\n")
out.append('''def bench_fresh_histogram(values, bins=10):
    lo, hi = min(values), max(values)
    width = (hi - lo) / bins or 1
    counts = [0] * bins
    for v in values:
        counts[min(int((v - lo) / width), bins - 1)] += 1
    return counts


def bench_fresh_slugify(text, sep="-"):
    keep = []
    for ch in text.lower():
        if ch.isalnum():
            keep.append(ch)
        elif keep and keep[-1] != sep:
            keep.append(sep)
    return "".join(keep).strip(sep)


def bench_fresh_merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(x) for x in merged]
''')
os.makedirs(os.path.join(root, "bench_added"), exist_ok=True)
open(os.path.join(root, "bench_added", "new_functions.py"), "w").write("".join(out))
print(f"added {len(picked)} copied + 3 new functions", file=sys.stderr)
PY
git -C "$work" add bench_added
git -C "$work" commit -q -m "bench: add 10 functions"

count="$(python3 - "$work" <<'PY'
import ast, os, sys
n = 0
for d, dirs, fs in os.walk(sys.argv[1]):
    dirs[:] = [x for x in dirs if x != ".git"]
    for f in fs:
        if f.endswith(".py"):
            try:
                t = ast.parse(open(os.path.join(d, f), "rb").read())
            except Exception:
                continue
            n += sum(isinstance(x, (ast.FunctionDef, ast.AsyncFunctionDef)) for x in ast.walk(t))
print(n)
PY
)"
pyfiles="$(git -C "$work" ls-files '*.py' | wc -l)"
echo "== $pyfiles Python files, $count functions (Python ast, nested included)" >&2

timed() {  # timed NAME CMD... -> prints "wall_s rss_kb"; output of CMD in $tmp/NAME.out
  local name="$1"; shift
  /usr/bin/time -v -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || {
    echo "$name failed (exit $?):" >&2; tail -20 "$tmp/$name.err" >&2; return 1; }
  python3 - "$tmp/$name.time" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
w = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1).split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(f"{wall:.2f} {rss}")
PY
}

# Cold: an empty function cache, every file parsed. Warm: the same check again, as a
# re-run on a CI runner that restores ~/.cache/dedupe-check, or a second local run.
export DEDUPE_CHECK_CACHE_DIR="$tmp/dedupe-cache"
echo "== dedupe-check pr (structural engine), cold cache" >&2
read -r d_wall d_rss < <(timed dedupe "$bin" pr --repo "$work" --base base --head pr \
    --format json --fail-on never --quiet --no-model ${DEDUPE_ARGS:-})
read -r d_checked d_existing d_findings d_extract < <(python3 -c '
import json, sys; d = json.load(open(sys.argv[1]))
print(d.get("checked_functions"), d.get("existing_functions"), len(d.get("findings", [])),
      d.get("timings", {}).get("extract", 0))' "$tmp/dedupe.out")
echo "== dedupe-check pr (structural engine), warm cache" >&2
read -r w_wall w_rss < <(timed dedupe "$bin" pr --repo "$work" --base base --head pr \
    --format json --fail-on never --quiet --no-model ${DEDUPE_ARGS:-})

j_wall="" j_rss="" j_clones=""
if [ "${SKIP_JSCPD:-0}" != 1 ]; then
  prefix="${JSCPD_PREFIX:-$tmp/npm}"
  if [ ! -x "$prefix/node_modules/.bin/jscpd" ]; then
    echo "== npm install jscpd@${JSCPD_VERSION:-4.0.5} into $prefix" >&2
    npm install --silent --no-audit --no-fund --prefix "$prefix" "jscpd@${JSCPD_VERSION:-4.0.5}" >&2
  fi
  echo "== jscpd --format python (whole tree)" >&2
  read -r j_wall j_rss < <(timed jscpd node --max-old-space-size=16384 \
      "$(readlink -f "$prefix/node_modules/.bin/jscpd")" --format python --silent \
      --ignore '**/.git/**' --reporters json --output "$tmp/jscpd-report" "$work")
  j_clones="$(python3 -c '
import json, sys; d = json.load(open(sys.argv[1]))
print(len(d.get("duplicates", [])))' "$tmp/jscpd-report/jscpd-report.json" 2>/dev/null || echo '?')"
fi

python3 - "$d_wall" "$d_rss" "$d_checked" "$d_existing" "$d_findings" "$count" "$pyfiles" \
          "${j_wall:-}" "${j_rss:-}" "${j_clones:-}" "$sha" "$d_extract" "$w_wall" "$w_rss" <<'PY'
import sys
dw, drss, chk, ex, fnd, count, files, jw, jrss, jcl, sha, dex, ww, wrss = sys.argv[1:]
dw, drss, dex, ww, wrss = float(dw), int(drss), float(dex), float(ww), int(wrss)
print(f"repository: {sha} ({files} Python files, {count} functions by Python ast)")
print(f"{'tool':<34}{'wall s':>9}{'peak RSS MiB':>14}  notes")
print(f"{'dedupe-check pr, cold cache':<34}{dw:>9.2f}{drss / 1024:>14.1f}  "
      f"checked {chk}, existing {ex}, findings {fnd}")
print(f"{'dedupe-check pr, warm cache':<34}{ww:>9.2f}{wrss / 1024:>14.1f}")
if dex > 0:
    print(f"  extraction: {int(count) / dex:,.0f} functions/s parsed cold "
          f"({count} functions, all sizes, in {dex:.2f} s of the 'extract' stage)")
if jw:
    jw, jrss = float(jw), int(jrss)
    print(f"{'jscpd --format python (tree)':<34}{jw:>9.2f}{jrss / 1024:>14.1f}  clones {jcl}")
    print(f"ratio jscpd / dedupe-check cold: wall {jw / dw:.1f}x, peak RSS {jrss / drss:.1f}x; "
          f"warm: wall {jw / ww:.1f}x")
PY
