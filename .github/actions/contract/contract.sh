#!/usr/bin/env bash
# `togen contract` in one step: against $BASE_URL, or the spec-driven mock it starts itself when
# that is empty. Writes the JUnit XML ($JUNIT) and the Markdown report ($REPORT, also the job
# summary); outputs their paths and the verdict. Exit status is the verdict: 0 passed, 1 a
# contract failure, 2 bad input or an unreachable server (togen's own codes).
set -euo pipefail
junit="${JUNIT:-togen-contract.xml}"
report="${REPORT:-togen-contract.md}"
options=(--junit "$junit" --report "$report")
if [ -n "${BASE_URL:-}" ]; then options+=(--base-url "$BASE_URL"); fi
if [ -n "${SPEC:-}" ]; then options+=(--spec "$SPEC"); fi
if [ -n "${MAX_EXAMPLES:-}" ]; then options+=(--max-examples "$MAX_EXAMPLES"); fi
read -r -a patterns <<< "${OPERATIONS:-}"  # space-separated globs, never expanded against files
for pattern in "${patterns[@]}"; do options+=(--operations "$pattern"); done
echo "junit=$junit" >> "${GITHUB_OUTPUT:-/dev/null}"
echo "report=$report" >> "${GITHUB_OUTPUT:-/dev/null}"

verdict=0
togen contract "${options[@]}" || verdict=$?
case "$verdict" in
  0) echo "verdict=passed" >> "${GITHUB_OUTPUT:-/dev/null}" ;;
  1) echo "verdict=failed" >> "${GITHUB_OUTPUT:-/dev/null}" ;;
  *) echo "verdict=error" >> "${GITHUB_OUTPUT:-/dev/null}" ;;
esac
if [ -f "$report" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$report" >> "$GITHUB_STEP_SUMMARY"; fi
exit "$verdict"
