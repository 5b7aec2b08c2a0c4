#!/usr/bin/env bash
# `make chaos`: the fault tests (suites named *ChaosTests, enabled by SLUICE_CHAOS=1) with real
# processes and real MariaDB servers, then the table of what each showed. Each test that kills or
# slows a database starts a private MariaDB of its own; the rest share one started here.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SLUICE_CHAOS=1
source Tests/debug-suites.sh chaos
export SLUICE_CHAOS_REPORT="$SERVER_DIR/report.tsv"
: >"$SLUICE_CHAOS_REPORT"

set +e
quiet_swift_test --no-parallel --filter "${CHAOS_FILTER:-ChaosTests}"
status=$?
set -e
echo
{
  printf 'fault\tchecked\trows lost\trows doubled\ttime to recover\n'
  cat "$SLUICE_CHAOS_REPORT"
} | column -t -s $'\t'
exit "$status"
