import Foundation
import MariaDB
import Testing
import TestSupport

/// MariaDB killed with SIGKILL, once during a backup and once during a restore, each time under
/// API load, with `sluice serve` left running: each run ends failed with its cause (or succeeds),
/// `GET /health/ready` is 503 while the database is down and 200 once it is back; retries complete
/// exactly; no half-written backup is listed; the restored table is as it was.
@Suite(.serialized, chaosOnly) struct DatabaseKillChaosTests {
    static let rows = 200_000

    @Test func killNineOfTheDatabaseDuringABackupARestoreAndLoad() async throws {
        try await withOwnDatabaseServer { database, folder in
            let arguments = ["--jobs-dir", folder + "/jobs", "--lease", "2", "--grace", "2"]
            try await withServer(on: database.url, dataDirectory: folder, arguments: arguments) { server in
                let db = server.connection
                try fillHiredEmployees(Self.rows, db)
                let first = try await Self.submit(server, #"{"kind": "backup", "params": {"codec": "null"}}"#)
                #expect(try Self.waitForEnd(first, db) == "succeeded")
                let backups = try await Self.listedBackups(server)
                let backup = try #require(backups.first)
                let before = try Self.fingerprint(db)

                // A backup: the database dies while its `.partial` folder is being written.
                let backupDown = try await Self.killDuringRun(
                    server, database, "backup", #"{"kind": "backup", "params": {"codec": "deflate"}}"#,
                    firstID: 1_000_000
                ) {
                    ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/backups")) ?? [])
                        .contains { $0.hasSuffix(".partial") }
                }
                let listed = try await Self.listedBackups(server)
                #expect(
                    listed == backups || (backupDown.state == "succeeded" && listed.count == 2),
                    "a half-written backup is listed: \(listed)")

                // A restore: the database dies while the scratch table fills.
                let probe = try Connection(url: database.url)
                _ = try await Self.killDuringRun(
                    server, database, "restore",
                    #"{"kind": "restore", "params": {"table": "hired_employees", "backup": "\#(backup)"}}"#,
                    firstID: 10_000_000
                ) {
                    (Int(
                        try probe.scalar(
                            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'hired_employees__restore'"
                        )) ?? 0) > 0
                }
                #expect(
                    try Self.fingerprint(Connection(url: database.url)) == before, "the live table changed")

                let retried = try await Self.submit(server, #"{"kind": "backup", "params": {"codec": "deflate"}}"#)
                #expect(try Self.waitForEnd(retried, Connection(url: database.url)) == "succeeded")
                #expect(try await Self.listedBackups(server).count == listed.count + 1)
                let restore = try await Self.submit(
                    server, #"{"kind": "restore", "params": {"table": "hired_employees", "backup": "\#(backup)"}}"#)
                #expect(try Self.waitForEnd(restore, Connection(url: database.url)) == "succeeded")
                #expect(try Self.fingerprint(Connection(url: database.url)) == before, "the retried restore is exact")
            }
        }
    }

    /// What one kill of the database showed: how the run ended.
    struct Outcome {
        let state: String
    }

    /// The count and a checksum of the rows inserted before the faults (the load adds others).
    static func fingerprint(_ db: Connection) throws -> String {
        try db.query(
            """
            SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS(',', id, name, datetime, department_id, job_id)))
            FROM hired_employees WHERE id <= \(rows)
            """
        ).description
    }

    /// Submits `job`, starts 4 clients of API load, kills MariaDB once `running` holds, checks
    /// readiness while it is down (503) and after it is started again (200), and reports a row.
    static func killDuringRun(
        _ server: RunningServer, _ database: OwnDatabaseServer, _ kind: String, _ job: String, firstID: Int,
        running: () throws -> Bool
    ) async throws -> Outcome {
        let run = try await submit(server, job)
        let load = IngestLoad(client: server.client, firstID: firstID)
        #expect(try waitUntil(60) { try running() }, "the run never reached the point of the kill")
        let mariadbd = try #require(database.pid)
        #expect(kill(mariadbd, SIGKILL) == 0)
        let killedAt = Date()
        #expect(waitUntil(10) { !isRunning(mariadbd) })
        #expect(await waitForReady(server.client, status: 503), "ready should say 503 while the database is down")
        // The outage outlasts the 2 s lease, as a real one would.
        _ = waitUntil(10) { Date() > killedAt + 3 }
        #expect(try database.run("start").status == 0)
        let restartedAt = Date()
        let ready = await waitForReady(server.client, timeout: 30)
        let recovery = seconds(since: restartedAt)
        #expect(ready && server.process.process.isRunning, "ready again without a restart of Sluice")
        try await load.stop()

        let db = try Connection(url: database.url)
        let state = try waitForEnd(run, db)
        let cause = try db.scalar("SELECT exit_cause FROM sluice_job_runs WHERE id = ?", [.int(Int64(run))])
        #expect(state == "succeeded" || (state == "failed" && !cause.isEmpty), "\(state): \(cause)")
        let afterKill = try load.check(db)
        #expect(afterKill.lost == 0 && afterKill.strangers == 0, "\(afterKill)")
        try ageIdempotencyPlaceholders(db)
        let retries = try await load.retryUnanswered(with: server.client)
        #expect(retries.allSatisfy { $0 == 200 }, "\(retries)")
        let (lost, doubled) = try load.reconcile(db)
        #expect(lost == 0 && doubled == 0, "lost \(lost), doubled \(doubled)")
        let answered = load.batches.filter(\.answered).count
        ChaosReport(
            fault: "kill -9 MariaDB during a \(kind)",
            checked:
                "\(kind) \(state) (\(cause.prefix(40))); ready 503 then 200; "
                + "\(answered) 2xx batches, \(load.batches.count - answered) retried once",
            lost: lost + afterKill.lost, doubled: doubled + afterKill.strangers, recovery: recovery
        ).record()
        return Outcome(state: state)
    }

    static func submit(_ server: RunningServer, _ job: String) async throws -> Int {
        let answer = try await server.postJSON("/api/v1/jobs", job)
        #expect(answer.status == 201, "\(answer.json)")
        return try #require(answer.json["id"] as? Int)
    }

    /// Waits (up to 60 s) for run `id` to end; returns its state.
    static func waitForEnd(_ id: Int, _ db: Connection) throws -> String {
        let state = { try db.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(Int64(id))]) }
        _ = try waitUntil(60) { !["queued", "running"].contains(try state()) }
        return try state()
    }

    /// The ids `GET /api/v1/backups` lists.
    static func listedBackups(_ server: RunningServer) async throws -> [String] {
        let answer = try await server.send("GET", "/api/v1/backups")
        let json = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        return (json?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}
