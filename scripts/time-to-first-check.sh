#!/usr/bin/env bash
# time-to-first-check.sh [PATH...]: how long each way of installing dedupe-check takes
# from a clean start to the end of its first check, on this machine. PATHs (default:
# all of them, in this order):
#
#   wheel      python3 -m venv, pip install dedupe-check from a local wheel folder, dedupe-check pr
#   binary     sha256sum -c, tar -xzf of the release asset, dedupe-check pr
#   cargo      cargo install --locked --path . (a fresh target dir), dedupe-check pr
#   hook       pre-commit: the no-compile hook (pre-commit-mirror/) installed from the local
#              wheel folder (pip --no-index), then the first `git commit` it checks
#   rust-hook  pre-commit: this repository's `language: rust` hook, built by pre-commit
#              with cargo, then the first `git commit` it checks
#
# Before timing, it builds the release wheel with `pip wheel .` (maturin from PyPI; set
# CARGO_TARGET_DIR to reuse a release build, or WHEEL_DIR to a folder that holds the
# wheel already) and the release asset out of it
# (scripts/release-asset.py); setuptools, which the hook package builds with, comes from
# .cache/test-deps/wheels (scripts/fetch-test-deps.sh). Nothing is downloaded while a path
# is timed, so the figures leave out network time. Prints one Markdown table row a path.
set -euo pipefail

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
deps="$repo_root/.cache/test-deps"
pre_commit=${DEDUPE_TEST_PRE_COMMIT:-$deps/venv/bin/pre-commit}
paths=("$@")
[[ ${#paths[@]} -gt 0 ]] || paths=(wheel binary cargo hook rust-hook)

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
log() { printf '[time-to-first-check] %s\n' "$*" >&2; }
now() { date +%s.%N; }
row() { awk -v what="$1" -v a="$2" -v b="$3" -v how="$4" 'BEGIN { printf "| %s | %.1f s | `%s` |\n", what, b - a, how }'; }

# A clean environment for the timed commands: no pip settings, no user git config.
for var in $(env | sed -n 's/^\(PIP_[A-Z_]*\)=.*/\1/p'); do unset "$var"; done
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.com
export DEDUPE_CHECK_CACHE_DIR="$work/dedupe-cache"

version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$repo_root/Cargo.toml" | head -n1)
target="$(uname -m)-unknown-linux-gnu"

# The sample: slugify on main, a branch adding a renamed copy of it.
existing='def slugify(title):
    words = []
    for word in title.lower().split():
        cleaned = "".join(ch for ch in word if ch.isalnum())
        if cleaned:
            words.append(cleaned)
    return "-".join(words)
'
duplicate=${existing//slugify/make_slug}
duplicate=${duplicate//title/text}
sample_repo() { # DIR: a repository on main with slugify
    mkdir -p "$1/pkg"
    printf '%s' "$existing" >"$1/pkg/util.py"
    git -C "$1" init -q -b main
    git -C "$1" add -A
    git -C "$1" commit -q -m base
}
pr_repo() { # DIR: sample_repo plus a feature branch with the copy
    sample_repo "$1"
    git -C "$1" checkout -q -b feature
    printf '%s' "$duplicate" >"$1/pkg/views.py"
    git -C "$1" add -A
    git -C "$1" commit -q -m copy
}
first_pr() { # EXE REPO: the first check must find the copy (exit 1)
    local status=0
    (cd "$2" && "$1" pr --base main >/dev/null) || status=$?
    [[ $status -eq 1 ]] || { log "error: $1 pr exited $status, expected 1 (a finding)"; exit 1; }
}
first_commit() { # REPO: the commit of the copy must be blocked by the hook
    printf '%s' "$duplicate" >"$1/pkg/views.py"
    git -C "$1" add pkg/views.py
    if git -C "$1" commit -q -m copy >"$work/commit.log" 2>&1; then
        cat "$work/commit.log" >&2
        log "error: the hook let the copy through"
        exit 1
    fi
    grep -q make_slug "$work/commit.log" || { cat "$work/commit.log" >&2; exit 1; }
}
without_cargo_path() { # PATH without the folders that hold cargo
    local out= dir
    IFS=: read -ra dirs <<<"$PATH"
    for dir in "${dirs[@]}"; do
        [[ -e "$dir/cargo" ]] || out+="${out:+:}$dir"
    done
    printf '%s' "$out"
}

needs_wheel=
for p in "${paths[@]}"; do [[ $p == wheel || $p == binary || $p == hook ]] && needs_wheel=1; done
if [[ -n "$needs_wheel" ]]; then
    mkdir -p "$work/wheels"
    if [[ -n "${WHEEL_DIR:-}" ]]; then
        cp "$WHEEL_DIR"/dedupe_check-*.whl "$work/wheels/"
    else
        log "building the release wheel: pip wheel $repo_root (not timed)"
        python3 -m pip wheel --quiet --no-deps -w "$work/wheels" "$repo_root"
    fi
    wheel=$(find "$work/wheels" -name 'dedupe_check-*.whl' -print -quit)
    [[ -n "$wheel" ]] || { log "error: no dedupe_check wheel in $work/wheels"; exit 1; }
    python3 "$repo_root/scripts/release-asset.py" "$wheel" "$target" "$work/assets" >/dev/null
fi

for p in "${paths[@]}"; do
    t="$work/$p"
    mkdir -p "$t"
    case "$p" in
        wheel)
            pr_repo "$t/repo"
            start=$(now)
            python3 -m venv "$t/venv"
            "$t/venv/bin/pip" install --quiet --no-index --find-links "$work/wheels" dedupe-check
            first_pr "$t/venv/bin/dedupe-check" "$t/repo"
            row wheel "$start" "$(now)" "python3 -m venv venv && venv/bin/pip install --no-index --find-links DIR dedupe-check && venv/bin/dedupe-check pr"
            ;;
        binary)
            pr_repo "$t/repo"
            cp "$work/assets"/* "$t/"
            start=$(now)
            (cd "$t" && sha256sum --quiet -c "dedupe-check-$target.tar.gz.sha256" && tar -xzf "dedupe-check-$target.tar.gz")
            first_pr "$t/dedupe-check" "$t/repo"
            row "release binary" "$start" "$(now)" "sha256sum -c dedupe-check-$target.tar.gz.sha256 && tar -xzf dedupe-check-$target.tar.gz && ./dedupe-check pr"
            ;;
        cargo)
            pr_repo "$t/repo"
            start=$(now)
            CARGO_TARGET_DIR="$t/target" cargo install --quiet --locked --path "$repo_root" --root "$t/root" --bin dedupe-check
            first_pr "$t/root/bin/dedupe-check" "$t/repo"
            row "cargo install" "$start" "$(now)" "cargo install --locked --path . && dedupe-check pr"
            ;;
        hook)
            mkdir -p "$t/hooks"
            cp "$repo_root/pre-commit-mirror"/{.pre-commit-hooks.yaml,pyproject.toml,README.md} "$t/hooks/"
            git -C "$t/hooks" init -q -b main && git -C "$t/hooks" add -A && git -C "$t/hooks" commit -q -m hook
            git -C "$t/hooks" tag "v$version"
            sample_repo "$t/repo"
            printf 'repos:\n  - repo: %s\n    rev: v%s\n    hooks:\n      - id: dedupe-check\n' "$t/hooks" "$version" >"$t/repo/.pre-commit-config.yaml"
            start=$(now)
            (
                export PRE_COMMIT_HOME="$t/pre-commit-home" PIP_NO_INDEX=1
                export PIP_FIND_LINKS="$work/wheels $deps/wheels" PATH
                PATH=$(without_cargo_path)
                cd "$t/repo" && "$pre_commit" install >/dev/null && first_commit "$t/repo"
            )
            row "pre-commit, no-compile hook" "$start" "$(now)" "pre-commit install && git commit (installs the hook from the wheel)"
            ;;
        rust-hook)
            # The hook at this checkout's HEAD commit.
            git clone -q "$repo_root" "$t/hooks"
            rev=$(git -C "$t/hooks" rev-parse HEAD)
            sample_repo "$t/repo"
            printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: dedupe-check\n' "$t/hooks" "$rev" >"$t/repo/.pre-commit-config.yaml"
            start=$(now)
            (
                export PRE_COMMIT_HOME="$t/pre-commit-home"
                unset CARGO_TARGET_DIR
                cd "$t/repo" && "$pre_commit" install >/dev/null && first_commit "$t/repo"
            )
            row "pre-commit, \`language: rust\` hook" "$start" "$(now)" "pre-commit install && git commit (builds the hook with cargo)"
            ;;
        *)
            log "error: unknown path '$p' (wheel, binary, cargo, hook, rust-hook)"
            exit 2
            ;;
    esac
done
