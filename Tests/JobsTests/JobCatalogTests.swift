import Errors
import Foundation
import Testing

import JSON
@testable import Jobs

@Suite struct JobCatalogTests {
    func withFolder(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        try body(folder)
    }

    @Test func loadsEveryFieldAndDefaults() throws {
        let full = """
            {
              "kind": "migrate",
              "params": {"table": "jobs", "file": "/data/jobs.csv"},
              "schedule": "@every 30s",
              "timezone": "Europe/Paris",
              "catchUp": "all",
              "timeout": "5m",
              "retries": {"max": 3, "backoff": "10s"},
              "allowOverlap": true,
              "enabled": false
            }
            """
        try withFolder(["load.json": full, "bare.json": #"{"kind": "prune"}"#]) { folder in
            let catalog = JobCatalog.load(directory: folder, kinds: StubKinds.registry)
            #expect(catalog.errors.isEmpty)
            let load = try #require(catalog.definitions["load"])
            #expect(load.kind == "migrate")
            #expect(load.params == .object(["file": .string("/data/jobs.csv"), "table": .string("jobs")]))
            #expect(load.schedule == .every(.seconds(30)))
            #expect(load.timeZone.identifier == "Europe/Paris")
            #expect(load.catchUp == .all)
            #expect(load.timeout == .seconds(300))
            #expect(load.retries == .init(max: 3, backoff: .seconds(10)))
            #expect(load.allowOverlap && !load.enabled)
            let bare = try #require(catalog.definitions["bare"])
            #expect(bare.schedule == nil && bare.catchUp == .skip && bare.retries.max == 0 && bare.enabled)
        }
    }

    @Test func anInvalidFileIsReportedWithPathAndLineAndTheOthersLoad() throws {
        let badSchedule = "{\n  \"kind\": \"backup\",\n  \"schedule\": \"99 * * * *\"\n}"
        try withFolder([
            "good.json": #"{"kind": "backup", "schedule": "@nightly"}"#, "bad.json": badSchedule,
            "broken.json": "{\"kind\": ", "typo.json": "{\"kind\": \"prune\",\n\"scheduel\": \"@daily\"}",
            "zone.json": #"{"kind": "prune", "timezone": "Mars/Olympus"}"#,
        ]) { folder in
            let catalog = JobCatalog.load(directory: folder, kinds: StubKinds.registry)
            #expect(catalog.definitions.keys.sorted() == ["good"])
            let messages = catalog.errors.map(\.message)
            #expect(messages.count == 4)
            #expect(
                messages.contains { $0.hasPrefix(folder + "/bad.json:3: field 'schedule'") && $0.contains("minute") })
            #expect(messages.contains { $0.hasPrefix(folder + "/broken.json: not valid JSON") })
            #expect(messages.contains { $0.hasPrefix(folder + "/typo.json:2: field 'scheduel': unknown field") })
            #expect(messages.contains { $0.contains("zone.json:1: field 'timezone'") })
            #expect(
                catalog.errors.map(\.code.rawValue).sorted()
                    == ["invalid_job_definition", "invalid_job_definition", "invalid_schedule", "unknown_timezone"])
        }
    }

    @Test func unknownKindsAndBadParamsAreRefusedNamingTheField() throws {
        try withFolder([
            "nap.json": #"{"kind": "sleep", "params": {"seconds": 1}}"#,
            "load.json": "{\n  \"kind\": \"migrate\",\n  \"params\": {\"table\": \"jobs\"}\n}",
            "squeeze.json": #"{"kind": "backup", "params": {"codec": "lzma"}}"#,
            "old.json": #"{"kind": "prune", "params": {"days": "many"}}"#,
        ]) { folder in
            let catalog = JobCatalog.load(directory: folder, kinds: StubKinds.registry)
            #expect(catalog.definitions.isEmpty)
            let errors = catalog.errors.sorted { $0.message < $1.message }
            #expect(errors.map(\.code) == [.invalidParams, .unknownKind, .invalidParams, .invalidParams])
            #expect(errors[0].message.hasPrefix(folder + "/load.json:3: field 'params'"))
            #expect(errors[0].message.contains("field 'file': required"))
            #expect(errors[1].message.contains("nap.json:1: field 'kind': unknown kind 'sleep'"))
            #expect(errors[2].message.contains("field 'days': must be an integer"))
            #expect(errors[3].message.contains("field 'codec'"))
        }
    }
}
