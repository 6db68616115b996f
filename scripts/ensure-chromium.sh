#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; Playwright never downloads its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-noto-core fonts-noto-cjk >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
The browser tests need Chromium at /usr/bin/chromium.
On Debian or Ubuntu, install it as root:
    sudo apt-get install chromium fonts-noto-core fonts-noto-cjk
then run `make test` again.
MSG
exit 1
