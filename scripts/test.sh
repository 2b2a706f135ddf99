#!/usr/bin/env bash
# Sets up and runs the whole test suite: formatting, clippy, unit and integration tests,
# the real keychain (a gnome-keyring-daemon Secret Service on a private D-Bus session) and
# the end-to-end suite (the real app under Xvfb through tauri-driver + WebKitWebDriver).
# Usage: scripts/test.sh            (on Debian/Ubuntu it installs what it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

step() { echo; echo "== $* ($(( $(date +%s) - start ))s)"; }
# Free disk, so that a build that runs out of it says so plainly.
disk() { df -h . | awk 'NR == 2 { print "disk: " $4 " free of " $2 }'; }
disk

step "system packages"
scripts/system-packages.sh --test

step "tools"
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  cargo install tauri-driver --locked
fi
if ! command -v cargo-deny >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
  cargo install cargo-deny --locked
fi
export PATH="$HOME/.cargo/bin:$PATH"

step "cargo deny: permissive licences only, crates.io only"
cargo deny check licenses bans sources

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

step "build"
cargo build --all-targets --locked

step "tests (unit, integration, real keychain, end-to-end)"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/lawdesk-xdg.XXXXXX)}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
keyring_home=$(mktemp -d /tmp/lawdesk-keyring.XXXXXX)
export LAWDESK_KEYRING_HOME="$keyring_home"
export LANG=en_US.UTF-8 LANGUAGE=en
log=$(mktemp /tmp/lawdesk-test-log.XXXXXX)
status=0
dbus-run-session -- bash -c '
  set -euo pipefail
  # A keychain of its own for this run, unlocked, never the developer'"'"'s.
  echo -n lawdesk-test | XDG_DATA_HOME="$LAWDESK_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  # One test at a time: the end-to-end tests each start a window, a WebKit web process and
  # tauri-driver; on 2 cores they are steadier one after the other.
  xvfb-run -a -s "-screen 0 1280x820x24" cargo test --locked --no-fail-fast -- --include-ignored --test-threads=1
' 2>&1 | tee "$log" || status=$?
rm -rf "$keyring_home"
step "done"
disk
# One closing line over all test binaries.
awk '/^test result:/ { p += $4; f += $6 } END { printf "summary: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit $status
