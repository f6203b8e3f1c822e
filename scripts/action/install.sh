#!/usr/bin/env bash
# Step "install" of action.yml: makes `dedupe-check` available on PATH. Uses the
# binary restored by actions/cache when there is one, else builds it from the
# action's own sources with `cargo install --locked`.
#
# Env: BIN_ROOT (from prepare.sh), GITHUB_ACTION_PATH, GITHUB_PATH.
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/action/lib.sh
source "$here/lib.sh"

action_path=${GITHUB_ACTION_PATH:-$(cd -- "$here/../.." && pwd -P)}
root=${BIN_ROOT:?BIN_ROOT is not set (output bin-root of prepare.sh)}
bin="$root/bin/dedupe-check"

if [[ -x "$bin" ]]; then
    echo "dedupe-check: using the cached build in $root"
else
    if ! command -v cargo >/dev/null; then
        error "cargo is not on PATH: add a Rust toolchain step (e.g. dtolnay/rust-toolchain@stable) before this action"
        exit 2
    fi
    # Make sure the toolchain is recent enough for the package's rust-version.
    if command -v rustup >/dev/null; then
        rustup toolchain install stable --profile minimal --no-self-update >/dev/null 2>&1 || true
        cargo=(cargo +stable)
    else
        cargo=(cargo)
    fi
    echo "dedupe-check: building from $action_path (cached for later runs)"
    "${cargo[@]}" install --locked --path "$action_path" --root "$root" --bin dedupe-check
fi
"$bin" --version 2>/dev/null || true
if [[ -n "${GITHUB_PATH:-}" ]]; then
    echo "$root/bin" >>"$GITHUB_PATH"
fi
