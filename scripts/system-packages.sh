#!/usr/bin/env bash
# Installs the system packages Lawdesk needs on Debian/Ubuntu (as root or through sudo).
# Usage: scripts/system-packages.sh [--test]   (--test adds what the test suite uses)
# On Windows and macOS nothing is needed but Rust; this script then does nothing.
set -euo pipefail

build_pkgs=(libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libgtk-3-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev libssl-dev libdbus-1-dev
  build-essential pkg-config file perl)
test_pkgs=(xvfb xauth webkit2gtk-driver gnome-keyring libsecret-tools dbus-x11 xdotool
  imagemagick poppler-utils qpdf zbar-tools fonts-noto-cjk fonts-noto-core
  cups printer-driver-cups-pdf python3-aiosmtpd openssl sqlite3)

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-packages: not a Debian/Ubuntu system; install the WebKitGTK 4.1 development packages by hand if you are on Linux." >&2
  exit 0
fi
want=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "system-packages: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
