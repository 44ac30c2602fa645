#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (src/browser/*.test.ts drive it with playwright-core; no browser is
# ever downloaded). Skips when /usr/bin/chromium is there already; needs root (CI and the project's machines are).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present) at /usr/bin/chromium"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium > /dev/null
echo "chromium: installed $(/usr/bin/chromium --version 2>/dev/null)"
