#!/usr/bin/env bash
# The CPU budget of the reranker: a 10-function pull request checked with `dedupe-check pr`
# and an in-process model on 2 CPU cores, end to end (process start, model load,
# extraction, candidates, the model), with default settings and with the settings of
# earlier versions (no cascade, 20 candidates per function to the model, no prefix cache).
#
#   bench/cpu_pr.sh --model DIR [--baseline-model DIR] [--functions N] [--existing N]
#                   [--seed S] [--cores LIST] [--threads N] [--skip-baseline]
#
# Every flag has an environment twin (flags win):
#   MODEL           model directory of the default run, e.g. a full-size random int8 export:
#                     python models/export.py --random full --precision int8 \
#                         --tokenizer TOKENIZER --output OUT/full-int8
#   BASELINE_MODEL  model directory of the earlier-settings run (default: MODEL), e.g. the
#                   fp32 export of earlier versions' recommendation (that run turns the
#                   prefix cache off: model.prefix_cache false)
#   FUNCTIONS       functions the PR adds (default 10): a fifth renamed copies of existing
#                   functions, a fifth edited copies, the rest new code
#   EXISTING        functions already in the repository (default 400)
#   SEED            seed of the synthetic code (default 0)
#   CORES           CPUs the runs are pinned to with taskset (default 0,1); THREADS the
#                   model's intra-op threads (default 2)
#   ORT_LIB         libonnxruntime.so (default: $ORT_DYLIB_PATH, else
#                   .cache/test-deps/onnxruntime/libonnxruntime.so.*)
#   DEDUPE_CHECK    binary (default target/release/dedupe-check of this checkout)
#   SKIP_BASELINE=1 only the default run (the earlier settings run the model on ~4x the tokens)
#   KEEP=1          keep the temp directory
#
# Reported per run: wall time, the model's pairs and pairs/s (pairs over the wall time of
# the whole run), token passes (rows × padded length of every batch the model ran, prefix
# runs included: deterministic, unlike the timings), real tokens, peak RSS, and findings.
# Timings depend on the machine's load; the token passes do not.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --baseline-model) BASELINE_MODEL="$2"; shift 2 ;;
    --functions) FUNCTIONS="$2"; shift 2 ;;
    --existing) EXISTING="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --cores) CORES="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --skip-baseline) SKIP_BASELINE=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
FUNCTIONS="${FUNCTIONS:-10}"
EXISTING="${EXISTING:-400}"
SEED="${SEED:-0}"
CORES="${CORES:-0,1}"
THREADS="${THREADS:-2}"
bin="${DEDUPE_CHECK:-$here/target/release/dedupe-check}"
if [ -z "${ORT_LIB:-}" ]; then
  libs=("$here"/.cache/test-deps/onnxruntime/libonnxruntime.so*)
  ORT_LIB="${ORT_DYLIB_PATH:-${libs[${#libs[@]}-1]}}"
fi
[ -n "${MODEL:-}" ] && [ -f "$MODEL/dedupe-model.json" ] || { echo "set MODEL (or --model) to a model directory" >&2; exit 2; }
BASELINE_MODEL="${BASELINE_MODEL:-$MODEL}"
[ -x "$bin" ] || { echo "no dedupe-check binary at $bin (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }
[ -f "$ORT_LIB" ] || { echo "no ONNX Runtime library (set ORT_LIB or ORT_DYLIB_PATH)" >&2; exit 2; }

tmp="$(mktemp -d -t dedupe-cpu-pr.XXXXXX)"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$tmp"' EXIT; fi

# The repository: EXISTING functions in 20 modules on main, FUNCTIONS added on feature.
repo="$tmp/repo"
python3 - "$repo" "$EXISTING" "$FUNCTIONS" "$SEED" "$here/bench" <<'PY'
import os, random, subprocess, sys
repo, existing, added, seed, bench = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
sys.path.insert(0, bench)
import python_reference as r  # the synthetic functions of bench/rerank.sh

class Words:  # a stand-in tokenizer: function sizes in words (40-160)
    def encode(self, s, add_special_tokens=False):
        return s.split()

rng, tok = random.Random(seed), Words()
def fresh(i):  # unique names, so that no two functions are one
    return r.synth_function(rng, tok, rng.randint(40, 160)).replace("def ", f"def f{i}_", 1)
old = [fresh(i) for i in range(existing)]
git = lambda *a: subprocess.run(["git", "-C", repo, *a], check=True, capture_output=True)  # noqa: E731
os.makedirs(os.path.join(repo, "pkg"))
git("init", "-q", "-b", "main")
git("config", "user.email", "bench@example.com"); git("config", "user.name", "bench")
for m in range(20):
    with open(os.path.join(repo, "pkg", f"mod{m}.py"), "w") as f:
        f.write("\n\n".join(old[m::20]))
git("add", "-A"); git("commit", "-q", "-m", "base")
git("checkout", "-q", "-b", "feature")
new = []
for i in range(added):
    src = old[rng.randrange(existing)]
    if i % 5 == 0:  # renamed copy
        new.append(r.rename(rng, src).replace("def ", f"def n{i}_", 1))
    elif i % 5 == 1:  # edited copy: a statement dropped, one added
        lines = src.splitlines()
        del lines[rng.randrange(2, len(lines) - 1)]
        lines.insert(2, "    log = []")
        new.append("\n".join(lines).replace("def ", f"def n{i}_", 1) + "\n")
    else:
        new.append(fresh(existing + i))
with open(os.path.join(repo, "pkg", "new.py"), "w") as f:
    f.write("\n\n".join(new))
git("add", "-A"); git("commit", "-q", "-m", "feature")
PY

echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== dedupe-check $("$bin" --version | awk '{print $2}'), ORT $(basename "$ORT_LIB"); PR: $FUNCTIONS functions added to $EXISTING (seed $SEED); pinned to cpus $CORES, $THREADS threads"

# run NAME MODEL_DIR CONFIG_YAML
run() {
  local name="$1" model="$2" config="$3"
  printf '%s' "$config" >"$tmp/$name.yml"
  local start; start="$(cut -d' ' -f1 /proc/loadavg)"
  DEDUPE_CHECK_RERANK_STATS=1 /usr/bin/time -v -o "$tmp/$name.time" taskset -c "$CORES" \
    "$bin" pr --repo "$repo" --base main --head feature --format json --fail-on never --no-cache \
    --config "$tmp/$name.yml" --model "$model" --ort-lib "$ORT_LIB" >"$tmp/$name.json" 2>"$tmp/$name.err" \
    || { echo "$name failed" >&2; cat "$tmp/$name.err" >&2; exit 2; }
  python3 - "$tmp" "$name" "$model" "$start/$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, re, sys
tmp, name, model, load = sys.argv[1:5]
t = open(f"{tmp}/{name}.time").read()
wall = re.search(r"Elapsed \(wall clock\).*: (.*)", t).group(1).split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
stats = re.search(r"rerank stats: runs (\d+) rows (\d+) tokens (\d+) token_passes (\d+) prefix_cache (\w+)",
                  open(f"{tmp}/{name}.err").read())
runs, rows, tokens, passes = (int(stats.group(i)) for i in range(1, 5)) if stats else (0, 0, 0, 0)
cached = bool(stats) and stats.group(5) == "true"
out = json.load(open(f"{tmp}/{name}.json"))
m = json.load(open(f"{model}/dedupe-model.json"))
print(f"   {name:<16} {m['precision']:>5} {'prefix cache' if cached else 'whole prompts':>13}  wall {wall:7.1f} s  "
      f"rows {rows:>4} in {runs:>3} runs ({rows / wall:.2f}/s)  token passes {passes:>7}  tokens {tokens:>7}  "
      f"peak RSS {rss:6.0f} MiB  findings {len(out['findings'])}  checked {out['checked_functions']}  load {load}")
PY
}

default_cfg="model:
  threads: $THREADS
"
# Earlier versions: every candidate of the top 20 to the model, no cascade.
baseline_cfg="model:
  threads: $THREADS
  cascade: false
  top_k: 20
  prefix_cache: false
"
echo "   (rows: prompts the model ran, one per pair plus one per cached query head)"
run default "$MODEL" "$default_cfg"
if [ "${SKIP_BASELINE:-0}" != 1 ]; then
  run earlier "$BASELINE_MODEL" "$baseline_cfg"
fi
