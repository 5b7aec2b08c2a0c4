import Foundation
import MariaDB
import Testing
import TestSupport

/// `sluice serve` killed with SIGKILL while 4 clients send batches, each with an Idempotency-Key:
/// every row of a 2xx answer is stored and no other row is; retries of the unanswered batches
/// complete exactly once; the restarted server answers within 5 s.
@Suite(.serialized, chaosOnly) struct ServerKillChaosTests {
    @Test func killNineUnderLoadFromFourClients() async throws {
        try await withOwnDatabaseServer { database, folder in
            try await withServer(on: database.url, arguments: ["--no-scheduler"]) { server in
                let load = IngestLoad(client: server.client)
                #expect(load.waitForAnswers(40))
                server.process.kill(SIGKILL)
                try await load.stop()
                let answered = load.batches.filter(\.answered).count
                let unanswered = load.batches.count - answered
                #expect(load.batches.allSatisfy { $0.answered || $0.status == nil }, "an answer other than 2xx")
                let afterKill = try load.check(server.connection)
                #expect(afterKill.lost == 0 && afterKill.strangers == 0, "\(afterKill)")

                let restartedAt = Date()
                let restarted = try ServeProcess(
                    on: database.url, arguments: ["--no-scheduler"], log: folder + "/2.log")
                let again = APIClient(baseURL: restarted.baseURL, adminKey: server.client.adminKey)
                let ready = await waitForReady(again)
                let recovery = seconds(since: restartedAt)
                #expect(ready && recovery < 5, "the restarted server answered after \(recovery) s")

                try ageIdempotencyPlaceholders(server.connection)
                let retries = try await load.retryUnanswered(with: again)
                #expect(retries.allSatisfy { $0 == 200 }, "\(retries)")
                let (lost, doubled) = try load.reconcile(server.connection)
                #expect(lost == 0 && doubled == 0, "lost \(lost), doubled \(doubled)")
                ChaosReport(
                    fault: "kill -9 sluice serve, 4 clients",
                    checked: "\(answered) 2xx batches stored, no other; \(unanswered) unanswered retried once",
                    lost: lost + afterKill.lost, doubled: doubled + afterKill.strangers, recovery: recovery
                ).record()
            }
        }
    }
}
