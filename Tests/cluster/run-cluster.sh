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
source Tests/test-database.sh cluster

swift test --skip-build --filter "${CLUSTER_FILTER:-ClusterTests}" 2>&1 \
  | awk '/Test run with/ || !/(started|passed after [0-9.]+ seconds)\.$/ { print; fflush() }'
exit "${PIPESTATUS[0]}"
