#!/usr/bin/env bash
# Step "model" of action.yml: resolves the `model` input to a model directory and
# installs ONNX Runtime for it.
#
#   model: ''                 no model from the action (the config file may name one)
#   model: path/to/dir        a model directory in the repository or on the runner
#   model: hub:owner/name[@rev][:file] or qwen3-reranker
#                             pulled by dedupe-check itself into its cache dir (the hub
#                             folder, which actions/cache restores); only ONNX Runtime here
#   model: owner/name[@rev]   a model hub repository holding an exported dedupe-check
#                             model directory; downloaded into MODEL_CACHE_DIR (which
#                             actions/cache restores) unless it is already there
#
# ONNX Runtime comes from PyPI: `onnxruntime` (device cpu) or `onnxruntime-gpu`
# with its CUDA/cuDNN wheels (device cuda), installed into a venv, unless the
# onnxruntime-lib input names a library.
#
# A model that cannot be had is not an error here: the outputs stay empty, the
# reason goes to the `error` output, and run.sh decides (notice and structural
# only, or failure when require-model is true).
#
# Env: INPUT_MODEL, INPUT_DEVICE, INPUT_ONNXRUNTIME_VERSION, INPUT_ONNXRUNTIME_LIB,
#      MODEL_CACHE_DIR (from prepare.sh), RUNNER_TEMP.
# Outputs: model-dir, ort-lib, ld-library-path, error.
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/action/lib.sh
source "$here/lib.sh"

model=${INPUT_MODEL:-}
device=${INPUT_DEVICE:-cpu}
ort_version=${INPUT_ONNXRUNTIME_VERSION:-}
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
venv="$tmp/dedupe-check-venv"

fail() { # the model is not available: say why, leave the rest to run.sh
    echo "dedupe-check: $*" >&2
    set_output model-dir ""
    set_output ort-lib ""
    set_output ld-library-path ""
    set_output error "$*"
    exit 0
}

ensure_venv() {
    if [[ ! -x "$venv/bin/python" ]]; then
        python3 -m venv "$venv" || return 1
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip || true
    fi
}

if [[ -z "$model" ]]; then
    set_output model-dir ""
    set_output ort-lib "${INPUT_ONNXRUNTIME_LIB:-}"
    set_output ld-library-path ""
    set_output error ""
    exit 0
fi

# --- the model directory ------------------------------------------------------------
model_dir=
if is_hub_spec "$model"; then
    echo "dedupe-check: model $model is pulled by dedupe-check into its cache (pinned by commit)"
elif [[ -d "$model" ]]; then
    model_dir=$(cd -- "$model" && pwd -P)
elif is_hub_id "$model"; then
    model_dir=${MODEL_CACHE_DIR:?MODEL_CACHE_DIR is not set (output model-cache-dir of prepare.sh)}
    if [[ -f "$model_dir/dedupe-model.json" ]]; then
        echo "dedupe-check: model $model restored from the cache ($model_dir)"
    else
        repo_id=${model%%@*}
        revision=
        [[ "$model" == *@* ]] && revision=${model#*@}
        downloader=()
        if command -v hf >/dev/null; then
            downloader=(hf download)
        elif command -v huggingface-cli >/dev/null; then
            downloader=(huggingface-cli download)
        else
            if ! { ensure_venv && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check huggingface_hub; }; then
                fail "could not install huggingface_hub from PyPI to download $model"
            fi
            downloader=("$venv/bin/hf" download)
            [[ -x "$venv/bin/hf" ]] || downloader=("$venv/bin/huggingface-cli" download)
        fi
        echo "dedupe-check: downloading $model with ${downloader[*]}"
        rm -rf "$model_dir.partial"
        mkdir -p "$(dirname "$model_dir")"
        if ! "${downloader[@]}" "$repo_id" ${revision:+--revision "$revision"} --local-dir "$model_dir.partial"; then
            rm -rf "$model_dir.partial"
            fail "downloading $model from the model hub failed (and there is no directory $model)"
        fi
        rm -rf "$model_dir.partial/.cache" "$model_dir"
        mv "$model_dir.partial" "$model_dir"
    fi
else
    fail "model '$model' is neither a directory nor a model hub id (owner/name[@revision])"
fi
for f in dedupe-model.json tokenizer.json model.onnx; do
    [[ -z "$model_dir" || -f "$model_dir/$f" ]] ||
        fail "model directory $model_dir has no $f (is it a dedupe-check model export?)"
done

# --- ONNX Runtime ---------------------------------------------------------------------
ld_library_path=
if [[ -n "${INPUT_ONNXRUNTIME_LIB:-}" ]]; then
    [[ -f "$INPUT_ONNXRUNTIME_LIB" ]] || fail "onnxruntime-lib $INPUT_ONNXRUNTIME_LIB does not exist"
    ort_lib=$INPUT_ONNXRUNTIME_LIB
else
    if [[ "$device" == cuda ]]; then
        requirement="onnxruntime-gpu[cuda,cudnn]${ort_version:+==$ort_version}"
    else
        requirement="onnxruntime${ort_version:+==$ort_version}"
    fi
    echo "dedupe-check: installing $requirement from PyPI"
    if ! { ensure_venv && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$requirement"; }; then
        fail "pip install $requirement failed"
    fi
    ort_lib=$(find "$venv" -path '*/onnxruntime/capi/libonnxruntime.so.*' -type f | LC_ALL=C sort | tail -n1)
    [[ -n "$ort_lib" ]] || fail "no libonnxruntime.so in the $requirement wheel"
    if [[ "$device" == cuda ]]; then
        # The CUDA provider loads libcudart, libcublas, libcudnn… from the nvidia-* wheels.
        ld_library_path=$(find "$venv" -path '*/site-packages/nvidia/*' -name 'lib*.so*' -printf '%h\n' |
            LC_ALL=C sort -u | paste -sd: -)
    fi
fi
echo "dedupe-check: model ${model_dir:-$model}, ONNX Runtime $ort_lib"
set_output model-dir "$model_dir"
set_output ort-lib "$ort_lib"
set_output ld-library-path "$ld_library_path"
set_output error ""
