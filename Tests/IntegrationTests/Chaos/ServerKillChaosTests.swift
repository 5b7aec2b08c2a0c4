import Foundation
import MariaDB
import Testing
import TestSupport

/// `sluice serve` killed with SIGKILL while 4 clients send batches, each with an Idempotency-Key:
/// every row of a 2xx answer is stored and no other row is; retries of the unanswered batches
/// complete exactly once; the restarted server answers within 5 s.
@Suite(.serialized, chaosOnly) struct ServerKillChaosTests {
    /// One batch a client sent: its key, its row ids, and the status of its answer (nil: none came).
    struct Batch: Sendable {
        let key: String
        let ids: [Int]
        var status: Int?
        var body: String { "[" + ids.map { IngestAPITests.row($0) }.joined(separator: ",") + "]" }
    }

    @Test func killNineUnderLoadFromFourClients() async throws {
        try await withOwnDatabaseServer { database, folder in
            try await withServer(on: database.url, arguments: ["--no-scheduler"]) { server in
                let sent = Locked<[Batch]>([])
                let killed = Locked(false)
                let client = server.client
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for c in 0..<4 {
                        group.addTask {
                            var number = 0
                            while !killed.get() {
                                var batch = Batch(
                                    key: "client\(c)-batch\(number)",
                                    ids: (0..<50).map { (c + 1) * 1_000_000 + number * 50 + $0 })
                                batch.status = try? await Self.send(batch, with: client).status
                                sent.set(sent.get() + [batch])
                                number += 1
                            }
                        }
                    }
                    _ = waitUntil(60) { sent.get().filter { $0.status == 200 }.count >= 40 }
                    server.process.kill(SIGKILL)
                    killed.set(true)
                    try await group.waitForAll()
                }
                let batches = sent.get()
                let answered = batches.filter { $0.status.map { (200..<300).contains($0) } ?? false }
                let unanswered = batches.filter { $0.status == nil }
                #expect(answered.count >= 40 && answered.count + unanswered.count == batches.count, "\(batches)")
                let stored = Set(
                    try server.connection.query("SELECT id FROM hired_employees").compactMap { $0[0].int.map(Int.init) }
                )
                let lostBeforeRetry = answered.flatMap(\.ids).filter { !stored.contains($0) }.count
                #expect(lostBeforeRetry == 0, "rows of 2xx answers missing after the kill")
                let everySent = Set(batches.flatMap(\.ids))
                #expect(stored.isSubset(of: everySent), "no row that was never sent")

                let restartedAt = Date()
                let restarted = try ServeProcess(
                    on: database.url, arguments: ["--no-scheduler"], log: folder + "/2.log")
                let again = APIClient(baseURL: restarted.baseURL, adminKey: client.adminKey)
                let ready = try await Self.firstReady(again)
                let recovery = seconds(since: restartedAt)
                #expect(ready && recovery < 5, "the restarted server answered after \(recovery) s")

                // Placeholders of the killed requests can never be answered; aging them past
                // `IdempotencyStore.abandonedAfter` stands for waiting those 120 s.
                try server.connection.execute(
                    "UPDATE sluice_idempotency SET created_at = created_at - INTERVAL 1 HOUR WHERE status = 0")
                for batch in unanswered {
                    let retry = try await Self.send(batch, with: again)
                    #expect(retry.status == 200, "retry of \(batch.key): \(retry.status)")
                }
                let rows = try server.connection.query("SELECT id FROM hired_employees").compactMap {
                    $0[0].int.map(Int.init)
                }
                let expected = Set(batches.flatMap(\.ids))
                let lost = expected.subtracting(rows).count
                let doubled =
                    (rows.count - Set(rows).count)
                    + (Int(try server.connection.scalar("SELECT COUNT(*) FROM sluice_rejects")) ?? -1)
                #expect(lost == 0 && doubled == 0 && Set(rows) == expected, "lost \(lost), doubled \(doubled)")
                ChaosReport(
                    fault: "kill -9 sluice serve, 4 clients",
                    checked: "\(answered.count) 2xx batches stored; \(unanswered.count) retried exactly once",
                    lost: lost, doubled: doubled, recovery: recovery
                ).record()
            }
        }
    }

    static func send(_ batch: Batch, with client: APIClient) async throws -> (status: Int, json: [String: Any]) {
        try await client.postJSON(IngestAPITests.path, batch.body, headers: ["Idempotency-Key": batch.key])
    }

    /// Polls `GET /health/ready` until it answers 200 (at most 5 s).
    static func firstReady(_ client: APIClient) async throws -> Bool {
        let deadline = Date() + 5
        while Date() < deadline {
            if (try? await client.send("GET", "/health/ready").status) == 200 { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
