import Foundation
import MariaDB
import Testing
import TestSupport

/// The database slow, not down: a row lock held by an open transaction, and the whole server
/// stalled (SIGSTOP) for 10 s. Requests answer 503 `database_unavailable` within the server's
/// `--database-timeout` (one deadline for all of a request's database waits) instead of hanging, and the pool serves again once the database does.
@Suite(.serialized, chaosOnly) struct SlowDatabaseChaosTests {
    static let timeout: TimeInterval = 3

    @Test func aHeldLockAndAStalledServerAnswer503InTime() async throws {
        try await withOwnDatabaseServer { database, _ in
            let arguments = ["--no-scheduler", "--database-timeout", "\(Int(Self.timeout))"]
            try await withServer(on: database.url, arguments: arguments) { server in
                let path = IngestAPITests.path
                #expect(try await server.postJSON(path, "[\(IngestAPITests.row(1))]").status == 200)

                // A held lock: the rows' department, locked by a transaction left open (the foreign
                // key check of an insert waits for it).
                let blocker = try Connection(url: database.url)
                try blocker.execute("START TRANSACTION")
                try blocker.execute("SELECT id FROM departments WHERE id = 1 FOR UPDATE")
                let (locked, lockedTime) = try await Self.timed {
                    try await server.postJSON(
                        path, "[\(IngestAPITests.row(2)),\(IngestAPITests.row(3))]", key: nil,
                        headers: ["Idempotency-Key": "held"])
                }
                Self.expectUnavailable(locked.status, Self.code(locked.json), lockedTime, "a held lock")
                try blocker.execute("ROLLBACK")
                let released = try await server.postJSON(
                    path, "[\(IngestAPITests.row(2)),\(IngestAPITests.row(3))]", headers: ["Idempotency-Key": "held"])
                #expect(released.status == 200, "\(released.json)")
                ChaosReport(
                    fault: "row lock held by an open transaction",
                    checked: String(format: "503 database_unavailable in %.1f s; retry 200 once released", lockedTime),
                    lost: 0, doubled: 0, recovery: 0
                ).record()

                // A stall: the database process stopped for 10 s.
                let mariadbd = try #require(database.pid)
                #expect(kill(mariadbd, SIGSTOP) == 0)
                let stoppedAt = Date()
                defer { kill(mariadbd, SIGCONT) }
                let client = server.client
                let answers = try await withThrowingTaskGroup(of: (Int, String?, TimeInterval).self) { group in
                    for n in 0..<4 {
                        group.addTask {
                            let start = Date()
                            let answer = try await client.postJSON(
                                path, "[\(IngestAPITests.row(10 + n))]", headers: ["Idempotency-Key": "stall-\(n)"])
                            return (answer.status, Self.code(answer.json), seconds(since: start))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for (status, code, time) in answers { Self.expectUnavailable(status, code, time, "a stall") }
                let ready = try await server.send("GET", "/health/ready")
                #expect(ready.status == 503, "ready during the stall")
                // The stall is the test's input: it lasts 10 s whatever the answers took.
                _ = waitUntil(15) { Date() > stoppedAt + 10 }
                #expect(kill(mariadbd, SIGCONT) == 0)
                let resumedAt = Date()
                let recovered = await waitForReady(server.client, timeout: 10)
                let recovery = seconds(since: resumedAt)
                #expect(recovered, "the pool never served again")
                for n in 0..<4 {
                    try ageIdempotencyPlaceholders(server.connection)
                    let retry = try await server.postJSON(
                        path, "[\(IngestAPITests.row(10 + n))]", headers: ["Idempotency-Key": "stall-\(n)"])
                    #expect(retry.status == 200, "\(retry.json)")
                }
                let ids = try Connection(url: database.url).query("SELECT id FROM hired_employees ORDER BY id")
                #expect(ids == [1, 2, 3, 10, 11, 12, 13].map { [.int($0)] })
                let rejects = Int(try server.connection.scalar("SELECT COUNT(*) FROM sluice_rejects")) ?? -1
                #expect(rejects == 0)
                ChaosReport(
                    fault: "MariaDB stalled 10 s (SIGSTOP)",
                    checked: String(
                        format: "4 requests 503 database_unavailable in <= %.1f s; ready 503; retries exact",
                        answers.map(\.2).max() ?? 0),
                    lost: 7 - ids.count, doubled: rejects, recovery: recovery
                ).record()
            }
        }
    }

    static func timed<T>(_ body: () async throws -> T) async throws -> (T, TimeInterval) {
        let start = Date()
        let result = try await body()
        return (result, seconds(since: start))
    }

    static func code(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["code"] as? String }

    static func expectUnavailable(_ status: Int, _ code: String?, _ time: TimeInterval, _ what: String) {
        #expect(status == 503 && code == "database_unavailable", "\(what): \(status) \(code ?? "")")
        // Every database wait of a request shares one deadline, the timeout from its start; the
        // margin is for a loaded machine (and a connect, whose timeout Connector/C takes in seconds).
        #expect(time < timeout + 1.5, "\(what): answered after \(time) s")
    }
}
