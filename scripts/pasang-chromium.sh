#!/usr/bin/env bash
# Debian's chromium for the dashboard's browser tests (Playwright drives /usr/bin/chromium; Playwright's
# own browser downloads are never used). Installs it with apt when it is missing; exits 1 if it is still
# missing afterwards. Used by `make test` and `.ci/run`.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing the Debian chromium package for the browser tests" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi
[ -x /usr/bin/chromium ] || { echo "/usr/bin/chromium missing; browser tests need it" >&2; exit 1; }
