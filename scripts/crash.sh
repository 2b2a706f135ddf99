#!/usr/bin/env bash
# The crash harness at full strength (issue 10 part 9): 200 `kill -9` of the real
# lawdesk-cli during imports, payments and letter batches. CI runs the same test with 54.
#   scripts/crash.sh [KILLS] [SEED]      e.g. scripts/crash.sh 200 7
set -euo pipefail
cd "$(dirname "$0")/.."
export LAWDESK_CRASH_KILLS="${1:-200}" LAWDESK_CRASH_SEED="${2:-10}"
exec cargo test --locked --test crash -- --nocapture
