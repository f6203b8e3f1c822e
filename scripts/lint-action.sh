#!/usr/bin/env bash
# Lints the GitHub Action: action.yml against the action metadata schema, the
# example workflow and the release workflow against the workflow schema and with
# actionlint, the pre-commit hook manifests (this repository's and the hook
# repository's in pre-commit-mirror/), and the shell scripts with `bash -n` (and
# shellcheck when it is installed). Tools come from scripts/fetch-test-deps.sh.
set -euo pipefail

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
deps="$repo_root/.cache/test-deps"
check_jsonschema=${DEDUPE_TEST_CHECK_JSONSCHEMA:-$deps/venv/bin/check-jsonschema}
pre_commit=${DEDUPE_TEST_PRE_COMMIT:-$deps/venv/bin/pre-commit}
if [[ ! -x "$check_jsonschema" ]]; then
    echo "error: check-jsonschema not found at $check_jsonschema; run scripts/fetch-test-deps.sh" >&2
    exit 2
fi
cd "$repo_root"

status=0
step() {
    echo "--- $*"
    "$@" || status=1
}
step "$check_jsonschema" --builtin-schema vendor.github-actions action.yml
step "$check_jsonschema" --builtin-schema vendor.github-workflows docs/example-workflow.yml .github/workflows/release.yml
step node scripts/actionlint.mjs docs/example-workflow.yml .github/workflows/release.yml
step "$pre_commit" validate-manifest .pre-commit-hooks.yaml pre-commit-mirror/.pre-commit-hooks.yaml
step python3 -m py_compile scripts/release-asset.py
for script in scripts/*.sh scripts/action/*.sh; do
    step bash -n "$script"
done
if command -v shellcheck >/dev/null; then
    step shellcheck -x scripts/*.sh scripts/action/*.sh
fi
if [[ $status -eq 0 ]]; then echo "lint-action: ok"; else echo "lint-action: FAILED" >&2; fi
exit "$status"
