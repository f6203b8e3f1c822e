#!/usr/bin/env bash
# Step "check" of action.yml: decides the revisions from the event, checks that they
# are in the checkout, runs `dedupe-check pr`, and writes the step outputs.
#
# Env (action inputs, set by action.yml; all optional):
#   INPUT_BASE, INPUT_HEAD        revisions; default: from the event payload
#   INPUT_CONFIG                  config file
#   INPUT_MODEL                   the model input as given (for messages)
#   INPUT_MODEL_DIR               the model directory model.sh resolved ('' = none)
#   INPUT_ORT_LIB                 libonnxruntime.so for the model
#   INPUT_LD_LIBRARY_PATH         extra library dirs (CUDA wheels)
#   MODEL_SETUP_ERROR             why model.sh could not provide the model
#   INPUT_REQUIRE_MODEL           true: a missing model (or a failing model server) fails the run
#   INPUT_RERANKER_URL            a model server to run the reranker on ('' = none)
#   DEDUPE_CHECK_RERANKER_TOKEN   its bearer token; read by dedupe-check, never put in args
#   INPUT_DEVICE                  cpu | cuda
#   INPUT_FAIL_ON                 findings | never ('' = config file, else findings)
#   INPUT_THRESHOLD               report threshold ('' = config file)
#   INPUT_REVIEW_COMMENTS         true: post a pull request review
#   INPUT_SARIF                   where to write SARIF ('' = a file under RUNNER_TEMP)
#   INPUT_GITHUB_TOKEN            token for the review
#   DEDUPE_CHECK_BIN              the binary (default: dedupe-check on PATH)
# And the runner's GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, RUNNER_TEMP.
#
# Outputs: findings (the number of findings reported), sarif (the SARIF file).
# Exit status: that of dedupe-check (0 no failing findings, 1 failing findings,
# 2 error); 2 also for bad inputs or a checkout without the needed commits; 0 when
# there is nothing to compare (a push that created a branch).
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/action/lib.sh
source "$here/lib.sh"

bin=${DEDUPE_CHECK_BIN:-dedupe-check}
event=${GITHUB_EVENT_NAME:-}
event_path=${GITHUB_EVENT_PATH:-}
zero_sha=0000000000000000000000000000000000000000

if ! command -v "$bin" >/dev/null; then
    error "the dedupe-check binary ($bin) is not on PATH"
    exit 2
fi
if ! git rev-parse --git-dir >/dev/null 2>&1; then
    error "$(pwd) is not a git repository: run actions/checkout (with fetch-depth: 0) before dedupe-check"
    exit 2
fi

# --- inputs ---------------------------------------------------------------------------
device=${INPUT_DEVICE:-cpu}
case "$device" in
    cpu | cuda) ;;
    *) error "input device must be cpu or cuda, got '$device'"; exit 2 ;;
esac
fail_on=${INPUT_FAIL_ON:-}
case "$fail_on" in
    '' | findings | never) ;;
    *) error "input fail-on must be findings or never, got '$fail_on'"; exit 2 ;;
esac
require_model=false
truthy "${INPUT_REQUIRE_MODEL:-false}" require-model && require_model=true
review=false
truthy "${INPUT_REVIEW_COMMENTS:-false}" review-comments && review=true

# --- revisions --------------------------------------------------------------------------
# event_field EXPR...: prints the first of the dotted paths that is set in the payload.
event_field() {
    [[ -n "$event_path" && -f "$event_path" ]] || return 0
    python3 - "$event_path" "$@" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    payload = json.load(f)
for path in sys.argv[2:]:
    value = payload
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if value not in (None, ""):
        print(value)
        break
PY
}

base=${INPUT_BASE:-}
head=${INPUT_HEAD:-}
pr_number=
case "$event" in
    pull_request | pull_request_target | pull_request_review | pull_request_review_comment)
        [[ -n "$base" ]] || base=$(event_field pull_request.base.sha)
        [[ -n "$head" ]] || head=$(event_field pull_request.head.sha)
        pr_number=$(event_field pull_request.number)
        ;;
    merge_group)
        [[ -n "$base" ]] || base=$(event_field merge_group.base_sha)
        [[ -n "$head" ]] || head=$(event_field merge_group.head_sha)
        ;;
    push)
        if [[ -z "$base" ]]; then
            base=$(event_field before)
            if [[ "$base" == "$zero_sha" ]]; then
                ref=$(event_field ref)
                notice "push to ${ref:-a new ref} has no base commit (before is $zero_sha: the ref was created); nothing to compare, skipping. Set the base input (e.g. base: origin/main) to check new branches."
                summary "### dedupe-check" "" "Skipped: the push created ${ref:-the ref}, so there is no base commit to compare against."
                set_output findings 0
                set_output sarif ""
                exit 0
            fi
        fi
        [[ -n "$head" ]] || head=$(event_field after)
        ;;
esac
if [[ -z "$base" ]]; then
    error "cannot tell what to compare for the '${event:-unknown}' event: dedupe-check needs a base revision. Run it on pull_request, merge_group or push events, or set the base input (and optionally head), e.g. base: origin/main"
    exit 2
fi
if [[ -z "$head" ]]; then
    head=$(git rev-parse HEAD)
fi

# Both commits must be in the checkout, with the history between them.
shallow=$(git rev-parse --is-shallow-repository 2>/dev/null || echo false)
for which in base head; do
    rev=${!which}
    if ! git rev-parse --verify --quiet "$rev^{commit}" >/dev/null; then
        if [[ "$shallow" == true ]]; then
            error "the $which commit $rev is not in the checkout, which is shallow. Check out the full history: actions/checkout with fetch-depth: 0"
        else
            error "the $which commit $rev is not in the checkout. Fetch it, e.g. actions/checkout with fetch-depth: 0"
        fi
        exit 2
    fi
done
if ! git merge-base "$base" "$head" >/dev/null 2>&1; then
    if [[ "$shallow" == true ]]; then
        error "no merge base of $base and $head in the checkout, which is shallow. Check out the full history: actions/checkout with fetch-depth: 0"
    else
        error "$base and $head have no common ancestor"
    fi
    exit 2
fi

# --- arguments ------------------------------------------------------------------------
sarif=${INPUT_SARIF:-}
if [[ -z "$sarif" ]]; then
    sarif="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/dedupe-check.sarif"
fi
mkdir -p "$(dirname -- "$sarif")"
sarif="$(cd -- "$(dirname -- "$sarif")" && pwd -P)/$(basename -- "$sarif")"
rm -f -- "$sarif"

args=(pr --base "$base" --head "$head" --format github --sarif "$sarif")
[[ -n "${INPUT_CONFIG:-}" ]] && args+=(--config "$INPUT_CONFIG")
[[ -n "$fail_on" ]] && args+=(--fail-on "$fail_on")
[[ -n "${INPUT_THRESHOLD:-}" ]] && args+=(--threshold "$INPUT_THRESHOLD")

reranker_url=${INPUT_RERANKER_URL:-}
if [[ -n "${DEDUPE_CHECK_RERANKER_TOKEN:-}" ]]; then
    # Masked even when it does not come from a secret; it stays in the environment only.
    echo "::add-mask::$DEDUPE_CHECK_RERANKER_TOKEN"
    export DEDUPE_CHECK_RERANKER_TOKEN
fi

model=${INPUT_MODEL:-}
model_dir=${INPUT_MODEL_DIR:-}
if [[ -n "$model_dir" && ! -f "$model_dir/dedupe-model.json" ]]; then
    MODEL_SETUP_ERROR="model directory $model_dir has no dedupe-model.json"
    model_dir=
fi
if [[ -n "$reranker_url" ]]; then
    # The model server judges; a failure of it is dedupe-check's to report.
    args+=(--reranker-url "$reranker_url")
    [[ "$require_model" == true ]] && args+=(--require-model)
elif [[ -z "${MODEL_SETUP_ERROR:-}" ]] && is_hub_spec "$model"; then
    # dedupe-check pulls the model into DEDUPE_CHECK_CACHE_DIR/hub, or finds it there.
    if [[ -n "${HF_TOKEN:-}" ]]; then
        echo "::add-mask::$HF_TOKEN"
        export HF_TOKEN
    fi
    args+=(--model "$model" --device "$device")
    [[ "$require_model" == true ]] && args+=(--require-model)
    [[ -n "${INPUT_ORT_LIB:-}" ]] && args+=(--ort-lib "$INPUT_ORT_LIB")
    if [[ -n "${INPUT_LD_LIBRARY_PATH:-}" ]]; then
        export LD_LIBRARY_PATH="$INPUT_LD_LIBRARY_PATH${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    fi
elif [[ -n "$model_dir" ]]; then
    args+=(--model "$model_dir" --device "$device")
    [[ -n "${INPUT_ORT_LIB:-}" ]] && args+=(--ort-lib "$INPUT_ORT_LIB")
    if [[ -n "${INPUT_LD_LIBRARY_PATH:-}" ]]; then
        export LD_LIBRARY_PATH="$INPUT_LD_LIBRARY_PATH${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    fi
elif [[ -n "$model" || -n "${MODEL_SETUP_ERROR:-}" ]]; then
    why="the model is not available"
    [[ -n "$model" ]] && why="the model '$model' is not available"
    [[ -n "${MODEL_SETUP_ERROR:-}" ]] && why+=": $MODEL_SETUP_ERROR"
    if [[ "$require_model" == true ]]; then
        error "$why (require-model is true)"
        exit 2
    fi
    notice "$why; checking with the structural engine only"
    args+=(--no-model)
fi

if [[ "$review" == true ]]; then
    if [[ -z "${INPUT_GITHUB_TOKEN:-}" ]]; then
        notice "review-comments is on but there is no github-token; posting no review (annotations and SARIF only)"
        review=false
    elif [[ -z "$pr_number" ]]; then
        echo "dedupe-check: no pull request in the '${event:-unknown}' event; posting no review"
        review=false
    fi
fi
if [[ "$review" == true ]]; then
    args+=(--github-review)
    export GITHUB_TOKEN="$INPUT_GITHUB_TOKEN"
fi

# --- run -------------------------------------------------------------------------------
echo "dedupe-check ${args[*]}"
status=0
"$bin" "${args[@]}" || status=$?

if [[ -f "$sarif" ]]; then
    findings=$(python3 - "$sarif" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8-sig") as f:
    log = json.load(f)
print(sum(
    1
    for run in log.get("runs", [])
    for r in run.get("results", [])
    if not r.get("suppressions") and r.get("baselineState") != "absent"
    # Old duplication shown as notes (report_existing) is not a finding of this change.
    and (r.get("properties") or {}).get("introduced", True)
))
PY
    )
    set_output findings "$findings"
    set_output sarif "$sarif"
else
    set_output findings ""
    set_output sarif ""
    if [[ $status -eq 0 ]]; then
        error "dedupe-check exited 0 but wrote no SARIF file at $sarif"
        status=2
    fi
fi
exit "$status"
