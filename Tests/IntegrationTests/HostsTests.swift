import Foundation
import MariaDB
import Testing
import TestSupport

/// `sluice_hosts` with real processes: a serve and two schedulers register; a scheduler killed with
/// SIGKILL is shown down once its lease passed, with the run it lost and that run's retry; one
/// stopped cleanly is shown stopped.
@Suite(.serialized) struct HostsTests {
    /// The processes `GET /api/v1/hosts` lists, by pid.
    static func hosts(_ server: ServeProcess) throws -> [Int32: [String: Any]] {
        let answer = try HTTPExchange.send(
            "GET", server.baseURL + "/api/v1/hosts", headers: ["Authorization": "Bearer \(server.firstKey ?? "")"])
        let items = answer.json["items"] as? [[String: Any]] ?? []
        return Dictionary(items.map { (Int32($0["pid"] as? Int ?? 0), $0) }) { $1 }
    }

    @Test func aKilledSchedulerIsShownDownWithItsLostRunAndAStoppedOneStopped() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                try writeJob(
                    "long", #"{"kind": "sleep", "params": {"seconds": 3}, "retries": {"max": 1, "backoff": "1s"}}"#,
                    in: folder)
                let server = try ServeProcess(on: url, dataDirectory: folder, arguments: ["--no-scheduler"])
                let doomed = try SchedulerProcess(url: url, folder: folder, name: "doomed")
                _ = try JobsEndToEndTests.runLongJob(connection, JobsEndToEndTests.arguments(url, folder))
                let survivor = try SchedulerProcess(url: url, folder: folder, name: "survivor")
                defer { survivor.stop() }
                let serverPid = server.process.processIdentifier
                let doomedPid = doomed.process.processIdentifier
                let survivorPid = survivor.process.processIdentifier
                #expect(
                    try waitUntil(20) {
                        let shown = try Self.hosts(server)
                        return [serverPid, doomedPid, survivorPid].allSatisfy { shown[$0]?["state"] as? String == "up" }
                            && shown[doomedPid]?["workers"] as? [Int] == [1]
                    }, "\((try? Self.hosts(server)) ?? [:])")
                let shown = try Self.hosts(server)
                #expect(shown[serverPid]?["roles"] as? [String] == ["api"])
                #expect(shown[serverPid]?["publicUrl"] as? String == server.baseURL + "/")
                #expect(shown[survivorPid]?["roles"] as? [String] == ["scheduler"])
                #expect(shown[doomedPid]?["workerCount"] as? Int == 1)
                let owner = try connection.scalar("SELECT lease_owner FROM sluice_job_runs WHERE id = 1")
                #expect(shown[doomedPid]?["id"] as? String == owner, "a scheduler claims under its process id")

                doomed.killHard()
                #expect(
                    try waitUntil(20) {
                        let doomedRow = try Self.hosts(server)[doomedPid]
                        let lost = doomedRow?["lostRuns"] as? [[String: Any]] ?? []
                        return doomedRow?["state"] as? String == "down" && lost.first?["id"] as? Int == 1
                            && lost.first?["retry"] as? Int == 2
                    }, "\((try? Self.hosts(server)) ?? [:])\n\(survivor.output)")
                #expect(survivor.stop() == 0, "\(survivor.output)")
                let after = try Self.hosts(server)
                #expect(after[survivorPid]?["state"] as? String == "stopped")
                #expect(after[survivorPid]?["stopped"] is String)
                #expect(after[serverPid]?["state"] as? String == "up")
                server.stop()
                #expect(
                    try connection.scalar(
                        "SELECT stopped_at IS NOT NULL FROM sluice_hosts WHERE pid = ?",
                        [
                            .int(Int64(serverPid))
                        ]) == "1")
            }
        }
    }
}
