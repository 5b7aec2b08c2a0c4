import Foundation
import MariaDB
import Testing
import TestSupport

/// Run notices and the per-job gauges, end to end: a `sluice serve` with its scheduler, a webhook
/// receiver started by the test, stored schedules that fail and succeed, and `/metrics`.
@Suite struct NotifyTests {
    private static func json(_ answer: (status: Int, headers: [String: String], body: [UInt8])) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
    }

    @Test func aFailedRunIsAnnouncedToItsWebhooksRetriedOn500AndCountedInTheJobGauges() async throws {
        try await withTemporaryDirectory { folder in
            let receiver = try WebhookReceiver(folder: folder)
            defer { receiver.stop() }
            try await withServer(arguments: ["--public-url", "https://sluice.example/"], scheduler: true) { server in
                let refused = try await server.postJSON(
                    "/api/v1/schedules",
                    #"{"name": "bad", "kind": "sleep", "notify": {"webhooks": ["http://ok.example/", "ftp://x/y"]}}"#)
                #expect(refused.status == 400, "\(refused.json)")
                let error = refused.json["error"] as? [String: Any]
                #expect(error?["code"] as? String == "invalid_params", "\(refused.json)")
                let message = (error?["message"] as? String) ?? ""
                #expect(message.contains("notify.webhooks[1]"), "\(refused.json)")

                let failing = """
                    {"name": "flop", "kind": "sleep", "params": {"seconds": 0.2, "fail": true},
                     "notify": {"webhooks": ["\(receiver.baseURL)/ok", "\(receiver.baseURL)/flaky/secret-token"]}}
                    """
                #expect(try await server.postJSON("/api/v1/schedules", failing).status == 201)
                let quiet = #"{"name": "nap", "kind": "sleep", "params": {"seconds": 0.1}}"#
                #expect(try await server.postJSON("/api/v1/schedules", quiet).status == 201)
                let run = try await server.send("POST", "/api/v1/schedules/flop/run")
                let id = try #require(Self.json(run)["id"] as? Int)
                let by = (Self.json(run)["triggeredBy"] as? String) ?? ""
                #expect(by.hasPrefix("key first admin key ("), "\(by)")
                #expect(try await server.send("POST", "/api/v1/schedules/nap/run").status == 201)

                // The notice: its fields, at once to /ok; /flaky answers 500 first and gets the retry.
                let delivered = waitUntil(30) { receiver.posts.filter { $0.path.hasPrefix("/flaky") }.count >= 2 }
                let state = try server.connection.query(
                    "SELECT state, exit_cause FROM sluice_job_runs WHERE id = ?", [.int(Int64(id))]
                ).first.map { "\($0[0]) \($0[1])" }
                let log = try server.connection.query(
                    "SELECT stream, line FROM sluice_job_logs WHERE run_id = ? ORDER BY seq", [.int(Int64(id))]
                ).map { "\($0[0]) \($0[1])" }
                #expect(delivered, "run \(id): \(state ?? "-"), log \(log)")
                let posts = receiver.posts
                #expect(posts.map(\.path).filter { $0 == "/ok" }.count == 1, "\(posts.map(\.path))")
                let notice = try #require(posts.first { $0.path == "/ok" }?.body)
                #expect(notice["id"] as? Int == id && notice["job"] as? String == "flop")
                #expect(notice["state"] as? String == "failed" && notice["kind"] as? String == "sleep")
                #expect(notice["cause"] is String, "\(notice)")
                let took = (notice["durationSeconds"] as? Double) ?? 0
                #expect(took >= 0.2, "\(notice)")
                let link = "https://sluice.example/admin/job.html?id=\(id)"
                #expect(notice["link"] as? String == link, "\(notice)")
                let text = (notice["text"] as? String) ?? ""
                #expect(text.contains("flop failed") && text.contains("<\(link)|run \(id)>"), "\(text)")

                // Every attempt is in the run's log, with the webhook's secret path left out.
                let logged = { () throws -> [String] in
                    try server.connection.query(
                        "SELECT line FROM sluice_job_logs WHERE run_id = ? AND stream = 'notify' ORDER BY seq",
                        [.int(Int64(id))]
                    ).map { $0[0].description }
                }
                #expect(try waitUntil(10) { try logged().count == 3 })
                let lines = try logged().joined(separator: "\n")
                #expect(lines.contains("/flaky") == false && lines.contains("secret-token") == false, "\(lines)")
                #expect(lines.contains("attempt 1 of 5: HTTP 500"), "\(lines)")
                #expect(lines.contains("retrying in 4 s") && lines.contains("attempt 2 of 5: HTTP 200"), "\(lines)")

                // The gauges, from the history, after the failure and the success.
                #expect(
                    try waitUntil(30) {
                        try server.connection.scalar("SELECT state FROM sluice_job_runs WHERE job_name = 'nap'")
                            == "succeeded"
                    })
                let metrics = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
                let gauges = metrics.split(separator: "\n").map(String.init)
                for expected in [
                    #"sluice_job_runs{job="flop",state="failed"} 1.0"#,
                    #"sluice_job_runs{job="flop",state="succeeded"} 0.0"#,
                    #"sluice_job_runs{job="nap",state="succeeded"} 1.0"#,
                ] {
                    #expect(gauges.contains(expected), "\(metrics)")
                }
                #expect(gauges.contains { $0.hasPrefix(#"sluice_job_last_success_timestamp_seconds{job="nap"} "#) })
                #expect(!gauges.contains { $0.hasPrefix(#"sluice_job_last_success_timestamp_seconds{job="flop"}"#) })
                let duration = gauges.first { $0.hasPrefix(#"sluice_job_last_duration_seconds{job="flop"} "#) }
                #expect(Double(duration?.split(separator: " ").last ?? "") ?? 0 >= 0.2, "\(metrics)")
            }
        }
    }
}
