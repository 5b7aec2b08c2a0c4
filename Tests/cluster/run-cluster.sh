#!/usr/bin/env bash
# `make cluster`: the tests that need more than one database server or host (suites named
# *ClusterTests, enabled by SLUICE_CLUSTER=1): a MariaDB replica, a Galera cluster, hosts in network
# namespaces. Each starts the servers it needs itself; the rest share one started here.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --build-tests
export SLUICE_BIN="$PWD/.build/debug/sluice"
export SLUICE_TEST_BIN="$PWD/.build/debug/sluice-test"
export SLUICE_CLUSTER=1
SERVER_DIR=$(mktemp -d /tmp/sluice-cluster.XXXXXX)
cleanup() {
  "$SLUICE_BIN" db stop --data-dir "$SERVER_DIR" >/dev/null 2>&1 || true
  rm -rf "$SERVER_DIR"
}
trap cleanup EXIT
"$SLUICE_BIN" db start --data-dir "$SERVER_DIR" >/dev/null
SLUICE_TEST_DATABASE_URL=$("$SLUICE_BIN" db url --data-dir "$SERVER_DIR")
export SLUICE_TEST_DATABASE_URL

swift test --skip-build --filter "${CLUSTER_FILTER:-ClusterTests}" 2>&1 \
  | awk '/Test run with/ || !/(started|passed after [0-9.]+ seconds)\.$/ { print; fflush() }'
exit "${PIPESTATUS[0]}"
