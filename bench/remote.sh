#!/usr/bin/env bash
# Benchmark the remote reranker: the same model and the same pairs scored in process
# (`dedupe-check rerank --model`) and through a local model server
# (`dedupe-check rerank --reranker-url`, examples/rerank_server.rs: it answers like vLLM and
# scores with the same ONNX file through the same ONNX Runtime), one run each.
#
#   bench/remote.sh [--model DIR] [--queries Q] [--docs K] [--ort-lib LIB]
#
# Every flag has an environment twin (flags win):
#   MODEL     model directory (default: the tiny fixture fixtures/tiny-qwen3/logit-diff with
#             the real tokenizer, whose compute is negligible, so that what is measured is
#             the client's and the transport's own cost)
#   QUERIES   checked functions (default 16): one request each
#   DOCS      candidates per checked function (default 20, the default top_k)
#   ORT_LIB   libonnxruntime.so (default: $ORT_DYLIB_PATH, else .cache/test-deps/onnxruntime/*)
#   TOKENIZER Qwen3 tokenizer.json for the default model (default .cache/test-deps/tokenizer.json)
#   DEDUPE_CHECK, SERVER  binaries (default target/release/dedupe-check and
#             target/release/examples/rerank_server; cargo build --release --example rerank_server)
#   KEEP=1 keeps the temp directory
#
# Pairs: QUERIES x DOCS from fixtures/pairs (the functions numbered per query so that no two
# are alike), the shape of a pull request check. Each side runs end to end with --no-cache,
# and once with a single pair to measure process start and load; scoring time is the
# difference. Reported: pairs/s of each side, the per-request overhead of the remote side
# ((remote - in-process scoring time) / requests), and the largest score difference.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --queries) QUERIES="$2"; shift 2 ;;
    --docs) DOCS="$2"; shift 2 ;;
    --ort-lib) ORT_LIB="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
QUERIES="${QUERIES:-16}"
DOCS="${DOCS:-20}"
TOKENIZER="${TOKENIZER:-$here/.cache/test-deps/tokenizer.json}"
bin="${DEDUPE_CHECK:-$here/target/release/dedupe-check}"
server_bin="${SERVER:-$here/target/release/examples/rerank_server}"
if [ -z "${ORT_LIB:-}" ]; then
  libs=("$here"/.cache/test-deps/onnxruntime/libonnxruntime.so*)
  ORT_LIB="${ORT_DYLIB_PATH:-${libs[${#libs[@]}-1]}}"
fi
[ -x "$bin" ] || { echo "no dedupe-check binary at $bin (cargo build --release)" >&2; exit 2; }
[ -x "$server_bin" ] || { echo "no server at $server_bin (cargo build --release --example rerank_server)" >&2; exit 2; }
[ -f "$ORT_LIB" ] || { echo "no ONNX Runtime library (set ORT_LIB or ORT_DYLIB_PATH)" >&2; exit 2; }

tmp="$(mktemp -d -t dedupe-remote-bench.XXXXXX)"
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT

if [ -z "${MODEL:-}" ]; then
  [ -f "$TOKENIZER" ] || { echo "no tokenizer at $TOKENIZER (run scripts/test once, or set TOKENIZER)" >&2; exit 2; }
  MODEL="$tmp/tiny"; mkdir -p "$MODEL"
  ln -sf "$here/fixtures/tiny-qwen3/logit-diff/model.onnx" "$MODEL/model.onnx"
  cp "$here/fixtures/tiny-qwen3/logit-diff/dedupe-model.json" "$MODEL/"
  ln -sf "$TOKENIZER" "$MODEL/tokenizer.json"
fi

python3 - "$here/fixtures/pairs" "$QUERIES" "$DOCS" "$tmp/pairs.json" "$tmp/one.json" <<'PY'
import json, pathlib, sys
src, q, k = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
texts = [p.read_text()[:600] for p in sorted(src.glob("*.py"))]
pairs = [{"query": f"# query {i}\n" + texts[i % len(texts)],
          "document": f"# candidate {i}.{j}\n" + texts[(i + j + 1) % len(texts)]}
         for i in range(q) for j in range(k)]
json.dump(pairs, open(sys.argv[4], "w"))
json.dump(pairs[:1], open(sys.argv[5], "w"))
PY
pairs=$((QUERIES * DOCS))

# start_server NAME ARGS...: starts the server, sets url.
start_server() {
  local name="$1"; shift
  "$server_bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  server_pid=$!
  url=
  for _ in $(seq 100); do
    url="$(sed -n 's/^listening on //p' "$tmp/$name.out")"
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "the server did not start:" >&2; cat "$tmp/$name.err" >&2; exit 2; }
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }
start_server model-server "$MODEL" "$ORT_LIB"

# wall NAME CMD...: runs CMD, stdout to $tmp/NAME.out; prints the wall seconds.
wall() {
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || { echo "$name failed: $*" >&2; cat "$tmp/$name.err" >&2; exit 2; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b - a}'
}

local_args=(rerank --model "$MODEL" --ort-lib "$ORT_LIB" --no-cache)
remote_args=(rerank --reranker-url "$url" --no-cache)
# Warm the page cache and the server once, untimed.
wall warm-local "$bin" "${local_args[@]}" --pairs "$tmp/one.json" >/dev/null
wall warm-remote "$bin" "${remote_args[@]}" --pairs "$tmp/one.json" >/dev/null
local_one=$(wall local-one "$bin" "${local_args[@]}" --pairs "$tmp/one.json")
remote_one=$(wall remote-one "$bin" "${remote_args[@]}" --pairs "$tmp/one.json")
local_all=$(wall local "$bin" "${local_args[@]}" --pairs "$tmp/pairs.json")
remote_all=$(wall remote "$bin" "${remote_args[@]}" --pairs "$tmp/pairs.json")
stop_server
start_server constant-server --constant 0.5
constant_args=(rerank --reranker-url "$url" --no-cache)
wall warm-constant "$bin" "${constant_args[@]}" --pairs "$tmp/one.json" >/dev/null
constant_one=$(wall constant-one "$bin" "${constant_args[@]}" --pairs "$tmp/one.json")
constant_all=$(wall constant "$bin" "${constant_args[@]}" --pairs "$tmp/pairs.json")

echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cpus"
echo "== model $MODEL ($(sed -n 's/.*"model": *"\([^"]*\)".*/\1/p' "$MODEL/dedupe-model.json")), ORT $(basename "$ORT_LIB")"
echo "== $pairs pairs: $QUERIES checked functions x $DOCS candidates ($QUERIES requests, model.concurrency 4)"
python3 - "$tmp" "$pairs" "$QUERIES" "$local_one" "$remote_one" "$local_all" "$remote_all" \
  "$constant_one" "$constant_all" <<'PY'
import json, sys
tmp, n, requests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
local_one, remote_one, local_all, remote_all, constant_one, constant_all = map(float, sys.argv[4:10])
loc = [x["score"] for x in json.load(open(f"{tmp}/local.out"))]
rem = [x["score"] for x in json.load(open(f"{tmp}/remote.out"))]
assert len(loc) == len(rem) == n
diff = max(abs(a - b) for a, b in zip(loc, rem))
ls, rs = max(local_all - local_one, 1e-6), max(remote_all - remote_one, 1e-6)
print(f"   {'side':<12} {'end to end s':>13} {'1-pair run s':>13} {'scoring s':>10} {'pairs/s':>10}")
print(f"   {'in process':<12} {local_all:>13.3f} {local_one:>13.3f} {ls:>10.3f} {n / ls:>10.1f}")
print(f"   {'server':<12} {remote_all:>13.3f} {remote_one:>13.3f} {rs:>10.3f} {n / rs:>10.1f}")
cs = max(constant_all - constant_one, 0.0)
print(f"   {'no model':<12} {constant_all:>13.3f} {constant_one:>13.3f} {cs:>10.3f} {n / max(cs, 1e-6):>10.1f}"
      f"   (the server answers 0.5 without scoring)")
print(f"   per-request overhead (client + HTTP + JSON, {requests} requests of {n // requests} documents, "
      f"4 in flight): {cs / requests * 1000:.2f} ms amortised; the one-pair run, process start "
      f"included, takes {constant_one * 1000:.0f} ms")
print(f"   end to end, the server path takes {remote_all / local_all:.2f}x the in-process time "
      f"(the in-process run also loads the model: {local_one:.3f} s for one pair vs {remote_one:.3f} s)")
print(f"   scores: max |server - in process| = {diff:.2e} over {n} pairs")
sys.exit(0 if diff <= 1e-5 else 1)
PY
