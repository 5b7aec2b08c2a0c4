import Foundation
import MariaDB
import Testing
import TestSupport

/// Stored schedules over real HTTP and the CLI: create, show, replace, delete, the refusals with
/// their codes, the preview, and schedulers that follow a change within seconds.
@Suite struct SchedulesAPITests {
    private static func code(_ answer: (status: Int, json: [String: Any])) -> String {
        (answer.json["error"] as? [String: Any])?["code"] as? String ?? "\(answer.status) \(answer.json)"
    }

    private static func send(_ server: RunningServer, _ method: String, _ path: String, _ json: String) async throws
        -> (status: Int, json: [String: Any])
    {
        let answer = try await server.send(
            method, path, body: Array(json.utf8), headers: ["Content-Type": "application/json"])
        return (answer.status, (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:])
    }

    @Test func aStoredScheduleIsCreatedShownReplacedAndDeletedAndBadOnesAreRefusedWithTheirCodes() async throws {
        try await withServer { server in
            let nap =
                #"{"name": "nap", "kind": "sleep", "params": {"seconds": 1}, "schedule": "30 2 * * *", "timezone": "Europe/Madrid", "description": "a short nap"}"#
            let created = try await server.postJSON("/api/v1/schedules", nap)
            #expect(created.status == 201, "\(created.json)")
            #expect(created.json["source"] as? String == "database" && created.json["timeout"] as? Int == 3600)
            #expect(Self.code(try await server.postJSON("/api/v1/schedules", nap)) == "name_taken")
            let taken = nap.replacingOccurrences(of: #""nap""#, with: #""nightly-backup""#)
            #expect(Self.code(try await server.postJSON("/api/v1/schedules", taken)) == "name_taken")
            for (field, code) in [
                (#""schedule": "61 * * * *""#, "invalid_schedule"),
                (#""timezone": "Mars/Olympus""#, "unknown_timezone"),
                (#""kind": "teleport""#, "unknown_kind"), (#""params": {"seconds": "long"}"#, "invalid_params"),
                (#""schedule": "@every 99999999999999d""#, "invalid_schedule"),
                (#""timeout": 1e300"#, "invalid_job_definition"), (#""name": "_hidden""#, "invalid_job_definition"),
            ] {
                // The field replaces the default of the same name.
                let defaults = [#""name": "bad""#, #""kind": "sleep""#].filter { !$0.hasPrefix(field.prefix(6)) }
                let body = "{" + (defaults + [field]).joined(separator: ", ") + "}"
                let refused = try await server.postJSON("/api/v1/schedules", body)
                #expect(refused.status == 400 && Self.code(refused) == code, "\(body): \(refused.json)")
            }
            let list = try await server.send("GET", "/api/v1/schedules")
            let items = (try JSONSerialization.jsonObject(with: Data(list.body)) as? [String: Any])?["items"]
            let sources = (items as? [[String: Any]] ?? []).map { "\($0["name"] ?? "")=\($0["source"] ?? "")" }
            #expect(sources.contains("nap=database") && sources.contains("nightly-backup=file"), "\(sources)")
            let edited = nap.replacingOccurrences(of: "30 2", with: "15 3")
            let replaced = try await Self.send(server, "PUT", "/api/v1/schedules/nap", edited)
            #expect(replaced.status == 200 && replaced.json["schedule"] as? String == "15 3 * * *", "\(replaced.json)")
            let renamed = try await Self.send(server, "PUT", "/api/v1/schedules/nap", taken)
            #expect(renamed.status == 400, "the body's name must be the path's")
            #expect(
                Self.code(try await Self.send(server, "PUT", "/api/v1/schedules/nightly-backup", taken)) == "name_taken"
            )
            #expect(try await server.send("DELETE", "/api/v1/schedules/nightly-backup").status == 409)
            #expect(try await server.send("DELETE", "/api/v1/schedules/nap").status == 204)
            #expect(try await server.send("GET", "/api/v1/schedules/nap").status == 404)
            #expect(try await server.send("DELETE", "/api/v1/schedules/nap").status == 404)
            let file = try await server.send("GET", "/api/v1/schedules/nightly-backup")
            #expect(file.status == 200 && String(decoding: file.body, as: UTF8.self).contains(#""source":"file""#))
        }
    }

    @Test func thePreviewListsTheSlotsAsTheSchedulerFiresThemAcrossAClockChange() async throws {
        try await withServer { server in
            let answer = try await server.send(
                "GET",
                "/api/v1/schedules/preview?schedule=30%202%20*%20*%20*&timezone=Europe/Madrid&from=2026-03-28T00:00:00Z&count=3"
            )
            let next = (try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])?["next"]
            // 02:30 does not exist on 29 March in Madrid: the slot fires when the gap ends, 03:00 CEST.
            #expect(next as? [String] == ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"])
            for (query, code) in [
                ("schedule=nope", "invalid_schedule"), ("schedule=@daily&timezone=Nowhere/Land", "unknown_timezone"),
                ("schedule=@daily&count=0", "invalid_parameter"),
            ] {
                let refused = try await server.send("GET", "/api/v1/schedules/preview?\(query)")
                #expect(
                    refused.status == 400 && String(decoding: refused.body, as: UTF8.self).contains(code), "\(query)")
            }
        }
    }

    @Test func schedulersFollowAStoredScheduleCreatedEditedAndDeletedFromTheCLI() throws {
        try withTwoSchedulers { connection, base, first, second in
            let tick = #"{"name": "tick", "kind": "sleep", "params": {"seconds": 0.05}, "schedule": "@every 2s"}"#
            let created = try SluiceBinary.runTest(["schedules", "create", "--json", tick] + base)
            #expect(created.status == 0, "\(created.stderr)")
            let runs = "SELECT COUNT(*) FROM sluice_job_runs WHERE job_name = 'tick' AND run_trigger = 'schedule'"
            #expect(try waitUntil(15) { (Int(try connection.scalar(runs)) ?? 0) >= 2 }, "\(first.output)")
            let listed = try SluiceBinary.runTest(["schedules", "list"] + base)
            #expect(listed.stdout.contains("tick  sleep  @every 2s GMT  enabled"), "\(listed.stdout)")
            #expect(listed.stdout.contains("from database"), "\(listed.stdout)")
            let refused = try SluiceBinary.runTest(
                ["schedules", "edit", "tick", "--json", #"{"kind": "sleep", "timezone": "Atlantis"}"#] + base)
            #expect(refused.status != 0 && refused.stderr.contains("unknown_timezone"), "\(refused.stderr)")
            let slow = tick.replacingOccurrences(of: "@every 2s", with: "@every 1d")
            #expect(try SluiceBinary.runTest(["schedules", "edit", "tick", "--json", slow] + base).status == 0)
            let loaded = { (scheduler: SchedulerProcess) in
                scheduler.output.components(separatedBy: "job definitions loaded").count - 1
            }
            #expect(waitUntil(10) { loaded(first) >= 2 && loaded(second) >= 2 }, "\(first.output)")
            let afterEdit = try connection.scalar(runs)
            #expect(
                !(try waitUntil(5) { try connection.scalar(runs) != afterEdit }), "the old schedule still fired")
            #expect(try SluiceBinary.runTest(["schedules", "delete", "tick"] + base).status == 0)
            #expect(try SluiceBinary.runTest(["schedules", "show", "tick"] + base).status != 0)
            let slots = try connection.query(
                "SELECT COUNT(*), COUNT(DISTINCT slot) FROM sluice_job_runs WHERE job_name = 'tick'"
            ).first.map { [$0[0].description, $0[1].description] }
            #expect(slots?[0] == slots?[1], "a slot ran twice")
            #expect(try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs WHERE job_name = 'tick'") != "0")
        }
    }
}
