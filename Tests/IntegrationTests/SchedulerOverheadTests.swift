import Foundation
import JSON
import Jobs
import MariaDB
import Testing
import TestSupport

/// Scheduler overhead: enqueue-to-worker-start latency and draining 1,000 queued short runs.
/// Run with `SLUICE_PERF=1 make test` (it takes about a minute); prints its figures.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SLUICE_PERF"] == "1"))
struct SchedulerOverheadTests {
    /// The job `jobs/quick.json` declares, as the scheduler reads it.
    static let quick = JobDefinition(
        name: "quick", kind: "sleep", params: .object(["seconds": .integer(0)]), allowOverlap: true)

    @Test func enqueueToStartLatency() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                try writeJob("quick", #"{"kind": "sleep", "params": {"seconds": 0}, "allowOverlap": true}"#, in: folder)
                let scheduler = try SchedulerProcess(url: url, folder: folder, name: "s")
                defer { scheduler.stop() }
                let store = try JobStore(connection: connection)
                #expect(waitUntil(15) { scheduler.output.contains("job definitions loaded") })
                let definition = Self.quick
                for _ in 0..<40 {
                    _ = try store.submit(definition, trigger: "api")
                    Thread.sleep(forTimeInterval: 0.15)
                }
                #expect(
                    try waitUntil(30) {
                        try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs WHERE state = 'succeeded'") == "40"
                    })
                let claim = try percentiles(connection, "TIMESTAMPDIFF(MICROSECOND, r.enqueued_at, r.started_at)")
                let firstLine = try percentiles(connection, "TIMESTAMPDIFF(MICROSECOND, r.enqueued_at, l.logged_at)")
                print(
                    "PERF enqueue→claim+spawn p50 \(claim.p50) ms p95 \(claim.p95) ms; enqueue→worker's first log line p50 \(firstLine.p50) ms p95 \(firstLine.p95) ms"
                )
                #expect(claim.p50 < 200)
            }
        }
    }

    func percentiles(_ connection: Connection, _ expression: String) throws -> (p50: Int, p95: Int) {
        let values = try connection.query(
            "SELECT \(expression) FROM sluice_job_runs r JOIN sluice_job_logs l ON l.run_id = r.id AND l.seq = 0"
        ).compactMap { Int($0[0].description) }.sorted()
        guard !values.isEmpty else { return (0, 0) }
        return (values[values.count / 2] / 1000, values[values.count * 95 / 100] / 1000)
    }

    @Test func drainThousandQueuedRuns() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                try writeJob("quick", #"{"kind": "sleep", "params": {"seconds": 0}, "allowOverlap": true}"#, in: folder)
                #expect(try SluiceBinary.run(["schema", "apply", "--database-url", url.connectionString]).status == 0)
                let store = try JobStore(connection: connection)
                let definition = Self.quick
                for _ in 0..<1000 { _ = try store.submit(definition, trigger: "api") }
                let started = Date()
                let first = try SchedulerProcess(url: url, folder: folder, name: "a", extra: ["--max-concurrent", "4"])
                let second = try SchedulerProcess(
                    url: url, folder: folder, name: "b", extra: ["--max-concurrent", "4"])
                let drained = try waitUntil(300) {
                    try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs WHERE state IN ('queued', 'running')")
                        == "0"
                }
                let seconds = Date().timeIntervalSince(started)
                first.stop()
                second.stop()
                #expect(drained)
                let states = try connection.query("SELECT state, COUNT(*) FROM sluice_job_runs GROUP BY state").map {
                    "\($0[0])=\($0[1])"
                }
                let doubleDone = try connection.scalar(
                    "SELECT COUNT(*) FROM (SELECT run_id FROM sluice_job_logs WHERE line LIKE '%: done %' GROUP BY run_id HAVING COUNT(*) > 1) t"
                )
                let owners = try connection.query(
                    "SELECT lease_owner, COUNT(*) FROM sluice_job_runs GROUP BY lease_owner"
                ).map { "\($0[1])" }
                print(
                    "PERF drained 1000 runs in \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", 1000 / seconds)) runs/s) with 2 schedulers x 4 workers; states \(states); per scheduler \(owners); runs done twice \(doubleDone)"
                )
                #expect(states == ["succeeded=1000"])
                #expect(doubleDone == "0")
            }
        }
    }
}
