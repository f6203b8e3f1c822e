# shellcheck shell=bash
# Helpers shared by the scripts of the composite action (action.yml). Sourced, not run.
# Workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions

# Escapes a message for a workflow command (%, CR, LF).
gh_escape() {
    local s=$1
    s=${s//'%'/'%25'}
    s=${s//$'\r'/'%0D'}
    s=${s//$'\n'/'%0A'}
    printf '%s' "$s"
}
notice() { printf '::notice title=dedupe-check::%s\n' "$(gh_escape "$*")"; }
warning() { printf '::warning title=dedupe-check::%s\n' "$(gh_escape "$*")"; }
error() { printf '::error title=dedupe-check::%s\n' "$(gh_escape "$*")"; }

# set_output NAME VALUE: a step output (single-line values only).
set_output() {
    if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    else
        printf '%s=%s\n' "$1" "$2"
    fi
}

# summary LINE...: appends markdown lines to the job summary, when there is one.
summary() {
    if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
        printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY"
    fi
}

# truthy VALUE [NAME]: 0 for true/yes/1/on, 1 for false/no/0/off/empty; exits 2 otherwise.
truthy() {
    case "${1,,}" in
        true | yes | 1 | on) return 0 ;;
        false | no | 0 | off | '') return 1 ;;
        *)
            error "input ${2:-value} must be true or false, got '$1'"
            exit 2
            ;;
    esac
}

# is_hub_spec VALUE: a model dedupe-check pulls itself: hub:OWNER/NAME[@REVISION][:FILE]
# or a named model (qwen3-reranker).
is_hub_spec() {
    [[ "$1" == hub:* || "$1" == qwen3-reranker ]]
}

# is_hub_id VALUE: looks like a model hub repository id (owner/name[@revision]) and is
# not an existing directory.
is_hub_id() {
    [[ ! -d "$1" && "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9._/-]+)?$ ]]
}

dedupe_cache_root() {
    printf '%s' "${DEDUPE_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dedupe-check}"
}
