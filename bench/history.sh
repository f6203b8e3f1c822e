#!/usr/bin/env bash
# `dedupe-check history --commits N` on a real repository, cold (empty function cache)
# then warm, with wall time, CPU time and peak memory of each.
#
#   cargo build --release
#   bench/history.sh SYMPY e950d313a932bc6cccbc95376b3821cd2f8b5af4 200
#
# REPO is a clone or bare mirror, read and never modified: the script clones it (shared
# objects) into a temp dir. Knobs: DEDUPE_CHECK (binary), KEEP=1.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
repo="${1:?usage: bench/history.sh REPO [REV] [N]}"
repo="$(cd "$repo" && pwd)"
rev="${2:-HEAD}"
n="${3:-200}"
bin="${DEDUPE_CHECK:-$here/target/release/dedupe-check}"
[ -x "$bin" ] || { echo "no dedupe-check binary at $bin (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }

tmp="$(mktemp -d -t dedupe-history-bench.XXXXXX)"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$tmp"' EXIT; else echo "== keeping $tmp" >&2; fi
git clone -q --shared --no-checkout "$repo" "$tmp/repo"
sha="$(git -C "$tmp/repo" rev-parse "$rev^{commit}")"
git -C "$tmp/repo" checkout -q "$sha"
echo "== $repo at $sha: history --commits $n" >&2

for run in cold warm; do
  /usr/bin/time -f "$run\t%e\t%U\t%S\t%M" -o "$tmp/$run.time" \
    env DEDUPE_CHECK_CACHE_DIR="$tmp/cache" "$bin" history --repo "$tmp/repo" \
    --commits "$n" --format json --quiet -o "$tmp/$run.json"
done
python3 - "$tmp" <<'PY'
import json, os, sys
tmp = sys.argv[1]
doc = json.load(open(os.path.join(tmp, "cold.json")))
warm = json.load(open(os.path.join(tmp, "warm.json")))
assert warm["rates"] == doc["rates"], "the warm replay differs"
r = doc["rates"]
print(f"{r['commits']} commits replayed: {r['failed']} would have failed, "
      f"{r['errors']} error(s), {r['warnings']} warning(s), {r['unchecked']} not checked")
print("| run | wall s | CPU s | peak RSS MiB |")
print("|---|---|---|---|")
for run in ("cold", "warm"):
    name, wall, user, sys_, rss = open(os.path.join(tmp, run + ".time")).read().split("\t")
    print(f"| {name} | {float(wall):.1f} | {float(user) + float(sys_):.1f} | {int(rss) / 1024:.0f} |")
PY
