#!/usr/bin/env bash
# Huge inputs: peak memory and wall time of a PR check, and what it says about them.
#
#   bench/huge.sh [CASE...]     CASE: functions, files, generated (default: all three)
#
#   functions  one Python file of 100 000 functions (6.6 MB); the PR appends a copy of
#              one of them. Run with the default max_file_bytes (the file is skipped
#              with a notice) and with max_file_bytes: 100000000 (both versions parsed).
#   files      a repository of 200 000 Python files of one function each; the PR adds a
#              file with a copy of one. Cold (empty cache) and warm.
#   generated  a 50 MB Go file with a "Code generated ... DO NOT EDIT." header added by
#              the PR beside a real copy. Default limit (skipped: too large) and
#              max_file_bytes: 100000000 (read, then skipped as generated).
#
# Environment: DEDUPE_CHECK (binary; default target/release/dedupe-check of this
# checkout, or $CARGO_TARGET_DIR/release/dedupe-check), KEEP=1 keeps the temp directory.
# Needs git, python3 and GNU time at /usr/bin/time. Prints one line per run: the case,
# wall seconds, peak RSS in MiB, exit code, and the notices of the JSON report.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${DEDUPE_CHECK:-}"
if [ -z "$bin" ]; then
  bin="${CARGO_TARGET_DIR:-$here/target}/release/dedupe-check"
fi
[ -x "$bin" ] || { echo "no dedupe-check binary at $bin (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(functions files generated)

tmp="$(mktemp -d -t dedupe-huge.XXXXXX)"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$tmp"' EXIT; fi
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid \
       GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid \
       GIT_AUTHOR_DATE=2025-01-01T00:00:00Z GIT_COMMITTER_DATE=2025-01-01T00:00:00Z \
       GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

# One run: LABEL REPO [ARGS...]; the cache is $tmp/cache (emptied by the caller).
measure() {
  local label="$1" repo="$2"
  shift 2
  local out="$tmp/out.json" err="$tmp/time.txt" code=0
  (cd "$repo" && DEDUPE_CHECK_CACHE_DIR="$tmp/cache" /usr/bin/time -v -o "$err" \
    "$bin" pr --base base --head pr --format json --fail-on never --quiet --no-model "$@" \
    >"$out" 2>"$tmp/stderr.txt") || code=$?
  local wall rss
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$err")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$err")"
  python3 - "$label" "$wall" "$rss" "$code" "$out" "$tmp/stderr.txt" <<'EOF'
import json, sys
label, wall, rss, code, out, err = sys.argv[1:]
parts = [float(p) for p in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
try:
    doc = json.load(open(out))
    said = f"checked {doc['checked_functions']} against {doc['existing_functions']}, " \
           f"{len(doc['findings'])} finding(s); notices: {doc['notices']}"
except Exception:
    said = "no JSON report; stderr: " + open(err).read()[-500:]
print(f"{label}: {secs:.2f} s, peak {int(rss) / 1024:.0f} MiB, exit {code}; {said}")
EOF
}

# A fresh repository at $1 on branch `base`.
new_repo() {
  rm -rf "$1"
  git init -q -b base "$1"
}

big_limit() { printf 'max_file_bytes: 100000000\n' >"$1/.dedupe-check.yml"; }

python_function() { # NAME I
  printf 'def %s(items, limit):\n    total = %d\n    for item in items:\n        if item > limit:\n            total += item * %d\n    if total < 0:\n        raise ValueError("negative total", limit)\n    return total\n\n' "$1" "$2" "$2"
}

case_functions() {
  local r="$tmp/functions"
  new_repo "$r"
  python3 - "$r/huge.py" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(100_000):
        f.write(f"def f{i}(items, limit):\n    total = {i}\n    for item in items:\n"
                f"        if item > limit:\n            total += item * {i}\n"
                f"    if total < 0:\n        raise ValueError(\"negative total\", limit)\n"
                f"    return total\n\n")
EOF
  git -C "$r" add -A && git -C "$r" commit -qm base
  git -C "$r" checkout -qb pr
  python_function copy_of_f7 7 >>"$r/huge.py"
  git -C "$r" commit -qam pr
  echo "== one file of 100 000 functions ($(du -h "$r/huge.py" | cut -f1))" >&2
  rm -rf "$tmp/cache"
  measure "100k functions, default limit" "$r"
  big_limit "$r"
  rm -rf "$tmp/cache"
  measure "100k functions, max_file_bytes 100 MB" "$r"
}

case_files() {
  local r="$tmp/files"
  new_repo "$r"
  # git fast-import writes the 200 000 blobs in seconds.
  python3 - <<'EOF' | git -C "$r" fast-import --quiet
import sys
w = sys.stdout.write
w("commit refs/heads/base\ncommitter bench <bench@example.invalid> 1735689600 +0000\n"
  "data 4\nbase\n")
for i in range(200_000):
    body = (f"def g{i}(items, limit):\n    total = {i}\n    for item in items:\n"
            f"        if item > limit:\n            total += item * {i}\n"
            f"    if total < 0:\n        raise ValueError(\"negative total\", limit)\n"
            f"    return total\n")
    w(f"M 100644 inline pkg{i // 1000:03d}/mod{i:06d}.py\ndata {len(body.encode())}\n{body}\n")
EOF
  git -C "$r" checkout -q base
  git -C "$r" checkout -qb pr
  python_function copy_of_g7 7 >"$r/new.py"
  git -C "$r" add new.py && git -C "$r" commit -qm pr
  echo "== a repository of 200 000 files" >&2
  rm -rf "$tmp/cache"
  measure "200k files, cold cache" "$r"
  measure "200k files, warm cache" "$r"
}

case_generated() {
  local r="$tmp/generated"
  new_repo "$r"
  printf 'package p\n\nfunc Sum(items []int, limit int) int {\n\ttotal := 0\n\tfor _, item := range items {\n\t\tif item > limit {\n\t\t\ttotal += item\n\t\t}\n\t}\n\treturn total\n}\n' >"$r/sum.go"
  git -C "$r" add -A && git -C "$r" commit -qm base
  git -C "$r" checkout -qb pr
  python3 - "$r/gen.go" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("// Code generated by gen. DO NOT EDIT.\n\npackage p\n\n")
    i = 0
    while f.tell() < 50 * 1024 * 1024:
        f.write(f"func G{i}(items []int, limit int) int {{\n\ttotal := {i}\n"
                f"\tfor _, item := range items {{\n\t\tif item > limit {{\n"
                f"\t\t\ttotal += item * {i}\n\t\t}}\n\t}}\n\treturn total\n}}\n\n")
        i += 1
EOF
  sed 's/func Sum(/func Total(/' "$r/sum.go" >"$r/total.go"
  git -C "$r" add -A && git -C "$r" commit -qm pr
  echo "== a 50 MB generated file ($(du -h "$r/gen.go" | cut -f1))" >&2
  rm -rf "$tmp/cache"
  measure "50 MB generated, default limit" "$r"
  big_limit "$r"
  rm -rf "$tmp/cache"
  measure "50 MB generated, max_file_bytes 100 MB" "$r"
}

for c in "${cases[@]}"; do
  case "$c" in
    functions|files|generated) "case_$c" ;;
    *) echo "unknown case $c (functions, files, generated)" >&2; exit 2 ;;
  esac
done
