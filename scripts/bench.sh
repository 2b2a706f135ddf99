#!/usr/bin/env bash
# Measures what docs/BENCHMARKS.md reports. Not part of CI (timings on shared machines are
# noisy); run it on a quiet machine and copy the figures.
#   1. cold start to first paint of the window (release build, under Xvfb on Linux);
#   2. idle resident memory of the whole process tree (app + WebKit helpers);
#   3. criterion: database open, create + migrate, a write use case.
# Side by side: the same measurements for a comparison app when present (LibreOffice Calc
# opening an .xlsx client list, what many solo lawyers use today).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
cargo build --release --features custom-protocol --bins >/dev/null

export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/lawdesk-xdg.XXXXXX)}"
chmod 700 "$XDG_RUNTIME_DIR"
data=$(mktemp -d /tmp/lawdesk-bench.XXXXXX)
./target/release/lawdesk-cli --data-dir "$data" init >/dev/null

tree_rss_kib() { # sum of VmRSS over a pid and its descendants
  local total=0 p
  for p in $1 $(pgrep -P "$1" 2>/dev/null) $(for c in $(pgrep -P "$1" 2>/dev/null); do pgrep -P "$c"; done); do
    total=$(( total + $(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0) ))
  done
  echo $total
}

bench_gui() {
  xvfb-run -a -s "-screen 0 1280x820x24" bash -c '
    data="$1"; runs="$2"
    for i in $(seq "$runs"); do
      LAWDESK_EXIT_AFTER_PAINT=1 ./target/release/lawdesk --data-dir "$data" | grep -o "[0-9]*$"
    done > /tmp/lawdesk-paint.txt
    ./target/release/lawdesk --data-dir "$data" >/dev/null 2>&1 &
    pid=$!
    sleep 8
    '"$(declare -f tree_rss_kib)"'
    tree_rss_kib $pid > /tmp/lawdesk-rss.txt
    kill $pid
  ' _ "$data" "$runs"
}
dbus-run-session -- bash -c "$(declare -f tree_rss_kib bench_gui); data='$data' runs=$runs; bench_gui" 2>/dev/null
sort -n /tmp/lawdesk-paint.txt | awk '{a[NR]=$1} END {printf "cold start to first paint: median %d ms (min %d, max %d, %d runs)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
echo "idle resident memory (app + WebKit processes): $(( $(cat /tmp/lawdesk-rss.txt) / 1024 )) MiB"

if command -v soffice >/dev/null 2>&1 && [ -f "${COMPARE_XLSX:-}" ]; then
  t0=$(date +%s%N)
  soffice --headless --convert-to csv --outdir "$data" "$COMPARE_XLSX" >/dev/null 2>&1
  echo "LibreOffice headless open+convert of $COMPARE_XLSX: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
fi

cargo bench --bench store -- --noplot 2>/dev/null | grep -E "^(database|save)|time:"
rm -rf "$data"
