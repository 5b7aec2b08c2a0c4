#!/usr/bin/env bash
# `make cluster`: the tests that need more than one database server or host (suites named
# *ClusterTests, enabled by SLUICE_CLUSTER=1): a MariaDB replica, a Galera cluster, hosts in network
# namespaces. Each starts the servers it needs itself; the rest share one started here.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SLUICE_CLUSTER=1
source Tests/debug-suites.sh cluster
quiet_swift_test --filter "${CLUSTER_FILTER:-ClusterTests}"
