import Foundation
import MariaDB
import Testing
import TestSupport

/// `sluice check` against a live server: every check passes, and with the database stopped the
/// command fails naming the checks that failed.
@Suite struct SelfCheckTests {
    @Test func checkPassesAndNamesTheFailedChecksWhenTheDatabaseStops() async throws {
        try await withOwnDatabaseServer { database, _ in
            try await withServer(on: database.url) { server in
                let check = ["check", "--url", server.client.baseURL, "--key", server.client.adminKey]
                let passing = try SluiceBinary.run(check)
                #expect(passing.status == 0, "\(passing.stdout)")
                for name in ["health ready", "openapi", "dry-run hired_employees", "report hires-by-quarter", "rows "] {
                    #expect(passing.stdout.contains(name), "\(name) missing from \(passing.stdout)")
                }
                #expect(passing.stdout.contains("checks passed"))
                let params = #"{"url": "\#(server.client.baseURL)", "key": "\#(server.client.adminKey)"}"#
                let submitted = try await server.postJSON("/api/v1/jobs", #"{"kind": "check", "params": \#(params)}"#)
                let id = try #require(submitted.json["id"] as? Int, "\(submitted.json)")
                var run: [String: Any] = [:]
                let deadline = Date() + 60
                while Date() < deadline, !["succeeded", "failed"].contains(run["state"] as? String) {
                    let answer = try await server.send("GET", "/api/v1/jobs/\(id)")
                    run = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
                    if run["state"] as? String != "succeeded" { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(run["state"] as? String == "succeeded", "\(run)")
                #expect((run["summary"] as? [String: Any])?["failed"] as? Int == 0)
                let metrics = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
                #expect(metrics.contains("sluice_check_last_run_success 1"), "\(metrics)")
                #expect(metrics.contains(#"sluice_check_latency_seconds{check="openapi"}"#))
                #expect(try database.run("stop").status == 0)
                let failing = try SluiceBinary.run(check)
                #expect(failing.status != 0)
                #expect(failing.stdout.contains("checks failed: health ready"), "\(failing.stdout)")
                #expect(failing.stdout.contains("FAIL"))
            }
        }
    }
}
