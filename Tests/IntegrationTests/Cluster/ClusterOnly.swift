import Foundation
import Testing

/// The tests run by `make cluster` only (`SLUICE_CLUSTER=1`), never by `make test`: they start
/// replicas, Galera nodes or network namespaces of their own, and need root.
let clusterOnly = Testing.ConditionTrait.enabled(if: ProcessInfo.processInfo.environment["SLUICE_CLUSTER"] == "1")
