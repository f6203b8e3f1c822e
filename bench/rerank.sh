#!/usr/bin/env bash
# Benchmark the reranker: dedupe-check versus Python onnxruntime with the reference recipe
# (bench/python_reference.py), same ONNX file, same pairs, same thread count, one run.
#
#   bench/rerank.sh [--model DIR] [--count N] [--seed S] [--python PY] [--ort-lib LIB]
#                   [--threads N] [--skip-speed] [--skip-memory]
#
# Every flag has an environment twin (flags win):
#   MODEL        model directory for the speed section (model.onnx, tokenizer.json,
#                dedupe-model.json), e.g. a full-size random export:
#                  python models/export.py --random full --tokenizer TOKENIZER --output OUT/full-ld
#                (same cost as the real Qwen3-Reranker-0.6B: same architecture, same precision)
#   COUNT        pairs in the speed section (default 32; two batches of the reference's 16).
#                fp32 on 2 CPU cores scores about 0.1-0.3 pairs/s at this length mix.
#   SEED         seed of the synthetic pairs (default 0)
#   PYTHON       python with onnxruntime, transformers, numpy (default: python3)
#   ORT_LIB      libonnxruntime.so for dedupe-check (default: $ORT_DYLIB_PATH, else
#                .cache/test-deps/onnxruntime/libonnxruntime.so.*). Use the version of the
#                Python onnxruntime, or the comparison measures two ONNX Runtimes.
#   THREADS      intra-op threads for BOTH sides (default 0: each lets ONNX Runtime decide)
#   BATCH_SIZE   the reference's pairs per batch (default 16, the reference default)
#   BATCH_TOKENS dedupe-check --batch-tokens (default: unset, the tool's default 8192)
#   TOLERANCE    largest allowed |score difference| between the two sides (default 1e-4)
#   TOKENIZER    Qwen3 tokenizer.json for the tiny fixtures of the memory section
#                (default .cache/test-deps/tokenizer.json, made by scripts/test)
#   FULL_LOGITS_MODEL  optional: a full-size full-logits export
#                (models/export.py --random full --signature full-logits); the memory
#                section then also measures it against MODEL at 16 x 512 tokens
#   DEDUPE_CHECK binary (default target/release/dedupe-check of this checkout)
#   WAIT_LOAD    wait (up to WAIT_MAX s, default 1200) until the 1-minute load average is
#                below this before each timed run (default: do not wait)
#   SKIP_SPEED=1 / SKIP_MEMORY=1, KEEP=1 keeps the temp directory
#
# Speed: one deterministic pair set (python_reference.py --count COUNT --seed SEED: Python
# functions of 50-800 tokens each, a third renamed copies) is dumped once, then both tools
# score it under /usr/bin/time -v, end to end (process start, model load, tokenization,
# scoring), dedupe-check with --no-cache. Reported: wall time, pairs/s, peak RSS, the ratio,
# the reference's own scoring-only time, a load-only run of each (one short pair) to split
# load from scoring, padded tokens of both batching schemes, and the largest score
# difference; the run fails (exit 1) if the scores disagree by more than TOLERANCE.
#
# Memory: 16 pairs whose prompts are exactly 512 tokens, scored as ONE batch of 16 x 512 by
# both tools (reference --batch-size 16; dedupe-check --batch-tokens 8192), with the
# full-logits signature and with the compact logit-diff one. Uses the tiny fixtures
# (fixtures/tiny-qwen3/*: real 151 669-token vocabulary, negligible weights), so the
# [16, 512, vocab] logits tensor (4.97 GB in fp32) is what the peak shows.
# Needs about 12 GB of free memory for that section.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --python) PYTHON="$2"; shift 2 ;;
    --ort-lib) ORT_LIB="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --skip-speed) SKIP_SPEED=1; shift ;;
    --skip-memory) SKIP_MEMORY=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
COUNT="${COUNT:-32}"
SEED="${SEED:-0}"
PYTHON="${PYTHON:-python3}"
THREADS="${THREADS:-0}"
BATCH_SIZE="${BATCH_SIZE:-16}"
TOLERANCE="${TOLERANCE:-1e-4}"
TOKENIZER="${TOKENIZER:-$here/.cache/test-deps/tokenizer.json}"
bin="${DEDUPE_CHECK:-$here/target/release/dedupe-check}"
ref="$here/bench/python_reference.py"
export BENCH_DIR="$here/bench"
if [ -z "${ORT_LIB:-}" ]; then
  libs=("$here"/.cache/test-deps/onnxruntime/libonnxruntime.so*)
  ORT_LIB="${ORT_DYLIB_PATH:-${libs[${#libs[@]}-1]}}"
fi

[ -x "$bin" ] || { echo "no dedupe-check binary at $bin (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }
[ -f "$ORT_LIB" ] || { echo "no ONNX Runtime library (set ORT_LIB or ORT_DYLIB_PATH)" >&2; exit 2; }
"$PYTHON" -c 'import onnxruntime, transformers, numpy' 2>/dev/null \
  || { echo "$PYTHON lacks onnxruntime/transformers/numpy (set PYTHON)" >&2; exit 2; }
if [ "${SKIP_SPEED:-0}" != 1 ]; then
  if [ -z "${MODEL:-}" ] || [ ! -f "$MODEL/dedupe-model.json" ]; then
    echo "set MODEL (or --model) to a model directory, or --skip-speed" >&2; exit 2
  fi
fi

tmp="$(mktemp -d -t dedupe-rerank-bench.XXXXXX)"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$tmp"' EXIT; fi

ort_py="$("$PYTHON" -c 'import onnxruntime; print(onnxruntime.__version__)')"
echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cpus, $(free -g | awk '/^Mem:/{print $2}') GiB"
echo "== dedupe-check $("$bin" --version 2>/dev/null | awk '{print $2}'), ORT library $(basename "$ORT_LIB"); Python onnxruntime $ort_py"
case "$(basename "$ORT_LIB")" in *"$ort_py"*) ;; *) echo "warning: the two sides use different ONNX Runtime versions" >&2 ;; esac

thread_args_rs=(); thread_args_py=()
if [ "$THREADS" != 0 ]; then thread_args_rs=(--threads "$THREADS"); thread_args_py=(--threads "$THREADS"); fi
batch_args_rs=()
if [ -n "${BATCH_TOKENS:-}" ]; then batch_args_rs=(--batch-tokens "$BATCH_TOKENS"); fi

wait_load() {
  [ -n "${WAIT_LOAD:-}" ] || return 0
  local waited=0 max="${WAIT_MAX:-1200}"
  echo "   (waiting for the 1-minute load average < $WAIT_LOAD: now $(cut -d" " -f1 /proc/loadavg))" >&2
  while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v t="$WAIT_LOAD" 'BEGIN{exit !(l >= t)}'; do
    [ "$waited" -ge "$max" ] && { echo "   (load still $(cut -d' ' -f1 /proc/loadavg) after ${max}s; going on)" >&2; return 0; }
    sleep 30; waited=$((waited + 30))
  done
}

# timed NAME CMD...: runs CMD under /usr/bin/time -v; stdout to $tmp/NAME.out;
# sets WALL (s), RSS (MiB), LOAD (1-minute load average at the start/end).
timed() {
  local name="$1"; shift
  wait_load
  LOAD="$(cut -d' ' -f1 /proc/loadavg)"
  if ! /usr/bin/time -v -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    echo "$name failed: $*" >&2; tail -n 20 "$tmp/$name.err" >&2; cat "$tmp/$name.time" >&2 || true; exit 2
  fi
  LOAD="$LOAD/$(cut -d' ' -f1 /proc/loadavg)"
  WALL="$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tmp/$name.time")"
  RSS="$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$tmp/$name.time")"
  echo "$name $WALL $RSS $LOAD" >>"$tmp/results"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# A model directory = a fixture's graph and manifest + the tokenizer.
fixture() {
  local sig="$1" dir="$tmp/tiny-$1"
  mkdir -p "$dir"
  ln -sf "$here/fixtures/tiny-qwen3/$sig/model.onnx" "$dir/model.onnx"
  cp "$here/fixtures/tiny-qwen3/$sig/dedupe-model.json" "$dir/"
  ln -sf "$TOKENIZER" "$dir/tokenizer.json"
  echo "$dir"
}

# ------------------------------------------------------------------------------- speed
if [ "${SKIP_SPEED:-0}" != 1 ]; then
  echo "== speed: $COUNT pairs (seed $SEED), model $MODEL ($(sed -n 's/.*"model": *"\([^"]*\)".*/\1/p' "$MODEL/dedupe-model.json"), $(sed -n 's/.*"signature": *"\([^"]*\)".*/\1/p' "$MODEL/dedupe-model.json"), $(sed -n 's/.*"precision": *"\([^"]*\)".*/\1/p' "$MODEL/dedupe-model.json")); threads: $([ "$THREADS" = 0 ] && echo "ONNX Runtime default, both" || echo "$THREADS, both")"
  # The synthetic pairs depend only on the tokenizer and the seed: dump them through the
  # tiny fixture carrying MODEL's tokenizer, so dumping costs seconds, not a full scoring.
  dump="$tmp/dump-model"; mkdir -p "$dump"
  ln -sf "$here/fixtures/tiny-qwen3/logit-diff/model.onnx" "$dump/model.onnx"
  cp "$here/fixtures/tiny-qwen3/logit-diff/dedupe-model.json" "$dump/"
  ln -sf "$(cd "$MODEL" && pwd)/tokenizer.json" "$dump/tokenizer.json"
  "$PYTHON" "$ref" --model "$dump" --count "$COUNT" --seed "$SEED" --dump-pairs "$tmp/pairs.json" --json >/dev/null
  # Token lengths of the prompts, and the padded tokens of both batching schemes.
  "$PYTHON" - "$MODEL" "$tmp/pairs.json" "$BATCH_SIZE" "${BATCH_TOKENS:-8192}" <<'PY' >"$tmp/lens.txt"
import json, os, sys
from transformers import PreTrainedTokenizerFast
model, pairs_path, bs, budget = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, os.environ["BENCH_DIR"])
import python_reference as r
tok = PreTrainedTokenizerFast(tokenizer_file=os.path.join(model, "tokenizer.json"))
pairs = json.load(open(pairs_path))
fixed = len(tok.encode(r.PREFIX, add_special_tokens=False)) + len(tok.encode(r.SUFFIX, add_special_tokens=False))
lens = [fixed + len(tok.encode(f"<Instruct>: {r.DEFAULT_INSTRUCTION}\n<Query>: {p['query']}\n<Document>: {p['document']}",
                                add_special_tokens=False)) for p in pairs]
fn = [len(tok.encode(p[k], add_special_tokens=False)) for p in pairs for k in ("query", "document")]
ref_padded = sum(max(lens[i:i + bs]) * len(lens[i:i + bs]) for i in range(0, len(lens), bs))
# dedupe-check's plan (src/rerank/batch.rs): sorted by length, rows x longest <= budget
order = sorted(range(len(lens)), key=lambda i: (lens[i], i))
batches, cur = [], []
for i in order:
    if cur and lens[i] * (len(cur) + 1) > budget:
        batches.append(cur); cur = []
    cur.append(i)
if cur: batches.append(cur)
rs_padded = sum(max(lens[i] for i in b) * len(b) for b in batches)
print(f"functions {min(fn)}-{max(fn)} tokens (mean {sum(fn)/len(fn):.0f}); prompts {min(lens)}-{max(lens)} "
      f"(mean {sum(lens)/len(lens):.0f}), {sum(lens)} tokens in all")
print(f"padded tokens: reference (batches of {bs}, input order) {ref_padded}; "
      f"dedupe-check (sorted, budget {budget}, {len(batches)} batches of {'/'.join(str(len(b)) for b in batches)}) {rs_padded}")
PY
  sed 's/^/   /' "$tmp/lens.txt"

  # Load-only runs: one short pair, so that load time can be told apart from scoring.
  printf '[{"query": "def f(x):\\n    return x\\n", "document": "def g(y):\\n    return y\\n"}]\n' >"$tmp/one.json"
  timed rs-load "$bin" rerank --model "$MODEL" --pairs "$tmp/one.json" --no-cache --ort-lib "$ORT_LIB" "${thread_args_rs[@]}"
  rs_load="$WALL"; rs_load_rss="$RSS"
  timed py-load "$PYTHON" "$ref" --model "$MODEL" --pairs "$tmp/one.json" --warmup 0 --json "${thread_args_py[@]}"
  py_load="$WALL"; py_load_rss="$RSS"

  timed rs "$bin" rerank --model "$MODEL" --pairs "$tmp/pairs.json" --no-cache --ort-lib "$ORT_LIB" \
    "${thread_args_rs[@]}" "${batch_args_rs[@]}"
  rs_wall="$WALL"; rs_rss="$RSS"; rs_loadavg="$LOAD"
  timed py "$PYTHON" "$ref" --model "$MODEL" --pairs "$tmp/pairs.json" --batch-size "$BATCH_SIZE" --warmup 0 \
    --scores-out "$tmp/py-scores.json" --json "${thread_args_py[@]}"
  py_wall="$WALL"; py_rss="$RSS"; py_loadavg="$LOAD"

  "$PYTHON" - "$tmp" "$COUNT" "$TOLERANCE" "$rs_wall" "$py_wall" "$rs_load" "$py_load" <<'PY'
import json, sys
tmp, n, tol = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
rs_wall, py_wall, rs_load, py_load = map(float, sys.argv[4:8])
rs = [x["score"] for x in json.load(open(f"{tmp}/rs.out"))]
py = json.load(open(f"{tmp}/py-scores.json"))
info = json.loads(open(f"{tmp}/py.out").read().strip().splitlines()[-1])
assert len(rs) == len(py) == n, (len(rs), len(py), n)
diff = max(abs(a - b) for a, b in zip(rs, py))
py_score_s = info["seconds"]
rs_score_s = max(rs_wall - rs_load, 1e-9)
print(f"   scoring only: dedupe-check ~{rs_score_s:.1f} s (wall - load-only run) = {n / rs_score_s:.3f} pairs/s; "
      f"reference {py_score_s:.1f} s (its own timer) = {n / py_score_s:.3f} pairs/s; ratio {py_score_s / rs_score_s:.2f}")
print(f"   scores: max |dedupe-check - reference| = {diff:.2e} over {n} pairs "
      f"(range {min(py):.4f}-{max(py):.4f}); tolerance {tol:g}")
open(f"{tmp}/agree", "w").write("ok" if diff <= tol else "DISAGREE")
PY
  printf '   %-14s %9s %10s %14s %10s %14s\n' side "wall s" "pairs/s" "peak RSS MiB" "load s" "load RSS MiB"
  printf '   %-14s %9.1f %10.3f %14d %10.1f %14d\n' dedupe-check "$rs_wall" "$(awk -v n="$COUNT" -v w="$rs_wall" 'BEGIN{print n/w}')" "$rs_rss" "$rs_load" "$rs_load_rss"
  printf '   %-14s %9.1f %10.3f %14d %10.1f %14d\n' reference "$py_wall" "$(awk -v n="$COUNT" -v w="$py_wall" 'BEGIN{print n/w}')" "$py_rss" "$py_load" "$py_load_rss"
  echo "   end to end: dedupe-check is $(ratio "$py_wall" "$rs_wall")x the reference's pairs/s, peak RSS ratio (reference / dedupe-check) $(ratio "$py_rss" "$rs_rss")"
  echo "   1-minute load average at the start/end of each run: dedupe-check $rs_loadavg, reference $py_loadavg"
  if [ "$(cat "$tmp/agree")" != ok ]; then
    echo "FAIL: the two sides disagree on the scores; the timings compare different computations" >&2
    exit 1
  fi
fi

# ------------------------------------------------------------------------------ memory
if [ "${SKIP_MEMORY:-0}" != 1 ]; then
  [ -f "$TOKENIZER" ] || { echo "no tokenizer at $TOKENIZER (run scripts/test once, or set TOKENIZER)" >&2; exit 2; }
  echo "== memory: one batch of 16 x 512 tokens, full-logits vs compact signature"
  # 16 pairs whose prompts are exactly 512 tokens (the reference recipe's token count).
  "$PYTHON" - "$TOKENIZER" "$tmp/p512.json" <<'PY'
import json, os, random, sys
sys.path.insert(0, os.environ["BENCH_DIR"])
import python_reference as r
from transformers import PreTrainedTokenizerFast
tok = PreTrainedTokenizerFast(tokenizer_file=sys.argv[1])
fixed = len(tok.encode(r.PREFIX, add_special_tokens=False)) + len(tok.encode(r.SUFFIX, add_special_tokens=False))
def length(q, d):
    return fixed + len(tok.encode(f"<Instruct>: {r.DEFAULT_INSTRUCTION}\n<Query>: {q}\n<Document>: {d}",
                                  add_special_tokens=False))
rng = random.Random(512)
pairs = []
while len(pairs) < 16:
    q = r.synth_function(rng, tok, 150)
    d = r.synth_function(rng, tok, 150)
    for k in range(400):
        dk = d + "    # " + " ".join(["pad"] * k) + "\n"
        n = length(q, dk)
        if n == 512:
            pairs.append({"query": q, "document": dk})
            break
        if n > 512:
            break
json.dump(pairs, open(sys.argv[2], "w"), indent=1)
PY
  declare -A MEM=()  # peak RSS (MiB) by side:label
  mem_run() { # LABEL MODEL_DIR
    local label="$1" dir="$2"
    timed "mem-rs-$label" "$bin" rerank --model "$dir" --pairs "$tmp/p512.json" --no-cache --ort-lib "$ORT_LIB" \
      --batch-tokens 8192 "${thread_args_rs[@]}"
    MEM[rs:$label]="$RSS"
    timed "mem-py-$label" "$PYTHON" "$ref" --model "$dir" --pairs "$tmp/p512.json" --batch-size 16 --warmup 0 \
      --json "${thread_args_py[@]}"
    MEM[py:$label]="$RSS"
    local padded; padded="$("$PYTHON" -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])["padded_tokens"])' "$tmp/mem-py-$label.out")"
    printf '   %-22s dedupe-check %6d MiB   reference %6d MiB   (reference padded tokens %s)\n' \
      "$label" "${MEM[rs:$label]}" "${MEM[py:$label]}" "$padded"
  }
  mem_run tiny_full "$(fixture full-logits)"
  mem_run tiny_compact "$(fixture logit-diff)"
  echo "   tiny: full-logits / compact peak RSS: dedupe-check $(ratio "${MEM[rs:tiny_full]}" "${MEM[rs:tiny_compact]}")x, reference $(ratio "${MEM[py:tiny_full]}" "${MEM[py:tiny_compact]}")x"
  if [ -n "${FULL_LOGITS_MODEL:-}" ]; then
    [ -n "${MODEL:-}" ] || { echo "FULL_LOGITS_MODEL needs MODEL (the compact full-size export)" >&2; exit 2; }
    mem_run full_full "$FULL_LOGITS_MODEL"
    mem_run full_compact "$MODEL"
    echo "   full-size: full-logits / compact peak RSS: dedupe-check $(ratio "${MEM[rs:full_full]}" "${MEM[rs:full_compact]}")x, reference $(ratio "${MEM[py:full_full]}" "${MEM[py:full_compact]}")x"
  fi
fi
