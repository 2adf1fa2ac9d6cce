#!/usr/bin/env bash
# Sets up a virtual environment with the pinned requirements and runs every check:
# ruff, then pytest (unit, parity and property tests, doctests, app tests, browser tests in
# headless Chromium, the proxy tests with HAProxy and nginx, and the container image test where
# a container engine is set up).
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

step "Chromium for the browser tests"
if chromium=$(command -v chromium || ls /usr/bin/chromium 2>/dev/null); then
  echo "using $chromium"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium: apt-get update && apt-get install -y chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "installing Playwright's own Chromium: python -m playwright install chromium"
  .venv/bin/python -m playwright install chromium
fi

step "axe-core for the accessibility checks of the browser tests (tests/browser/axe)"
if [ -f tests/browser/axe/node_modules/axe-core/axe.min.js ] \
  && grep -q '"version": "4.14.1"' tests/browser/axe/node_modules/axe-core/package.json; then
  echo "using axe-core 4.14.1"
else
  if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's npm: apt-get update && apt-get install -y npm"
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null \
      || echo "npm could not be installed"
  fi
  if command -v npm >/dev/null; then
    echo "installing the pinned axe-core: npm ci --prefix tests/browser/axe"
    npm ci --prefix tests/browser/axe --no-audit --no-fund --loglevel=error \
      || echo "axe-core could not be installed: the accessibility tests will say they are skipped"
  else
    echo "npm is not installed: the accessibility tests will say they are skipped"
  fi
fi

# A proxy from Debian's packages, for the tests that run docs/'s configs: installed with apt-get
# when missing and root; else its tests say they are skipped.
proxy_for_tests() {  # command, Debian package, what it is for
  step "$1 for $3"
  if found=$(command -v "$1" || ls "/usr/sbin/$1" 2>/dev/null); then
    echo "using $found"
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's $2: apt-get update && apt-get install -y $2"
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null \
      || echo "$2 could not be installed: its tests will say they are skipped"
  else
    echo "$1 is not installed and this user cannot install it: its tests will be skipped"
  fi
}
proxy_for_tests nginx nginx-light "the reverse-proxy tests (a sub-path in front of the app)"
proxy_for_tests haproxy haproxy "the load-balancer tests (several workers behind one proxy)"

step "ruff check"
.venv/bin/python -m ruff check .

step "pytest"
.venv/bin/python -m pytest "$@"
