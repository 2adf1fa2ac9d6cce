#!/usr/bin/env bash
# Sets up a virtual environment with the pinned requirements and runs every check:
# ruff, then pytest (unit, parity and property tests, doctests, app tests).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

step() { printf '\n== %s\n' "$*"; }

if [ ! -x .venv/bin/python ]; then
  step "creating the virtual environment .venv"
  "$PYTHON" -m venv .venv
fi
step "installing the pinned requirements (requirements-dev.txt)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

step "ruff check"
.venv/bin/python -m ruff check .

step "pytest"
.venv/bin/python -m pytest "$@"
