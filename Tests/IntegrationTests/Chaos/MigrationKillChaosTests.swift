import Foundation
import MariaDB
import Testing
import TestSupport

/// MariaDB killed with SIGKILL during a migration and started again, under a running `sluice serve`:
/// `GET /health/ready` is 503 while it is down and 200 again without a restart of Sluice, the
/// interrupted run ends with its cause, later runs run, the retried migration completes exactly,
/// and the outage is logged once, not once per scheduler tick. The test starts a server of its own
/// so that it can kill it.
@Suite(.serialized, chaosOnly) struct MigrationKillChaosTests {
    static let rows = 300_000

    @Test func theSchedulerRecoversAfterTheDatabaseIsKilledAndRestarted() async throws {
        try await withOwnDatabaseServer { database, folder in
            let url = database.url
            try InterruptedMigrationTests.writeFiles(rows: Self.rows, in: folder)
            try writeJob(
                "load",
                #"{"kind": "migrate", "params": {"table": "hired_employees", "file": "\#(folder)/hired_employees.csv", "batchRows": 2000}}"#,
                in: folder)
            let log = folder + "/serve.log"
            let arguments = ["--jobs-dir", folder + "/jobs", "--lease", "2", "--grace", "2"]
            try await withServer(on: url, dataDirectory: folder, arguments: arguments, log: log) { server in
                // A (valid) row the migration will reach, held by an open transaction: the migration waits
                // for it, so it is still running when the database is killed, however slowly this test polls.
                let blocker = try Connection(url: url)
                try blocker.execute("SET GLOBAL innodb_lock_wait_timeout = 600")
                try blocker.execute("START TRANSACTION")
                try blocker.execute("INSERT INTO hired_employees VALUES (200001, 'Held', '2021-01-01 00:00:00', 1, 1)")
                let submitted = try await server.postJSON("/api/v1/jobs", #"{"job": "load"}"#)
                #expect(submitted.status == 201, "\(submitted.json)")
                let id = try #require(submitted.json["id"] as? Int)
                #expect(
                    try waitUntil(30) {
                        (Int(
                            try server.connection.scalar(
                                "SELECT next_offset FROM sluice_loads WHERE table_name = 'hired_employees'")) ?? 0) > 0
                    }, "the migration never committed a batch: \(Self.text(log))")
                let worker = try #require(
                    Int32(
                        try server.connection.scalar(
                            "SELECT worker_pid FROM sluice_job_runs WHERE id = ?", [.int(Int64(id))])))

                let mariadbd = try #require(database.pid)
                #expect(kill(mariadbd, SIGKILL) == 0)
                let killedAt = Date()
                #expect(waitUntil(10) { !isRunning(mariadbd) })
                #expect(
                    await waitForReady(server.client, status: 503), "ready should say 503 while the database is down")
                #expect(waitUntil(10) { !isRunning(worker) }, "the worker should fail once its database is gone")
                #expect(
                    waitUntil(10) { Self.text(log).contains("database unreachable") },
                    "the scheduler should notice the outage: \(Self.text(log))")
                // The outage is the test's input, not a wait for something: it outlasts the 2 s lease, so
                // the run's completion, kept meanwhile, must be recorded before lease expiry sees the run.
                _ = waitUntil(10) { Date() > killedAt + 3 }
                // A use of `blocker` after the kill, so its transaction is not closed early.
                #expect(!blocker.ping(), "the held row went with the killed server")
                #expect(try database.run("start").status == 0)
                let restartedAt = Date()
                let ready = await waitForReady(server.client, timeout: 30)
                let recovery = seconds(since: restartedAt)
                #expect(ready && server.process.process.isRunning, "ready again without a restart of Sluice")

                let connection = try Connection(url: url)
                let state = {
                    try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(Int64(id))])
                }
                #expect(
                    try waitUntil(30) { try state() != "running" },
                    "the interrupted run stayed running: \(Self.text(log))")
                let (ended, cause) = (
                    try state(),
                    try connection.scalar("SELECT exit_cause FROM sluice_job_runs WHERE id = ?", [.int(Int64(id))])
                )
                #expect(
                    ended == "failed" && cause.hasPrefix("exit ") && cause != "exit 0",
                    "\(ended), cause \(cause): \(Self.text(log))")
                #expect(
                    (Int(try connection.scalar("SELECT COUNT(*) FROM hired_employees")) ?? 0) < 200_000,
                    "the migration was interrupted, not finished")
                let errors = try connection.scalar(
                    "SELECT COUNT(*) FROM sluice_job_logs WHERE run_id = ? AND stream = 'stderr'", [.int(Int64(id))])
                #expect((Int(errors) ?? 0) > 0, "what the worker said during the outage was kept and stored")

                let later = try await server.postJSON("/api/v1/jobs", #"{"kind": "sleep", "params": {"seconds": 0.1}}"#)
                #expect(later.status == 201, "\(later.json)")
                let laterID = try #require(later.json["id"] as? Int)
                #expect(
                    try Self.succeeds(laterID, within: 30, connection),
                    "a run submitted after the restart should run: \(Self.text(log))")

                // The client's retry: the same job again resumes after the last committed batch.
                let retry = try await server.postJSON("/api/v1/jobs", #"{"job": "load"}"#)
                let retryID = try #require(retry.json["id"] as? Int)
                #expect(
                    try Self.succeeds(retryID, within: 120, connection),
                    "the retried migration should complete: \(Self.text(log))")
                let (lost, doubled) = try Self.reconcile(connection)
                #expect(lost == 0 && doubled == 0, "lost \(lost), doubled \(doubled)")
                ChaosReport(
                    fault: "kill -9 MariaDB during a migration",
                    checked: "run \(ended) (\(cause)); ready 503 then 200; later run ran; retry exact",
                    lost: lost, doubled: doubled, recovery: recovery
                ).record()

                let lines = Self.text(log).split(separator: "\n")
                #expect(lines.filter { $0.contains("database unreachable") }.count == 1)
                #expect(lines.filter { $0.contains("database reachable again") }.count == 1)
                #expect(lines.filter { $0.contains("error") }.count < 20, "\(lines.suffix(40).joined(separator: "\n"))")
            }
        }
    }

    /// Whether run `id` reaches `succeeded` within `seconds`.
    static func succeeds(_ id: Int, within seconds: TimeInterval, _ connection: Connection) throws -> Bool {
        try waitUntil(seconds) {
            try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(Int64(id))]) == "succeeded"
        }
    }

    /// Rows of the file missing from the table, and rows in it the file does not hold (every
    /// 1000th line has no name and is rejected; the row held when the server died was never committed).
    static func reconcile(_ connection: Connection) throws -> (lost: Int, doubled: Int) {
        let kept = Int(try connection.scalar("SELECT COUNT(*) FROM hired_employees WHERE id % 1000 <> 0")) ?? 0
        let total = Int(try connection.scalar("SELECT COUNT(*) FROM hired_employees")) ?? 0
        return (rows - rows / 1000 - kept, total - kept)
    }

    static func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
}
