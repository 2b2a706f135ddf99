#!/usr/bin/env bash
# A backup of the 100,000-client demo the way a user makes one: the release `lawdesk-cli
# backup --out FILE` with the real keychain (gnome-keyring in a private D-Bus session, as
# tests/keychain.rs runs it), beside what a user would otherwise do with the same data
# folder (`cp -r` and `tar cf`, each followed by `sync`). Prints one line per step with the
# machine's load. docs/BENCHMARKS.md records the figures; never asserted.
#   BIN=path/to/lawdesk-cli CLIENTS=100000 RUNS=2 scripts/bench_backup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/release/lawdesk-cli}
CLIENTS=${CLIENTS:-100000}
RUNS=${RUNS:-2}
work=$(mktemp -d /tmp/lawdesk-backup-bench.XXXXXX)
mkdir -p "$work/xdg" "$work/keyring" && chmod 700 "$work/xdg"
export XDG_RUNTIME_DIR="$work/xdg" BIN CLIENTS RUNS work
dbus-run-session -- bash -c '
set -euo pipefail
echo -n t | XDG_DATA_HOME="$work/keyring" gnome-keyring-daemon --unlock --components=secrets >/dev/null
load() { cut -d" " -f1-3 /proc/loadavg; }
timed() { # label, command…: wall seconds and CPU of one run
  local label=$1; shift
  local t0=$(date +%s%N)
  /usr/bin/time -f "%U %S %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err"; exit 1; }
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  read -r user sys rss <"$work/time"
  echo "$label: ${ms} ms wall, ${user} s user + ${sys} s sys, max RSS $((rss / 1024)) MiB (load $(load))"
}
data="$work/data"
timed "demo --clients $CLIENTS" "$BIN" --data-dir "$data" demo --clients "$CLIENTS" --seed 1
echo "data folder: $(du -sb "$data" | cut -f1) bytes ($(du -sh "$data" | cut -f1)): $(ls "$data" | tr "\n" " ")"
for i in $(seq 1 "$RUNS"); do
  out="$work/backup-$i.lawdesk-backup"
  timed "lawdesk-cli backup, run $i" "$BIN" --data-dir "$data" backup --out "$out"
  echo "  backup file: $(stat -c %s "$out") bytes"
  rm -f "$out"
  timed "cp -r of the data folder + sync, run $i" bash -c "cp -r \"$data\" \"$work/copy\" && sync"
  rm -rf "$work/copy"
  timed "tar cf of the data folder + sync, run $i" bash -c "tar cf \"$work/copy.tar\" -C \"$work\" data && sync"
  rm -f "$work/copy.tar"
done
'
rm -rf "$work"
