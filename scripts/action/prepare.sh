#!/usr/bin/env bash
# Step "prepare" of action.yml: validates the inputs that decide what gets cached
# and computes the cache keys and paths for the later actions/cache steps.
#
# Env: INPUT_MODEL, INPUT_DEVICE, GITHUB_ACTION_PATH (the action's checkout),
#      RUNNER_OS, RUNNER_ARCH.
# Outputs: bin-root, bin-key, model-cache-dir, model-cache-key (empty when the
#          model input is not a hub id), cache-day (UTC date: the function and score
#          caches are saved under one key a day).
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/action/lib.sh
source "$here/lib.sh"

action_path=${GITHUB_ACTION_PATH:-$(cd -- "$here/../.." && pwd -P)}
cache_root=$(dedupe_cache_root)

case "${INPUT_DEVICE:-cpu}" in
    cpu | cuda) ;;
    *) error "input device must be cpu or cuda, got '${INPUT_DEVICE}'"; exit 2 ;;
esac

# The binary is keyed on everything that goes into it: the sources, the lock file,
# the runner's OS and architecture.
src_hash=$(
    cd "$action_path"
    { find Cargo.toml Cargo.lock src -type f 2>/dev/null | LC_ALL=C sort | xargs -d '\n' sha256sum; } |
        sha256sum | cut -c1-24
)
set_output bin-root "$cache_root/bin-$src_hash"
set_output bin-key "dedupe-check-bin-v1-${RUNNER_OS:-Linux}-${RUNNER_ARCH:-X64}-$src_hash"

model=${INPUT_MODEL:-}
if [[ -n "$model" ]] && is_hub_spec "$model"; then
    # dedupe-check pulls it into the hub folder of its cache dir (DEDUPE_CHECK_CACHE_DIR of
    # the check step), pinned by commit: one cache entry per model and device.
    slug=$(printf '%s-%s' "$model" "${INPUT_DEVICE:-cpu}" | tr -c 'A-Za-z0-9._-' '-')
    set_output model-cache-dir "${RUNNER_TEMP:?RUNNER_TEMP is not set}/dedupe-check-cache/hub"
    set_output model-cache-key "dedupe-check-hub-v1-${RUNNER_OS:-Linux}-$slug"
elif [[ -n "$model" ]] && is_hub_id "$model"; then
    slug=${model//\//--}
    set_output model-cache-dir "$cache_root/models/$slug"
    set_output model-cache-key "dedupe-check-model-v1-$slug"
else
    set_output model-cache-dir ""
    set_output model-cache-key ""
fi

# One key a day (UTC): later runs of the day restore it and save nothing.
set_output cache-day "$(date -u +%Y-%m-%d)"
