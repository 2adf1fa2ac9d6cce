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

step "nginx for the reverse-proxy test (a sub-path in front of the container)"
if nginx=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null); then
  echo "using $nginx"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's nginx-light: apt-get update && apt-get install -y nginx-light"
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
    || echo "nginx could not be installed: the proxy test will say it is skipped"
else
  echo "nginx is not installed and this user cannot install it: the proxy test will be skipped"
fi

step "HAProxy for the load-balancer tests (several workers behind one sticky proxy)"
if haproxy=$(command -v haproxy || ls /usr/sbin/haproxy 2>/dev/null); then
  echo "using $haproxy"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's haproxy: apt-get update && apt-get install -y haproxy"
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null \
    || echo "haproxy could not be installed: the proxy tests will say they are skipped"
else
  echo "haproxy is not installed and this user cannot install it: the proxy tests will be skipped"
fi

step "ruff check"
.venv/bin/python -m ruff check .

step "pytest"
.venv/bin/python -m pytest "$@"
