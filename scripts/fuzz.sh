#!/usr/bin/env bash
# Bounded fuzzing of every parser and importer (issue 10 part 9): the properties in
# tests/fuzz.rs with many more generated cases than CI's default 256, stopped after a time
# limit. A failure is shrunk and saved by proptest in tests/fuzz.proptest-regressions
# (commit it: it is replayed first on every run), then kept as a named regression test.
#   scripts/fuzz.sh [CASES] [SECONDS]      default: 50000 cases per property, 600 s
set -euo pipefail
cd "$(dirname "$0")/.."
export PROPTEST_CASES="${1:-50000}"
exec timeout "${2:-600}" cargo test --locked --test fuzz -- --nocapture
