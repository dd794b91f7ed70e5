#!/usr/bin/env bash
# The page's browser tests drive Debian's headless Chromium. Installs it when it is missing (needs root and apt-get),
# so a fresh machine passes the test command with nothing installed by hand. No test tool downloads a browser itself.
set -euo pipefail
CHROMIUM="${1:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "The browser tests need $CHROMIUM: install Debian's chromium package (apt-get install chromium)" >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
"$CHROMIUM" --version
