#!/usr/bin/env bash
# Puts `togen` on PATH for the steps after this one (the drift and contract actions). Kept as it
# is when `togen` is there already (the caller installed it, or this is togen's own checkout
# after `make setup`); else installed from the checkout of the action into a virtualenv: the
# pinned, hash-checked requirements lock first, then togen itself without dependencies.
set -euo pipefail
if command -v togen >/dev/null 2>&1; then
  echo "togen: $(command -v togen)"
  exit 0
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ -x "$root/.venv/bin/togen" ]; then
  echo "$root/.venv/bin" >> "$GITHUB_PATH"
  exit 0
fi
venv="${RUNNER_TEMP:?}/togen-venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/requirements.lock"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps "$root"
echo "$venv/bin" >> "$GITHUB_PATH"
