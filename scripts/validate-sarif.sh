#!/usr/bin/env bash
# validate-sarif.sh FILE...
#
# Validates SARIF files with Microsoft's SARIF multitool: the SARIF 2.1.0 schema and
# rules ("Sarif") plus the GitHub code scanning ingestion rules ("Gh", GH1001…).
# Prints every error-level result and exits 1 when there is one; warnings and notes
# are counted but do not fail. Exit 2 when the multitool itself cannot run.
#
# The multitool comes from scripts/fetch-test-deps.sh; DEDUPE_TEST_SARIF_MULTITOOL
# overrides its path.
set -euo pipefail

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
multitool=${DEDUPE_TEST_SARIF_MULTITOOL:-$repo_root/.cache/test-deps/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}

if [[ $# -eq 0 ]]; then
    echo "usage: $0 FILE.sarif..." >&2
    exit 2
fi
if [[ ! -x "$multitool" ]]; then
    echo "error: SARIF multitool not found at $multitool; run scripts/fetch-test-deps.sh" >&2
    exit 2
fi
if [[ -z "${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-}" ]] &&
    ! ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so'; then
    export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
fi

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

status=0
for file in "$@"; do
    if [[ ! -f "$file" ]]; then
        echo "error: $file: no such file" >&2
        status=2
        continue
    fi
    out="$work/validation.sarif"
    rm -f "$out"
    # Call the .NET binary directly, not the npm shim: the shim goes through a
    # shell, which would split "Sarif;Gh" at the semicolon.
    if ! "$multitool" validate "$file" --rule-kind "Sarif;Gh" --output "$out" \
        --log ForceOverwrite >"$work/console.log" 2>&1 || [[ ! -f "$out" ]]; then
        cat "$work/console.log" >&2
        echo "error: $file: the SARIF multitool failed" >&2
        status=2
        continue
    fi
    rc=0
    python3 - "$file" "$out" <<'PY' || rc=$?
import json, re, sys

checked, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8-sig") as f:
    log = json.load(f)

def text_of(result, rules):
    msg = result.get("message", {})
    if "text" in msg:
        return msg["text"]
    args = msg.get("arguments", [])
    rule = rules[result["ruleIndex"]] if 0 <= result.get("ruleIndex", -1) < len(rules) else {}
    template = rule.get("messageStrings", {}).get(msg.get("id", ""), {}).get("text")
    if template is None:
        return f"{msg.get('id', '?')} {args}"
    return re.sub(r"\{(\d+)\}", lambda m: str(args[int(m.group(1))]) if int(m.group(1)) < len(args) else m.group(0), template)

counts = {"error": 0, "warning": 0, "note": 0, "none": 0}
for run in log.get("runs", []):
    rules = run.get("tool", {}).get("driver", {}).get("rules", [])
    for result in run.get("results", []):
        level = result.get("level", "warning")
        counts[level] = counts.get(level, 0) + 1
        if level != "error":
            continue
        region = {}
        for loc in result.get("locations", []):
            region = loc.get("physicalLocation", {}).get("region", {})
            break
        where = f"{checked}({region.get('startLine', '?')},{region.get('startColumn', '?')})"
        print(f"{where}: error {result.get('ruleId', '?')}: {text_of(result, rules)}")

summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
print(f"{checked}: {summary or 'no results'} (SARIF + GitHub ingestion rules)", file=sys.stderr)
sys.exit(1 if counts["error"] else 0)
PY
    if [[ $rc -ne 0 && $status -eq 0 ]]; then status=$rc; fi
    if [[ $rc -eq 1 ]]; then status=1; fi
done
exit "$status"
