@testable import API
import Errors
import MariaDB
@testable import Reports
import Testing

/// How a replica's `SHOW REPLICA STATUS` row becomes a health, the policy's answer and the headers,
/// with no server: the states `make cluster` cannot bring about quickly (a lag past the limit).
@Suite struct ReplicaHealthTests {
    static func status(io: String = "Yes", sql: String = "Yes", lag: Value = .int(3), error: String = "")
        -> [String: Value]
    {
        [
            "Slave_IO_Running": .string(io), "Slave_SQL_Running": .string(sql), "Seconds_Behind_Master": lag,
            "Last_IO_Error": .string(""), "Last_SQL_Error": .string(error),
        ]
    }

    @Test func aRunningReplicaReportsItsLag() {
        #expect(ReplicaHealth.health(Self.status()) == .replicating(lagSeconds: 3))
        let mysqlNames: [String: Value] = [
            "Replica_IO_Running": .string("Yes"), "Replica_SQL_Running": .string("Yes"),
            "Seconds_Behind_Source": .int(0),
        ]
        #expect(ReplicaHealth.health(mysqlNames) == .replicating(lagSeconds: 0))
    }

    @Test func aStoppedThreadOrAnUnknownLagIsStopped() {
        #expect(
            ReplicaHealth.health(Self.status(sql: "No", lag: .null, error: "Duplicate entry"))
                == .stopped("IO thread Yes, SQL thread No: Duplicate entry"))
        #expect(ReplicaHealth.health(Self.status(io: "Connecting")).state(maxLag: 30) == "stopped")
        #expect(ReplicaHealth.health(Self.status(lag: .null)).state(maxLag: 30) == "stopped")
    }

    @Test func thePolicyRefusesALagPastItsLimitOrAReplicaItCannotTrust() {
        #expect(ReplicaHealth.replicating(lagSeconds: 30).refusal(maxLag: 30) == nil)
        #expect(ReplicaHealth.replicating(lagSeconds: 31).refusal(maxLag: 30)?.code == .replicaLagging)
        #expect(ReplicaHealth.replicating(lagSeconds: 31).state(maxLag: 30) == "lagging")
        #expect(ReplicaHealth.stopped("SQL thread No").refusal(maxLag: 30)?.code == .replicaLagging)
        #expect(ReplicaHealth.unavailable("refused").refusal(maxLag: 30)?.code == .replicaUnavailable)
    }

    @Test func answersSayWhichServerGaveThemOnlyWhenThereIsAReplica() {
        #expect(ReportsEndpoint.sourceHeaders(ReportSource.Answer(server: .primary, maxLag: 0)).isEmpty)
        let lagging = ReportSource.Answer(server: .primary, replica: .replicating(lagSeconds: 45), maxLag: 30)
        #expect(
            ReportsEndpoint.sourceHeaders(lagging).map { "\($0.0): \($0.1)" } == [
                "X-Sluice-Reports-Source: primary", "X-Sluice-Replica-State: lagging", "X-Sluice-Replica-Lag: 45",
            ])
        let down = ReportSource.Answer(server: .primary, replica: .unavailable("refused"), maxLag: 30)
        #expect(ReportsEndpoint.sourceHeaders(down).count == 2)
    }
}
