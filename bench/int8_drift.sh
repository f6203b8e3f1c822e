#!/usr/bin/env bash
# Score drift of an int8 export from the fp32 export of the same weights: the same pairs
# scored by `dedupe-check rerank --pairs` with each model directory.
#
#   bench/int8_drift.sh FP32_DIR INT8_DIR [COUNT]
#
# Pairs: the 14 reference pairs of fixtures/pairs, every document against the first query
# (`cross` of fixtures/tiny-qwen3/reference-scores.json: one query's candidates, through
# the prefix cache when the graph has it), and COUNT (default 16) synthetic pairs of
# bench/python_reference.py (seed 0; needs python3 with transformers for the tokenizer
# of FP32_DIR). Prints max and mean |score difference| and |logit difference|.
#   DEDUPE_CHECK  binary (default target/release/dedupe-check); ORT_LIB as bench/rerank.sh
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
fp32="${1:?usage: bench/int8_drift.sh FP32_DIR INT8_DIR [COUNT]}"
int8="${2:?usage: bench/int8_drift.sh FP32_DIR INT8_DIR [COUNT]}"
count="${3:-16}"
bin="${DEDUPE_CHECK:-$here/target/release/dedupe-check}"
PYTHON="${PYTHON:-python3}"
if [ -z "${ORT_LIB:-}" ]; then
  libs=("$here"/.cache/test-deps/onnxruntime/libonnxruntime.so*)
  ORT_LIB="${ORT_DYLIB_PATH:-${libs[${#libs[@]}-1]}}"
fi
tmp="$(mktemp -d -t dedupe-int8-drift.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

"$PYTHON" - "$here" "$fp32" "$count" "$tmp/pairs.json" <<'PY'
import json, os, random, sys
here, model, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ref = json.load(open(os.path.join(here, "fixtures/tiny-qwen3/reference-scores.json")))
read = lambda p: open(os.path.join(here, p), encoding="utf-8", newline="").read()  # noqa: E731
# The default instruction only: `rerank --pairs` scores with one instruction.
pairs = [{"query": read(p["query"]), "document": read(p["document"])}
         for p in ref["pairs"] + ref["cross"] if p["instruction"] is None]
if count:
    sys.path.insert(0, os.path.join(here, "bench"))
    import python_reference as r
    from transformers import PreTrainedTokenizerFast
    tok = PreTrainedTokenizerFast(tokenizer_file=os.path.join(model, "tokenizer.json"))
    pairs += [{"query": p["query"], "document": p["document"]} for p in r.synthetic_pairs(tok, count, 0)]
json.dump(pairs, open(out, "w"))
print(f"{len(pairs)} pairs", file=sys.stderr)
PY
for m in fp32 int8; do
  dir="$fp32"; [ "$m" = int8 ] && dir="$int8"
  "$bin" rerank --model "$dir" --pairs "$tmp/pairs.json" --no-cache --ort-lib "$ORT_LIB" >"$tmp/$m.json"
done
"$PYTHON" - "$tmp" "$fp32" "$int8" <<'PY'
import json, sys
tmp, a_dir, b_dir = sys.argv[1:4]
a, b = (json.load(open(f"{tmp}/{m}.json")) for m in ("fp32", "int8"))
ds = [abs(x["score"] - y["score"]) for x, y in zip(a, b)]
dl = [abs(x["logit"] - y["logit"]) for x, y in zip(a, b)]
prec = lambda d: json.load(open(f"{d}/dedupe-model.json"))["precision"]  # noqa: E731
print(f"{len(ds)} pairs, {prec(a_dir)} vs {prec(b_dir)}: |score diff| max {max(ds):.2e} mean {sum(ds) / len(ds):.2e}; "
      f"|logit diff| max {max(dl):.2e} mean {sum(dl) / len(dl):.2e}; fp32 scores {min(x['score'] for x in a):.4f}-"
      f"{max(x['score'] for x in a):.4f}")
PY
