#!/usr/bin/env bash
# Sets up and starts Lawdesk from source.
# Usage: scripts/run.sh [--demo] [--data-dir DIR]
#   --demo      first fills an empty data folder with a synthetic practice (lawdesk-cli demo)
#   --data-dir  use DIR instead of the OS app-data folder
set -euo pipefail
cd "$(dirname "$0")/.."

demo=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=1 ;;
    --data-dir) args+=(--data-dir "$2"); shift ;;
    *) echo "usage: scripts/run.sh [--demo] [--data-dir DIR]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$(uname -s)" = "Linux" ]; then
  scripts/system-packages.sh
fi
command -v cargo >/dev/null || { echo "Install Rust first: https://rustup.rs" >&2; exit 1; }

cargo build --release --features custom-protocol --bins
if [ $demo = 1 ]; then
  ./target/release/lawdesk-cli "${args[@]}" demo --clients 200 --seed 1 || true
fi
exec ./target/release/lawdesk "${args[@]}"
