#!/usr/bin/env bash
# The insights console test drives Debian's chromium with playwright-core. Installs it with apt-get
# when missing (CI images run as root); otherwise explains what to install. CHROMIUM_PATH overrides.
set -euo pipefail

for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "chromium: $candidate ($("$candidate" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
  fi
done

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "chromium: not found; installing Debian's chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium
  echo "chromium: installed $(/usr/bin/chromium --version 2>/dev/null || true)"
  exit 0
fi

cat >&2 <<'MSG'
chromium: NOT FOUND. The insights console test (services/insights/test/console.integration-spec.ts)
needs a Chromium binary for playwright-core. Install one of:
  Debian/Ubuntu:  sudo apt-get install chromium
  other systems:  any Chromium/Chrome, then export CHROMIUM_PATH=/path/to/chrome
MSG
exit 1
