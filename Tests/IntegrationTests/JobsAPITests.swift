import Foundation
import Testing

/// The job routes over real HTTP: submit, list, show, log, cancel, schedules; admin scope only.
@Suite struct JobsAPITests {
    @Test func runsCanBeSubmittedListedShownAndCancelled() async throws {
        try await withServer { server in
            func json(_ answer: (status: Int, headers: [String: String], body: [UInt8])) -> [String: Any] {
                (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
            }
            let submitted = try await server.send(
                "POST", "/api/v1/jobs", body: Array(#"{"kind": "sleep", "params": {"seconds": 30}}"#.utf8),
                headers: ["Content-Type": "application/json"])
            #expect(submitted.status == 201, "\(String(decoding: submitted.body, as: UTF8.self))")
            let id = json(submitted)["id"] as? Int ?? -1
            #expect(json(submitted)["state"] as? String == "queued")
            #expect(json(submitted)["params"] as? [String: Int] == ["seconds": 30], "params are an object")
            let list = try await server.send("GET", "/api/v1/jobs?status=queued")
            #expect((json(list)["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])
            #expect(try await server.send("GET", "/api/v1/jobs/\(id)").status == 200)
            #expect(try await server.send("GET", "/api/v1/jobs/\(id)/log").status == 200)
            let cancelled = try await server.send("POST", "/api/v1/jobs/\(id)/cancel")
            #expect(cancelled.status == 200 && json(cancelled)["state"] as? String == "cancelled")
            #expect(try await server.send("POST", "/api/v1/jobs/\(id)/cancel").status == 409)
            #expect(try await server.send("GET", "/api/v1/jobs/999999").status == 404)
            #expect(try await server.send("GET", "/api/v1/jobs?status=sideways").status == 400)
            let schedules = try await server.send("GET", "/api/v1/schedules")
            let names = (json(schedules)["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(schedules.status == 200 && names.contains("nightly-backup"))
            for (kind, params) in [
                ("migrate", #"{"table": "jobs", "file": "/etc/passwd"}"#), ("backup", #"{"out": "/tmp"}"#),
                ("restore", #"{"table": "jobs", "from": "/"}"#),
            ] {
                let refused = try await server.postJSON("/api/v1/jobs", #"{"kind": "\#(kind)", "params": \#(params)}"#)
                #expect(
                    refused.status == 400
                        && (refused.json["error"] as? [String: Any])?["code"] as? String == "path_not_allowed")
            }
            let ingestKey = try await createKey(server, scope: "ingest")
            #expect(try await server.send("GET", "/api/v1/jobs", key: ingestKey).status == 403)
        }
    }

    @Test func schedulesAnswerEnabledAsABooleanAndWrongMethodsAre405() async throws {
        try await withServer { server in
            for (action, enabled) in [("disable", false), ("enable", true)] {
                let answer = try await server.send("POST", "/api/v1/schedules/nightly-backup/\(action)")
                let json = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
                #expect(answer.status == 200)
                #expect(json["name"] as? String == "nightly-backup")
                #expect(String(decoding: answer.body, as: UTF8.self).contains(#""enabled":\#(enabled)"#))
            }
            let wrong = try await server.send("PUT", "/api/v1/jobs/1/cancel")
            #expect(wrong.status == 405 && wrong.headers["allow"] == "POST")
            #expect(try await server.send("DELETE", "/api/v1/jobs").headers["allow"] == "GET, POST")
            #expect(try await server.send("POST", "/health/live").status == 405)
            #expect(try await server.send("GET", "/api/v1/jobs/1/nowhere").status == 404)
        }
    }

    @Test func submissionsAreCheckedByTheirKind() async throws {
        try await withServer { server in
            func refusal(_ body: String) async throws -> (status: Int, code: String?, message: String) {
                let answer = try await server.postJSON("/api/v1/jobs", body)
                let error = answer.json["error"] as? [String: Any]
                return (answer.status, error?["code"] as? String, error?["message"] as? String ?? "")
            }
            let unknown = try await refusal(#"{"kind": "vacuum", "params": {}}"#)
            #expect(unknown.status == 400 && unknown.code == "unknown_kind", "\(unknown)")
            let long = try await refusal(#"{"kind": "\#(String(repeating: "m", count: 40))"}"#)
            #expect(long.status == 400 && long.code == "unknown_kind", "\(long)")
            let noFile = try await refusal(#"{"kind": "migrate", "params": {"table": "jobs"}}"#)
            #expect(noFile.status == 400 && noFile.code == "invalid_params" && noFile.message.contains("'file'"))
            let badType = try await refusal(#"{"kind": "prune", "params": {"days": "thirty"}}"#)
            #expect(badType.status == 400 && badType.code == "invalid_params" && badType.message.contains("'days'"))
            let jobParams = try await refusal(#"{"job": "prune-history", "params": {"days": -1}}"#)
            #expect(jobParams.status == 400 && jobParams.code == "invalid_params", "\(jobParams)")
            let list = try await server.send("GET", "/api/v1/jobs")
            let items = (try? JSONSerialization.jsonObject(with: Data(list.body))) as? [String: Any]
            #expect((items?["items"] as? [Any])?.isEmpty == true, "nothing refused was queued")
        }
    }

    @Test func theProductBinaryDoesNotKnowTheTestKinds() async throws {
        try await withServer(binary: try SluiceBinary.path) { server in
            let refused = try await server.postJSON("/api/v1/jobs", #"{"kind": "sleep", "params": {"seconds": 1}}"#)
            #expect(refused.status == 400)
            #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "unknown_kind")
        }
    }

    @Test func aFinishedRunShowsItsSummaryAsAnObject() async throws {
        try await withServer(scheduler: true) { server in
            let submitted = try await server.postJSON("/api/v1/jobs", #"{"kind": "sleep", "params": {"seconds": 0}}"#)
            let id = try #require(submitted.json["id"] as? Int)
            var run: [String: Any] = [:]
            let deadline = Date() + 30
            while Date() < deadline && run["state"] as? String != "succeeded" {
                let answer = try await server.send("GET", "/api/v1/jobs/\(id)")
                run = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
                if run["state"] as? String != "succeeded" { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(run["state"] as? String == "succeeded", "\(run)")
            #expect(run["summary"] as? [String: Int] == ["slept": 0])
            #expect(run["params"] as? [String: Int] == ["seconds": 0])
        }
    }
}
