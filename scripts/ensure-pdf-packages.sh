#!/usr/bin/env bash
# Summary PDFs (WeasyPrint) need Pango, HarfBuzz's subsetter (without it a
# PDF with Chinese takes seconds instead of a fraction of one) and fonts for
# every script families read: Noto Sans (Latin with Vietnamese), Noto Sans
# Arabic, Noto Sans CJK SC. Installed from Debian's packages, as root.
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk)
if ! command -v dpkg-query >/dev/null 2>&1; then
  # Not Debian: trust the system, but say what the PDFs need.
  if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
    echo "Summary PDFs need Pango, HarfBuzz (hb-subset) and the Noto fonts (Sans, Sans Arabic, Sans CJK)." >&2
  fi
  exit 0
fi
missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages for the summary PDFs: ${missing[*]}…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
cat >&2 <<MSG
The summary PDFs need these Debian packages: ${missing[*]}
Install them as root:
    sudo apt-get install ${missing[*]}
then run make again.
MSG
exit 1
