#!/usr/bin/env bash
# Step "prune the caches" of action.yml, before the cache is saved: removes function and
# score entries unused for cache_max_age_days, then the least recently used beyond
# cache_max_mb (both from the config, default 30 days and 1024 MiB), so the saved cache
# stays bounded from run to run. A failure here never fails the job: the cache is only
# for speed.
#
# Env: DEDUPE_CHECK_CACHE_DIR (the cache), INPUT_CONFIG (config file, optional),
#      DEDUPE_CHECK_BIN (the binary, default: dedupe-check on PATH).
set -uo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/action/lib.sh
source "$here/lib.sh"

bin=${DEDUPE_CHECK_BIN:-dedupe-check}
if [[ -z "${DEDUPE_CHECK_CACHE_DIR:-}" || ! -d "$DEDUPE_CHECK_CACHE_DIR" ]]; then
    exit 0
fi
args=(cache prune)
if [[ -n "${INPUT_CONFIG:-}" ]]; then
    args+=(--config "$INPUT_CONFIG")
fi
if ! "$bin" "${args[@]}"; then
    warning "could not prune the cache at $DEDUPE_CHECK_CACHE_DIR; it is saved as it is"
fi
exit 0
