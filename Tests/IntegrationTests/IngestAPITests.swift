import Foundation
import MariaDB
import Testing
import TestSupport

/// The ingestion API over real HTTP against the real private MariaDB.
@Suite struct IngestAPITests {
    static let path = "/api/v1/tables/hired_employees/rows"

    static func row(_ id: Int, name: String = "Ana", at: String = "2021-01-01T00:00:00Z", department: Int = 1) -> String
    {
        #"{"id":\#(id),"name":"\#(name)","datetime":"\#(at)","department_id":\#(department),"job_id":1}"#
    }

    @Test func mixedBatchInsertsTheGoodRowsAndExplainsTheBadOnes() async throws {
        try await withServer { server in
            let batch =
                "[\(Self.row(1)),\(Self.row(2, at: "2021-02-30T00:00:00Z")),\(Self.row(3, department: 9)),\(Self.row(1)),{\"id\":4}]"
            let (status, json) = try await server.postJSON(Self.path, batch)
            #expect(status == 200)
            #expect(json["received"] as? Int == 5 && json["inserted"] as? Int == 1 && json["rejected"] as? Int == 4)
            let items = json["items"] as? [[String: Any]] ?? []
            let rules = items.map { ($0["errors"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String } }
            #expect(
                rules == [
                    [], ["timestamp"], ["foreign_key"], ["unique"], ["required", "required", "required", "required"],
                ])
            #expect(try count("hired_employees", server.connection) == 1)
            #expect(try count("sluice_rejects", server.connection) == 4)
            let rejects = try await server.send("GET", "/api/v1/rejects?table=hired_employees&limit=10")
            #expect(rejects.status == 200)
            let listed =
                (try JSONSerialization.jsonObject(with: Data(rejects.body)) as? [String: Any])?["items"] as? [Any]
            #expect(listed?.count == 4)
        }
    }

    @Test func csvBodiesWorkForEveryTable() async throws {
        try await withServer { server in
            let csv = "id,job\n10,\"Engineer, Senior\"\n11,\n"
            let answer = try await server.send(
                "POST", "/api/v1/tables/jobs/rows?header=true", body: Array(csv.utf8),
                headers: ["Content-Type": "text/csv"])
            #expect(answer.status == 200)
            let json = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
            #expect(json?["inserted"] as? Int == 1 && json?["rejected"] as? Int == 1)
            #expect(
                try server.connection.query("SELECT job FROM jobs WHERE id = 10") == [[.string("Engineer, Senior")]])
        }
    }

    @Test func atomicModeAndDryRunWriteNothing() async throws {
        try await withServer { server in
            let atomic = try await server.postJSON(
                Self.path + "?mode=atomic", "[\(Self.row(1)),\(Self.row(2, name: ""))]")
            #expect(atomic.status == 422)
            #expect(atomic.json["inserted"] as? Int == 0)
            let dry = try await server.postJSON(Self.path + "?dry_run=true", "[\(Self.row(1)),\(Self.row(2))]")
            #expect(dry.status == 200 && dry.json["inserted"] as? Int == 2)
            #expect(try count("hired_employees", server.connection) == 0)
        }
    }

    @Test func oneThousandRowsPassAndOneThousandAndOneAreRefused() async throws {
        try await withServer { server in
            let thousand = "[" + (1...1000).map { Self.row($0) }.joined(separator: ",") + "]"
            let ok = try await server.postJSON(Self.path, thousand)
            #expect(ok.status == 200 && ok.json["inserted"] as? Int == 1000)
            let tooMany = "[" + (2001...3001).map { Self.row($0) }.joined(separator: ",") + "]"
            let refused = try await server.postJSON(Self.path, tooMany)
            #expect(refused.status == 413)
            #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "batch_too_large")
            #expect(try count("hired_employees", server.connection) == 1000)
        }
    }

    @Test func everyErrorCodeHasItsStatus() async throws {
        try await withServer { server in
            func code(_ answer: (status: Int, headers: [String: String], body: [UInt8])) -> String {
                let json = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
                return "\(answer.status) \((json?["error"] as? [String: Any])?["code"] as? String ?? "-")"
            }
            let json = ["Content-Type": "application/json"]
            #expect(
                code(try await server.send("POST", Self.path, body: Array("[{".utf8), headers: json))
                    == "400 malformed_json")
            #expect(
                code(try await server.send("POST", Self.path, body: Array("{}".utf8), headers: json))
                    == "400 malformed_json")
            #expect(
                code(try await server.send("POST", Self.path, body: Array("[]".utf8), headers: json))
                    == "400 batch_empty")
            #expect(
                code(
                    try await server.send(
                        "POST", Self.path, body: Array("x".utf8), headers: ["Content-Type": "text/xml"]))
                    == "415 unsupported_media_type")
            #expect(
                code(try await server.send("POST", "/api/v1/tables/nope/rows", body: Array("[{}]".utf8), headers: json))
                    == "404 unknown_table")
            #expect(
                code(try await server.send("POST", Self.path, body: Array(#"[{"salary":1}]"#.utf8), headers: json))
                    == "400 unknown_column")
            #expect(
                code(
                    try await server.send(
                        "POST", Self.path, body: Array("[]".utf8),
                        headers: json.merging(["Authorization": "Bearer nope"]) { a, _ in a })) == "401 unauthorized")
            let reportsKey = try await createKey(server, scope: "reports")
            #expect(
                code(try await server.send("POST", Self.path, body: Array("[]".utf8), headers: json, key: reportsKey))
                    == "403 forbidden")
            #expect(
                code(
                    try await server.send("POST", Self.path + "?mode=sideways", body: Array("[{}]".utf8), headers: json)
                ) == "400 invalid_parameter")
            #expect(try oversizedBodyStatus(server) == "413")
            #expect(code(try await server.send("DELETE", Self.path)) == "405 method_not_allowed")
            #expect(code(try await server.send("GET", "/nowhere")) == "404 not_found")
        }
    }

    @Test func idempotencyKeysReplayAndConflict() async throws {
        try await withServer { server in
            let headers = ["Idempotency-Key": "batch-42"]
            let first = try await server.postJSON(Self.path, "[\(Self.row(1))]", headers: headers)
            let again = try await server.postJSON(Self.path, "[\(Self.row(1))]", headers: headers)
            #expect(first.status == 200 && again.status == 200)
            #expect(again.json["inserted"] as? Int == 1)
            #expect(try count("sluice_rejects", server.connection) == 0)
            let other = try await server.postJSON(Self.path, "[\(Self.row(2))]", headers: headers)
            #expect(other.status == 409)
            #expect(try count("hired_employees", server.connection) == 1)
        }
    }

    /// What a server killed mid-request leaves (its placeholder, and no rows: they commit with the
    /// response) answers 409 while the request might still be running, and is taken over by exactly
    /// one retry once it is abandoned.
    @Test func anAbandonedIdempotencyKeyIsTakenOverByExactlyOneRetry() async throws {
        try await withServer { server in
            let key = "batch-of-a-killed-server"
            let batch = "[\(Self.row(5)),\(Self.row(6))]"
            let client = server.client
            let send = { @Sendable (body: String) in
                try await client.send(
                    "POST", Self.path, body: Array(body.utf8),
                    headers: ["Content-Type": "application/json", "Idempotency-Key": key])
            }
            #expect(try await send(batch).status == 200)
            let abandon = { (secondsAgo: Int64) in
                try server.connection.execute("DELETE FROM hired_employees")
                try server.connection.execute(
                    """
                    UPDATE sluice_idempotency SET status = 0, response = '',
                      created_at = UTC_TIMESTAMP(6) - INTERVAL ? SECOND WHERE idempotency_key = ?
                    """, [.int(secondsAgo), .string(key)])
            }
            try abandon(5)
            let inFlight = try await send(batch)
            #expect(
                inFlight.status == 409
                    && String(decoding: inFlight.body, as: UTF8.self).contains("still being processed"))
            try abandon(3600)
            #expect(try await send("[\(Self.row(7))]").status == 409, "a different request never takes a key over")
            let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let answer = try await send(batch)
                        return (answer.status, answer.headers["idempotent-replayed"])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0 == (200, nil) }.count == 1, "exactly one retry processed the batch: \(answers)")
            #expect(answers.allSatisfy { $0.0 == 200 || $0.0 == 409 }, "\(answers)")
            #expect(try count("hired_employees", server.connection) == 2)
            #expect(try count("sluice_rejects", server.connection) == 0, "no retry ran the batch a second time")
            let replayed = try await send(batch)
            #expect(replayed.status == 200 && replayed.headers["idempotent-replayed"] == "true")
        }
    }

    @Test func concurrentDuplicatesEndWithOneInsertAndRejects() async throws {
        try await withServer { server in
            let client = server.client
            let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let answer = try await client.postJSON(Self.path, "[\(Self.row(77))]")
                        return (answer.status, answer.json["inserted"] as? Int ?? -1)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0.0 == 200 })
            #expect(statuses.map(\.1).reduce(0, +) == 1)
            #expect(try count("hired_employees", server.connection) == 1)
            #expect(try count("sluice_rejects", server.connection) == 7)
        }
    }

    @Test func healthMetricsAndDocument() async throws {
        try await withServer { server in
            #expect(try await server.send("GET", "/health/live").status == 200)
            #expect(try await server.send("GET", "/health/ready").status == 200)
            _ = try await server.postJSON(Self.path, "[\(Self.row(1))]")
            let metrics = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains(#"sluice_rows_inserted_total{table="hired_employees"} 1"#))
            let document = try await server.send("GET", "/api/v1/openapi.json")
            let json = try JSONSerialization.jsonObject(with: Data(document.body)) as? [String: Any]
            #expect(json?["openapi"] as? String == "3.1.0")
            #expect((json?["paths"] as? [String: Any])?.keys.contains(Self.path) == true)
            #expect(document.headers["x-request-id"] != nil)
        }
    }

    @Test func theHomePageListsOnlyThePowerBIQueries() async throws {
        try await withServer { server in
            let home = try await server.send("GET", "/")
            let page = String(decoding: home.body, as: UTF8.self)
            #expect(home.status == 200 && page.contains("/powerbi/hires-by-quarter.pq"))
            #expect(!page.contains("admin.css") && !page.contains("job.js") && !page.contains("chart.min.js"))
            #expect(try await server.send("GET", "/powerbi/hires-by-quarter.pq").status == 200)
            #expect(try await server.send("GET", "/admin/nowhere.js").status == 404)
        }
    }
}

/// Creates an API key with one scope through the CLI.
func createKey(_ server: RunningServer, scope: String) async throws -> String {
    let result = try SluiceBinary.run(
        ["keys", "create", "--name", "test", "--scope", scope, "--database-url", server.databaseURL.connectionString])
    guard result.status == 0 else { throw FixtureError("keys create failed: \(result.stderr)") }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Sends a 17 MiB body with curl, which (unlike URLSession) reads the early 413 the server sends
/// before the body, instead of failing on the connection the server then closes.
func oversizedBodyStatus(_ server: RunningServer) throws -> String {
    try withTemporaryDirectory { folder in
        let body = folder + "/big.json"
        _ = FileManager.default.createFile(atPath: body, contents: Data(repeating: 32, count: 17 << 20))
        let answer = try curl(
            server,
            [
                "-H", "Content-Type: application/json", "--data-binary", "@" + body,
                server.client.baseURL + IngestAPITests.path,
            ])
        return "\(answer.status)"
    }
}
