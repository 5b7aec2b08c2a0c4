#!/usr/bin/env bash
# `make chaos`: the fault tests (suites named *ChaosTests, enabled by SLUICE_CHAOS=1) with real
# processes and real MariaDB servers, then the table of what each showed. Each test that kills or
# slows a database starts a private MariaDB of its own; the rest share one started here.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --build-tests
export SLUICE_BIN="$PWD/.build/debug/sluice"
export SLUICE_TEST_BIN="$PWD/.build/debug/sluice-test"
export SLUICE_CHAOS=1
source Tests/test-database.sh chaos
export SLUICE_CHAOS_REPORT="$SERVER_DIR/report.tsv"
: >"$SLUICE_CHAOS_REPORT"

set +e
swift test --skip-build --no-parallel --filter "${CHAOS_FILTER:-ChaosTests}" 2>&1 \
  | awk '/Test run with/ || !/(started|passed after [0-9.]+ seconds)\.$/ { print; fflush() }'
status=${PIPESTATUS[0]}
set -e
echo
{
  printf 'fault\tchecked\trows lost\trows doubled\ttime to recover\n'
  cat "$SLUICE_CHAOS_REPORT"
} | column -t -s $'\t'
exit "$status"
