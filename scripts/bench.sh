#!/usr/bin/env bash
# Measures what docs/BENCHMARKS.md reports. Not part of CI: timings on shared machines are
# noisy, so tests never assert them. Run on a quiet machine and copy the figures.
#   - cold start to first paint and idle memory of the release build, under Xvfb, side by
#     side with LibreOffice Calc opening a 1,000-client .xlsx (when soffice is installed);
#   - criterion: database open, create + migrate, one write use case;
#   - fees: aging over a 1,000,000-row ledger, recording payments;
#   - letters: per letter in-process and 1,000 from the database, vs LibreOffice and Chromium;
#   - store, fees and letters from the database each twice: plain, then encrypted at rest.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --features custom-protocol --bins
work=$(mktemp -d /tmp/lawdesk-bench.XXXXXX)
python3 - "$work/clients.csv" <<'PY'
import random, sys
random.seed(1)
names = ["王伟", "李娜", "張志明", "Иванов Иван", "Петрова Анна", "John Smith", "Mary Jones"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("kind,name,phone,email,address,language\n")
    for i in range(1000):
        f.write(f"person,{random.choice(names)} {i},+86 138{random.randint(10**7, 10**8 - 1)},c{i}@example.com,Street {i},en\n")
PY
if command -v soffice >/dev/null; then
  (cd "$work" && soffice --headless --convert-to xlsx clients.csv >/dev/null 2>&1) || true
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$work/xdg}"; mkdir -p "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
COMPARE_XLSX="$work/clients.xlsx" dbus-run-session -- xvfb-run -a -s "-screen 0 1280x820x24" python3 scripts/bench_startup.py
cargo bench --bench store -- --noplot 2>/dev/null | grep -E "time:" -B1 | grep -v '^--$'
# The same four, plain and encrypted alternating call by call (what the ratios come from).
LAWDESK_BENCH_ALTERNATE=2000 cargo bench --bench store 2>/dev/null | grep -E "µs|ratio|plain ="

# Letters: one-page letters in-process, 1,000 from the database; the same zh-CN letter
# through LibreOffice headless and Chromium's print-to-PDF (when installed).
cargo bench --bench letters 2>/dev/null | grep -E "^(\||plain:|encrypted:)"
for i in 1 2 3; do
  if command -v soffice >/dev/null; then
    t0=$(date +%s%N); (cd "$work" && HOME="$work" soffice --headless --convert-to pdf "$PWD/benches/letter-zh-CN.html" >/dev/null 2>&1)
    echo "LibreOffice headless, same letter as HTML → PDF: $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(stat -c %s "$work/letter-zh-CN.pdf" 2>/dev/null) bytes"
  fi
  if command -v chromium >/dev/null; then
    t0=$(date +%s%N); chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$work/chrome.pdf" benches/letter-zh-CN.html >/dev/null 2>&1
    echo "Chromium print-to-PDF, same letter: $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(stat -c %s "$work/chrome.pdf" 2>/dev/null) bytes"
  fi
done

# Letter batch: the in-memory secret store and the real Secret Service (gnome-keyring in a
# private D-Bus session, unlocked), the same binary, alternating, twice each.
mkdir -p "$work/keyring"
LAWDESK_BENCH_BATCH=500 KR="$work/keyring" dbus-run-session -- bash -c \
  'echo -n t | XDG_DATA_HOME=$KR gnome-keyring-daemon --unlock --components=secrets >/dev/null; cargo bench --bench letters 2>/dev/null' | grep -E "^\|"

# Statutory interest for 1,000 invoices across rate periods.
cargo bench --bench interest 2>/dev/null | grep -E "^interest"
# The collections daily run over 10,000 clients and 100,000 open invoices.
cargo bench --bench collections 2>/dev/null | grep -E "^daily run"

# A backup of the 100,000-client demo through `lawdesk-cli backup` and the real keychain,
# beside `cp -r` and `tar` of the same folder.
RUNS=1 scripts/bench_backup.sh

# Fees: aging over a 1,000,000-row ledger and recording payments.
cargo bench --bench fees 2>/dev/null | grep -E "^(##|ledger|aging|record)"

# The client file at 100,000 clients, and what a user would otherwise do with the same
# list: search it in a spreadsheet (a full scan, as Ctrl+F does; Python's csv + casefold
# stands in, measured the same way) and open a 10,000-row CSV in LibreOffice.
LAWDESK_BENCH_CSV_OUT="$work/bench" cargo bench --bench client_file 2>/dev/null | grep -vE "^(Running|Finished)"
python3 - "$work/bench-all.csv" <<'PY'
import csv, statistics, sys, time
rows = [" | ".join(r).casefold() for r in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))]
times = []
for q in ["王", "王伟", "有限公", "и", "ив", "ива", "s", "sm", "smi", "7946"]:
    for _ in range(5):
        t = time.perf_counter(); hits = [r for r in rows if q in r][:50]; times.append(time.perf_counter() - t)
times.sort()
print(f"spreadsheet-style full scan of {len(rows) - 1} rows (Python csv + casefold): p50 {statistics.median(times)*1000:.2f} ms, p95 {times[int(len(times)*0.95)]*1000:.2f} ms")
PY
if command -v soffice >/dev/null; then
  t0=$(date +%s%N)
  (cd "$work" && soffice --headless --convert-to xlsx bench-10k.csv >/dev/null 2>&1)
  echo "LibreOffice headless: open the 10,000-row CSV and save it as .xlsx: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
fi
rm -rf "$work"
