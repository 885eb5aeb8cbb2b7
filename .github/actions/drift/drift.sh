#!/usr/bin/env bash
# `togen drift OLD NEW` for a pull request: the Markdown report (written to $REPORT, output
# `report`, and the job summary), one GitHub annotation per breaking or potentially breaking
# change at its line of the new spec (`--format github`: ::error at or above $FAIL_ON,
# ::warning below), and, when a token and a pull request are at hand, one sticky comment with
# the report, updated on every run. Exit status: 1 when a change reaches $FAIL_ON, 2 for bad
# input (togen's own codes), else 0.
set -euo pipefail
: "${OLD:?the old spec is required}" "${NEW:?the new spec is required}"
report="${REPORT:-togen-drift.md}"
options=()
if [ -n "${IGNORE:-}" ]; then options+=(--ignore "$IGNORE"); fi

togen drift "$OLD" "$NEW" "${options[@]}" --format md --output "$report"
echo "report=$report" >> "${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$report" >> "$GITHUB_STEP_SUMMARY"; fi

if [ -n "${FAIL_ON:-}" ]; then options+=(--fail-on "$FAIL_ON"); fi
verdict=0
togen drift "$OLD" "$NEW" "${options[@]}" --format github || verdict=$?
if [ "$verdict" -gt 1 ]; then exit "$verdict"; fi
echo "verdict=$([ "$verdict" -eq 0 ] && echo passed || echo failed)" >> "${GITHUB_OUTPUT:-/dev/null}"

# The sticky comment: the report under a marker line, found again by that line on the next run.
marker="<!-- togen-drift ${NEW} -->"
pull_request=""
if [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
  pull_request="$(jq -r '.pull_request.number // empty' "$GITHUB_EVENT_PATH")"
fi
if [ "${COMMENT:-true}" != "true" ] || [ -z "${GH_TOKEN:-}" ] || [ -z "$pull_request" ] \
  || [ -z "${GITHUB_API_URL:-}" ] || [ -z "${GITHUB_REPOSITORY:-}" ]; then
  echo "togen drift: no pull request comment (needs a token, a pull_request event and comment: true)" >&2
  exit "$verdict"
fi
github() {  # METHOD PATH [JSON BODY]: one GitHub REST call, its JSON answer on stdout
  local data=()
  if [ $# -gt 2 ]; then data=(--header "Content-Type: application/json" --data "$3"); fi
  curl --fail --silent --show-error --location --request "$1" \
    --header "Authorization: Bearer $GH_TOKEN" --header "Accept: application/vnd.github+json" \
    "${data[@]}" "$GITHUB_API_URL$2"
}
body="$(jq -n --arg marker "$marker" --rawfile report "$report" \
  '{body: ($marker + "\n" + ($report | .[0:65000]))}')"
comments="/repos/$GITHUB_REPOSITORY/issues/$pull_request/comments"
existing="$(github GET "$comments?per_page=100" \
  | jq -r --arg marker "$marker" '[.[] | select(.body | startswith($marker))][0].id // empty')"
if [ -n "$existing" ]; then
  github PATCH "/repos/$GITHUB_REPOSITORY/issues/comments/$existing" "$body" > /dev/null
  echo "togen drift: updated comment $existing on pull request #$pull_request" >&2
else
  github POST "$comments" "$body" > /dev/null
  echo "togen drift: commented on pull request #$pull_request" >&2
fi
exit "$verdict"
