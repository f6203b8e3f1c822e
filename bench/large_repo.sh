#!/usr/bin/env bash
# Benchmark dedupe-check on a large real repository, side by side with jscpd 5.
#
#   bench/large_repo.sh REPO [REV]
#
# REPO  a git repository of a large project (work tree or bare git dir), e.g. a clone of
#       https://github.com/sympy/sympy at e950d313a932bc6cccbc95376b3821cd2f8b5af4
#       (37 989 Python functions). It is not modified and never committed here.
# REV   the commit to benchmark (default HEAD of REPO).
#
# Environment:
#   BENCH_LANG     python (default), typescript (TS and TSX) or go: the language of the PR,
#                  the one dedupe-check checks (--languages) and the one jscpd scans (--format)
#   DEDUPE_CHECK   binary (default: target/release/dedupe-check of this checkout)
#   JSCPD_VERSION  jscpd version installed from npm into a temp prefix (default 5.3.3, with
#                  its platform package jscpd-linux-x64-gnu of the same version)
#   JSCPD_PREFIX   reuse an npm prefix that already has jscpd (skips npm install)
#   TS_VERSION     typescript version installed beside jscpd to count TypeScript functions
#                  (default 5.6.3)
#   SKIP_JSCPD=1   only run dedupe-check
#   DEDUPE_ARGS    extra arguments for both dedupe-check runs (e.g. "--tests check")
#   KEEP=1         keep the temp directory
#
# What it does: makes a temp shallow repository of REV (branch base), adds one commit
# (branch pr) with a new file of 10 functions in BENCH_LANG (4 verbatim copies of existing
# functions, 3 copies with renamed identifiers, 3 new functions), then reports for
#   dedupe-check pr --base base --head pr --no-model   (structural engine, the full PR check),
#       cold (an empty cache directory) and warm (the same check again)
#   jscpd --format FORMAT --reporters json over the same tree   (whole-tree copy/paste scan)
# wall time, CPU time (user + system) and peak RSS (/usr/bin/time -v), and the ratios
# jscpd / dedupe-check. Extraction throughput is the function count over the cold
# 'extract' stage.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
repo="${1:?usage: bench/large_repo.sh REPO [REV]}"
repo="$(cd "$repo" && pwd)"
rev="${2:-HEAD}"
lang="${BENCH_LANG:-python}"
case "$lang" in
  python)     langs=python;          jformat=python;         lname=Python ;;
  typescript) langs=typescript,tsx;  jformat=typescript,tsx; lname=TypeScript ;;
  go)         langs=go;              jformat=go;             lname=Go ;;
  *) echo "BENCH_LANG must be python, typescript or go (got $lang)" >&2; exit 2 ;;
esac
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
echo "== repository $repo at $sha ($lname)" >&2
git init -q -b base "$work"
git -C "$work" fetch -q --depth=1 "file://$repo" "$sha" 2>/dev/null \
  || git -C "$work" fetch -q "$repo" "$sha"
git -C "$work" checkout -q -B base "$sha"

# jscpd (and, for TypeScript, the compiler used only to count functions) from npm, pinned
prefix="${JSCPD_PREFIX:-$tmp/npm}"
jver="${JSCPD_VERSION:-5.3.3}"
need=()
if [ "${SKIP_JSCPD:-0}" != 1 ] && [ ! -x "$prefix/node_modules/.bin/jscpd" ]; then
  need+=("jscpd@$jver")
  case "$jver" in 4.*) ;; *) need+=("jscpd-linux-x64-gnu@$jver") ;; esac
fi
if [ "$lang" = typescript ] && [ ! -f "$prefix/node_modules/typescript/package.json" ]; then
  need+=("typescript@${TS_VERSION:-5.6.3}")
fi
if [ "${#need[@]}" -gt 0 ]; then
  echo "== npm install ${need[*]} into $prefix" >&2
  npm install --silent --no-audit --no-fund --prefix "$prefix" "${need[@]}" >&2
fi

# ---- the PR: 10 added functions, 7 of them (edited) copies of existing ones
git -C "$work" checkout -q -b pr
python3 - "$work" "$lang" <<'PY'
import ast, os, random, re, sys, textwrap
root, lang = sys.argv[1], sys.argv[2]
ext = {"python": (".py",), "typescript": (".ts", ".tsx"), "go": (".go",)}[lang]
skip_dir = {".git", "node_modules", "vendor", "third_party", "dist", "testdata", "__tests__"}
files = []
for d, dirs, fs in os.walk(root):
    dirs[:] = sorted(x for x in dirs if x not in skip_dir and "test" not in x)
    files += [os.path.join(d, f) for f in sorted(fs)
              if f.endswith(ext) and "test" not in f and "spec" not in f and not f.endswith(".d.ts")]
rng = random.Random(7)
rng.shuffle(files)

def py_pick(src):
    tree = ast.parse(src)
    lines = src.splitlines(keepends=True)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and 8 <= node.end_lineno - node.lineno <= 40:
            return textwrap.dedent("".join(lines[node.lineno - 1:node.end_lineno]))

# TypeScript, Go: a top-level function declaration whose body closes with "}" in column 0
head_re = {"typescript": re.compile(r"(export\s+)?(async\s+)?function\s+([A-Za-z_$][\w$]*)\s*[(<]"),
           "go": re.compile(r"func\s+([A-Za-z_]\w*)\s*[(\[]")}
def brace_pick(src):
    if "DO NOT EDIT" in src[:2000] or "@generated" in src[:2000]:
        return None
    lines = src.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if head_re[lang].match(line) and line.rstrip().endswith("{"):
            for j in range(i + 1, min(i + 60, len(lines))):
                if lines[j].startswith("}"):
                    if 8 <= j - i <= 40:
                        return "".join(lines[i:j + 1])
                    break
    return None

def rename(text):   # the function's name, its parameters and (TS, Go) its local variables
    if lang == "python":
        fn = ast.parse(text).body[0]
        names = [fn.name] + [a.arg for a in fn.args.args if a.arg not in ("self", "cls")]
        suffix = "_renamed"
    else:
        m = head_re[lang].match(text)
        names = [m.group(m.lastindex)]
        rest = text[m.end() - 1:]
        params = rest[:rest.find(")") + 1]
        if lang == "typescript":
            names += re.findall(r"[(,]\s*(?:readonly\s+|public\s+|private\s+)?([A-Za-z_$][\w$]*)\??\s*[:,=)]", params)
            names += re.findall(r"\b(?:const|let)\s+([A-Za-z_$][\w$]*)", text)
        else:
            names += [c.split()[0] for c in params.strip("()").split(",") if len(c.split()) >= 2]
            names += re.findall(r"(?m)^\s*([A-Za-z_]\w*)\s*:=", text)
        suffix = "Renamed"
    for n in dict.fromkeys(x for x in names if x and x != "_"):
        text = re.sub(rf"(?<![\w$.]){re.escape(n)}(?![\w$])", n + suffix, text)
    return text

picked = []
for path in files:
    try:
        src = open(path, encoding="utf-8").read()
        text = py_pick(src) if lang == "python" else brace_pick(src)
    except Exception:
        continue
    if text:
        picked.append(text)
    if len(picked) == 7:
        break

fresh = {"python": ('''def bench_fresh_histogram(values, bins=10):
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
''', "# functions added by the dedupe-check benchmark PR\n\n", "new_functions.py"),
"typescript": ('''export function benchFreshHistogram(values: number[], bins = 10): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    counts[Math.min(Math.floor((v - lo) / width), bins - 1)] += 1;
  }
  return counts;
}

export function benchFreshSlugify(text: string, sep = "-"): string {
  const keep: string[] = [];
  for (const ch of text.toLowerCase()) {
    if (/[a-z0-9]/.test(ch)) {
      keep.push(ch);
    } else if (keep.length > 0 && keep[keep.length - 1] !== sep) {
      keep.push(sep);
    }
  }
  return keep.join("").split(sep).filter((part) => part.length > 0).join(sep);
}

export function benchFreshMergeIntervals(intervals: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}
''', "// functions added by the dedupe-check benchmark PR\n\n", "new_functions.ts"),
"go": ('''func benchFreshHistogram(values []float64, bins int) []int {
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	width := (hi - lo) / float64(bins)
	if width == 0 {
		width = 1
	}
	counts := make([]int, bins)
	for _, v := range values {
		counts[min(int((v-lo)/width), bins-1)]++
	}
	return counts
}

func benchFreshSlugify(text string, sep rune) string {
	keep := []rune{}
	for _, ch := range strings.ToLower(text) {
		if unicode.IsLetter(ch) || unicode.IsDigit(ch) {
			keep = append(keep, ch)
		} else if len(keep) > 0 && keep[len(keep)-1] != sep {
			keep = append(keep, sep)
		}
	}
	return strings.Trim(string(keep), string(sep))
}

func benchFreshMergeIntervals(intervals [][2]int) [][2]int {
	sorted := append([][2]int(nil), intervals...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i][0] < sorted[j][0] })
	merged := [][2]int{}
	for _, iv := range sorted {
		if n := len(merged); n > 0 && iv[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], iv[1])
		} else {
			merged = append(merged, iv)
		}
	}
	return merged
}
''', "// Package bench_added holds functions added by the dedupe-check benchmark PR.\npackage bench_added\n\n"
     "import (\n\t\"sort\"\n\t\"strings\"\n\t\"unicode\"\n)\n\n", "new_functions.go")}[lang]
out = [fresh[1]]
for i, text in enumerate(picked):
    out.append((rename(text) if i >= 4 else text) + "\n\n")   # the last 3 are renamed copies
out.append(fresh[0])
os.makedirs(os.path.join(root, "bench_added"), exist_ok=True)
open(os.path.join(root, "bench_added", fresh[2]), "w").write("".join(out))
print(f"added {len(picked)} copied + 3 new {lang} functions", file=sys.stderr)
PY
git -C "$work" add bench_added
git -C "$work" commit -q -m "bench: add 10 functions"

# Function count of the tree (PR included): Python's ast (nested functions included); for
# TypeScript the compiler's parser (declarations, methods, accessors, constructors, function
# expressions and arrow functions with a body; no .d.ts); for Go a lexical count (`func` at the
# start of a line, and `func(` after `=`, `(`, `,`, `:`, `{`, return, go or defer).
case "$lang" in
python) count="$(python3 - "$work" <<'PY'
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
)"; counter="Python ast, nested included" ;;
typescript) count="$(TS_MODULE="$prefix/node_modules/typescript" node - "$work" <<'JS'
const ts = require(process.env.TS_MODULE), fs = require("fs"), path = require("path");
const K = ts.SyntaxKind, kinds = new Set([K.FunctionDeclaration, K.MethodDeclaration, K.Constructor,
  K.GetAccessor, K.SetAccessor, K.FunctionExpression, K.ArrowFunction]);
let n = 0;
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== ".git" && e.name !== "node_modules") walk(p); }
    else if (e.isFile() && /\.(ts|tsx|mts|cts)$/.test(e.name) && !/\.d\.[mc]?ts$/.test(e.name)) {
      const sf = ts.createSourceFile(p, fs.readFileSync(p, "utf8"), ts.ScriptTarget.Latest, false,
        e.name.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      (function visit(node) { if (kinds.has(node.kind) && node.body) n++; ts.forEachChild(node, visit); })(sf);
    }
  }
})(process.argv[2]);
console.log(n);
JS
)"; counter="TypeScript compiler's parser, nested included" ;;
go) count="$(python3 - "$work" <<'PY'
import os, re, sys
lit = re.compile(r"(?:[=(,:{]|\breturn|\bgo|\bdefer)\s*func\s*\(")
n = 0
for d, dirs, fs in os.walk(sys.argv[1]):
    dirs[:] = [x for x in dirs if x not in (".git", "vendor")]
    for f in fs:
        if f.endswith(".go"):
            s = open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
            n += len(re.findall(r"(?m)^func\b", s)) + len(lit.findall(s))
print(n)
PY
)"; counter="lexical count, literals included" ;;
esac
case "$lang" in
  python) nfiles="$(git -C "$work" ls-files '*.py' | wc -l)" ;;
  typescript) nfiles="$(git -C "$work" ls-files '*.ts' '*.tsx' '*.mts' '*.cts' | wc -l)" ;;
  go) nfiles="$(git -C "$work" ls-files '*.go' | wc -l)" ;;
esac
echo "== $nfiles $lname files, $count functions ($counter)" >&2

timed() {  # timed NAME CMD... -> prints "wall_s cpu_s rss_kb"; output of CMD in $tmp/NAME.out
  local name="$1"; shift
  /usr/bin/time -v -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || {
    echo "$name failed (exit $?):" >&2; tail -20 "$tmp/$name.err" >&2; return 1; }
  python3 - "$tmp/$name.time" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
w = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1).split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
cpu = sum(float(re.search(rf"{k} time \(seconds\): (\S+)", t).group(1)) for k in ("User", "System"))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(f"{wall:.2f} {cpu:.2f} {rss}")
PY
}

# Cold: an empty function cache, every file parsed. Warm: the same check again, as a
# re-run on a CI runner that restores ~/.cache/dedupe-check, or a second local run.
export DEDUPE_CHECK_CACHE_DIR="$tmp/dedupe-cache"
# shellcheck disable=SC2206  # DEDUPE_ARGS is split on purpose
dargs=(pr --repo "$work" --base base --head pr --format json --fail-on never --quiet --no-model
       --languages "$langs" ${DEDUPE_ARGS:-})
echo "== dedupe-check ${dargs[*]}, cold cache" >&2
read -r d_wall d_cpu d_rss < <(timed dedupe "$bin" "${dargs[@]}")
read -r d_checked d_existing d_findings d_extract < <(python3 -c '
import json, sys; d = json.load(open(sys.argv[1]))
print(d.get("checked_functions"), d.get("existing_functions"), len(d.get("findings", [])),
      d.get("timings", {}).get("extract", 0))' "$tmp/dedupe.out")
echo "== dedupe-check, warm cache" >&2
read -r w_wall w_cpu w_rss < <(timed dedupe "$bin" "${dargs[@]}")

j_wall="" j_cpu="" j_rss="" j_clones=""
if [ "${SKIP_JSCPD:-0}" != 1 ]; then
  # jscpd 5's npm bin is a node wrapper that spawns the platform binary; run the binary
  # itself so that node's start is not counted (jscpd 4 is a node program: run it in node).
  jbin="$prefix/node_modules/jscpd-linux-x64-gnu/bin/jscpd"
  if [ -x "$jbin" ]; then jcmd=("$jbin")
  else jcmd=(node --max-old-space-size=16384 "$(readlink -f "$prefix/node_modules/.bin/jscpd")"); fi
  jver_run="$("${jcmd[@]}" --version 2>/dev/null | tail -1)"
  jargs=(--format "$jformat" --silent --ignore '**/.git/**' --reporters json
         --output "$tmp/jscpd-report" "$work")
  echo "== jscpd ${jargs[*]} (whole tree; $jver_run)" >&2
  read -r j_wall j_cpu j_rss < <(timed jscpd "${jcmd[@]}" "${jargs[@]}")
  j_clones="$(python3 -c '
import json, sys; d = json.load(open(sys.argv[1]))
print(len(d.get("duplicates", [])))' "$tmp/jscpd-report/jscpd-report.json" 2>/dev/null || echo '?')"
fi

python3 - "$d_wall" "$d_cpu" "$d_rss" "$d_checked" "$d_existing" "$d_findings" "$count" \
          "$nfiles" "$sha" "$d_extract" "$w_wall" "$w_cpu" "$w_rss" "$lname" "$jformat" \
          "${j_wall:-}" "${j_cpu:-}" "${j_rss:-}" "${j_clones:-}" "${jver_run:-}" <<'PY'
import sys
(dw, dc, drss, chk, ex, fnd, count, files, sha, dex, ww, wc, wrss, lname, jfmt,
 jw, jc, jrss, jcl, jver) = sys.argv[1:]
dw, dc, drss, dex, ww, wc, wrss = float(dw), float(dc), int(drss), float(dex), float(ww), float(wc), int(wrss)
print(f"repository: {sha} ({files} {lname} files, {count} functions)")
print(f"{'tool':<36}{'wall s':>9}{'CPU s':>9}{'peak RSS MiB':>14}  notes")
print(f"{'dedupe-check pr, cold cache':<36}{dw:>9.2f}{dc:>9.2f}{drss / 1024:>14.1f}  "
      f"checked {chk}, existing {ex}, findings {fnd}")
print(f"{'dedupe-check pr, warm cache':<36}{ww:>9.2f}{wc:>9.2f}{wrss / 1024:>14.1f}")
if dex > 0:
    print(f"  extraction: {int(count) / dex:,.0f} functions/s parsed cold "
          f"({count} functions, all sizes, in {dex:.2f} s of the 'extract' stage)")
if jw:
    jw, jc, jrss = float(jw), float(jc), int(jrss)
    print(f"{(jver or 'jscpd') + ' --format ' + jfmt:<36}{jw:>9.2f}{jc:>9.2f}{jrss / 1024:>14.1f}  clones {jcl}")
    print(f"ratio jscpd / dedupe-check, cold: wall {jw / dw:.2f}x, CPU {jc / dc:.2f}x, "
          f"peak RSS {jrss / drss:.1f}x")
    print(f"ratio jscpd / dedupe-check, warm: wall {jw / ww:.2f}x, CPU {jc / wc:.2f}x, "
          f"peak RSS {jrss / wrss:.1f}x")
PY
