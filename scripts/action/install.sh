#!/usr/bin/env bash
# Step "install" of action.yml: makes `dedupe-check` available on PATH.
#
# 1. The binary restored by actions/cache, when there is one.
# 2. When the action runs at a release tag (v0.1.0, or a floating v0 / v0.1 at a
#    release commit), that release's binary for this runner, downloaded from
#    RELEASE_URL/v<version>/dedupe-check-<target>.tar.gz (.zip on Windows) and checked
#    against the .sha256 file next to it.
# 3. Otherwise, or when the download or its check fails (a notice or an error says
#    so), a build from the action's own sources with `cargo install --locked`.
# Whatever lands in BIN_ROOT is saved by actions/cache for later runs.
#
# Env: BIN_ROOT (from prepare.sh), GITHUB_ACTION_PATH, GITHUB_PATH, RUNNER_OS,
#      RUNNER_ARCH, RUNNER_TEMP, ACTION_REF and ACTION_REPOSITORY (github.action_ref
#      and github.action_repository, used when GITHUB_ACTION_PATH is not the runner's
#      _actions/<owner>/<repo>/<ref>), GITHUB_SERVER_URL, INPUT_RELEASE_URL (base URL
#      of the release downloads; default <server>/<repository>/releases/download).
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/action/lib.sh
source "$here/lib.sh"

action_path=${GITHUB_ACTION_PATH:-$(cd -- "$here/../.." && pwd -P)}
root=${BIN_ROOT:?BIN_ROOT is not set (output bin-root of prepare.sh)}
exe=dedupe-check
[[ "${RUNNER_OS:-}" == Windows ]] && exe=dedupe-check.exe
bin="$root/bin/$exe"

# The Rust target of the release binary for this runner; empty when there is none.
release_target() {
    case "${RUNNER_OS:-Linux}/${RUNNER_ARCH:-X64}" in
        Linux/X64) echo x86_64-unknown-linux-gnu ;;
        Linux/ARM64) echo aarch64-unknown-linux-gnu ;;
        macOS/ARM64) echo aarch64-apple-darwin ;;
        macOS/X64) echo x86_64-apple-darwin ;;
        Windows/X64) echo x86_64-pc-windows-msvc ;;
    esac
}

# The package version in the action's Cargo.toml.
crate_version() {
    sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$action_path/Cargo.toml" | head -n1
}

sha256_of() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

# download URL FILE: 0 when FILE now holds what URL answered with 200.
download() {
    if command -v curl >/dev/null; then
        curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"
    else
        wget --quiet --tries=3 --output-document="$2" "$1"
    fi
}

# try_release: installs the release binary into $root/bin; 1 (after saying why) when
# there is none for this ref and runner, or it cannot be had.
try_release() {
    local ref=${ACTION_REF:-} repository=${ACTION_REPOSITORY:-}
    # The runner checks an action out at <runner>/_actions/<owner>/<repo>/<ref>. That
    # path is the surer source: github.action_ref is empty in some composite actions and,
    # inside another composite action, names that action's ref.
    if [[ "$action_path" == */_actions/*/*/* ]]; then
        local parent
        parent=$(dirname -- "$action_path")
        ref=$(basename -- "$action_path")
        repository="$(basename -- "$(dirname -- "$parent")")/$(basename -- "$parent")"
    fi
    local version
    version=$(crate_version)
    # The action's own sources are those of release v<version> only at that tag, or at
    # a floating tag (v0, v0.1) that a release moved there.
    if [[ -z "$version" || ! "$ref" =~ ^v[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z.-]+)?$ ]] ||
        [[ "v$version" != "$ref" && "v$version" != "$ref".* ]]; then
        echo "dedupe-check: the action's ref '${ref}' is no release tag of version ${version:-unknown}; building from source"
        return 1
    fi
    local target
    target=$(release_target)
    if [[ -z "$target" ]]; then
        notice "no release binary for ${RUNNER_OS:-?} ${RUNNER_ARCH:-?}; building dedupe-check from source"
        return 1
    fi
    local asset="dedupe-check-$target.tar.gz"
    [[ "${RUNNER_OS:-}" == Windows ]] && asset="dedupe-check-$target.zip"
    local base=${INPUT_RELEASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download}
    local url="${base%/}/v$version/$asset"
    local tmp
    tmp=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/dedupe-check-release.XXXXXX") || return 1
    echo "dedupe-check: downloading the release binary $url"
    if ! download "$url" "$tmp/$asset" 2>"$tmp/log" || ! download "$url.sha256" "$tmp/$asset.sha256" 2>>"$tmp/log"; then
        notice "could not download the release binary $url ($(tr '\n' ' ' <"$tmp/log")); building dedupe-check from source"
        rm -rf -- "$tmp"
        return 1
    fi
    local expected actual
    expected=$(tr -d '\r' <"$tmp/$asset.sha256" | awk 'NR == 1 { print tolower($1) }')
    actual=$(sha256_of "$tmp/$asset")
    if [[ "$expected" != "$actual" ]]; then
        error "checksum mismatch for $url: its sha256 is $actual, but $url.sha256 says ${expected:-nothing}. The download is not used; building dedupe-check from source"
        rm -rf -- "$tmp"
        return 1
    fi
    mkdir -p "$tmp/unpacked"
    if [[ "$asset" == *.zip ]]; then
        unzip -q "$tmp/$asset" -d "$tmp/unpacked" || true
    else
        tar -xzf "$tmp/$asset" -C "$tmp/unpacked" || true
    fi
    if [[ ! -f "$tmp/unpacked/$exe" ]] || ! chmod +x "$tmp/unpacked/$exe" || ! "$tmp/unpacked/$exe" --version >/dev/null 2>&1; then
        notice "the release binary in $url does not run here; building dedupe-check from source"
        rm -rf -- "$tmp"
        return 1
    fi
    # set -e does not apply inside a function called as a condition: check each step.
    if ! { mkdir -p "$root/bin" && mv -f -- "$tmp/unpacked/$exe" "$bin"; }; then
        notice "could not install the release binary into $root/bin; building dedupe-check from source"
        rm -rf -- "$tmp"
        return 1
    fi
    rm -rf -- "$tmp"
    echo "dedupe-check: installed the release binary v$version ($target, sha256 $actual)"
}

build() {
    if ! command -v cargo >/dev/null; then
        error "cargo is not on PATH: add a Rust toolchain step (e.g. dtolnay/rust-toolchain@stable) before this action"
        exit 2
    fi
    local cargo=(cargo)
    # Make sure the toolchain is recent enough for the package's rust-version.
    if command -v rustup >/dev/null; then
        rustup toolchain install stable --profile minimal --no-self-update >/dev/null 2>&1 || true
        cargo=(cargo +stable)
    fi
    echo "dedupe-check: building from $action_path (cached for later runs)"
    "${cargo[@]}" install --locked --path "$action_path" --root "$root" --bin dedupe-check
}

if [[ -x "$bin" ]]; then
    echo "dedupe-check: using the cached binary in $root"
elif ! try_release; then
    build
fi
"$bin" --version 2>/dev/null || true
if [[ -n "${GITHUB_PATH:-}" ]]; then
    echo "$root/bin" >>"$GITHUB_PATH"
fi
