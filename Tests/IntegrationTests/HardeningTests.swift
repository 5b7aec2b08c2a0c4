import Foundation
import MariaDB
import Testing
import TestSupport

/// The faults of issue 14, each refused or fixed over real HTTP: keys checked from the head,
/// uploads with one file part, batches refused as soon as row 1,001 starts, capped and scoped
/// rejects, request ids, security headers and where `?api_key=` is taken.
@Suite struct HardeningTests {
    /// Sends `head` (a request without its body) on a raw connection to `server`; returns the
    /// answer and whether the server closed the connection after it.
    static func headOnly(_ server: RunningServer, _ head: String) async throws -> (response: RawResponse, closed: Bool)
    {
        let port = URL(string: server.client.baseURL)?.port ?? 0
        return try await blocking {
            let connection = try RawConnection(port: port, timeoutSeconds: 10)
            let response = try connection.exchange(head)
            return (response, connection.isClosedByServer())
        }
    }

    static func code(_ response: RawResponse) -> String {
        let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return "\(response.status) \((json?["error"] as? [String: Any])?["code"] as? String ?? "-")"
    }

    @Test func keysAreCheckedFromTheHeadAndRefusedBodiesAreNeverRead() async throws {
        try await withServer { server in
            let ingest = try await createKey(server, scope: "ingest")
            let reports = try await createKey(server, scope: "reports")
            let rows = "POST /api/v1/tables/jobs/rows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            let upload =
                "POST /api/v1/uploads HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XYZ\r\n"
            let cases: [(String, String)] = [
                (rows + "Content-Length: 15000000\r\n\r\n", "401 unauthorized"),
                (rows + "Authorization: Bearer slk_nope_nope\r\nContent-Length: 15000000\r\n\r\n", "401 unauthorized"),
                (rows + "Authorization: Bearer \(reports)\r\nTransfer-Encoding: chunked\r\n\r\n", "403 forbidden"),
                (upload + "Authorization: Bearer \(ingest)\r\nContent-Length: 15000000\r\n\r\n", "403 forbidden"),
                (upload + "Content-Length: 15000000\r\n\r\n", "401 unauthorized"),
                ("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 15000000\r\n\r\n", "413 body_not_allowed"),
            ]
            for (head, expected) in cases {
                let (response, closed) = try await Self.headOnly(server, head)
                #expect(Self.code(response) == expected, "\(head)")
                #expect(closed, "\(head)")
            }
        }
    }

    @Test func anUploadTakesOneFilePart() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(dataDirectory: folder) { server in
                try "1,a\n".write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
                try "2,b\n".write(toFile: folder + "/b.csv", atomically: true, encoding: .utf8)
                let url = server.client.baseURL + "/api/v1/uploads"
                let two = try curl(server, ["-F", "file=@\(folder)/a.csv", "-F", "file=@\(folder)/b.csv", url])
                #expect(
                    two.status == 400 && (two.json["error"] as? [String: Any])?["code"] as? String == "multiple_files")
                let renamed = try curl(server, ["-F", "file=@\(folder)/a.csv", "-F", "other=@\(folder)/b.csv", url])
                #expect((renamed.json["error"] as? [String: Any])?["code"] as? String == "multiple_files")
                let one = try curl(server, ["-F", "note=x", "-F", "file=@\(folder)/a.csv", url])
                #expect(one.status == 201 && one.json["bytes"] as? Int == 4, "\(one.json)")
                #expect(try server.connection.query("SELECT COUNT(*) FROM sluice_uploads")[0][0] == .int(1))
            }
        }
    }

    @Test func aBatchIsRefusedAsSoonAsRow1001Starts() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer { server in
                let body = folder + "/tiny.json"  // 16.2 MB: 5.4 million empty objects
                try ("[" + String(repeating: "{},", count: 5_400_000) + "{}]").write(
                    toFile: body, atomically: false, encoding: .utf8)
                let started = ContinuousClock.now
                let answer = try curl(
                    server,
                    [
                        "-H", "Content-Type: application/json", "--data-binary", "@" + body,
                        server.client.baseURL + "/api/v1/tables/jobs/rows",
                    ])
                #expect(
                    answer.status == 413
                        && (answer.json["error"] as? [String: Any])?["code"] as? String == "batch_too_large")
                #expect(ContinuousClock.now - started < .seconds(3))
            }
        }
    }

    @Test func rejectsAreCappedAndEachIngestKeySeesOnlyItsOwn() async throws {
        try await withServer { server in
            let first = try await createKey(server, scope: "ingest")
            let second = try await createKey(server, scope: "ingest")
            let long = String(repeating: "é", count: 1 << 20)  // 2 MiB of text in one field
            let batch = #"[{"id": 10, "job": "Analyst"}, {"id": "x", "job": "\#(long)"}]"#
            let sent = try await server.postJSON("/api/v1/tables/jobs/rows", batch, key: first)
            #expect(sent.status == 200 && sent.json["rejected"] as? Int == 1, "\(sent.json)")
            let raw = try server.connection.query("SELECT LENGTH(raw) FROM sluice_rejects")
            #expect(raw.count == 1 && (Int(raw[0][0].description) ?? .max) <= 1 << 20)
            try server.connection.execute(
                "INSERT INTO sluice_rejects (origin, load_id, table_name, source, position, raw, reasons) "
                    + "VALUES ('migration', 7, 'jobs', '/srv/secret/jobs.csv', 3, '3,', '[]')")
            func listed(_ query: String, _ key: String?) async throws -> [[String: Any]] {
                let answer = try await server.send("GET", "/api/v1/rejects" + query, key: key)
                let json = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
                return json?["items"] as? [[String: Any]] ?? []
            }
            let own = try await listed("", first)
            #expect(own.count == 1 && own[0]["origin"] as? String == "api")
            #expect(try await listed("", second).isEmpty)
            #expect(try await listed("?load=7", first).isEmpty)
            let all = try await listed("", nil)
            #expect(all.count == 2 && all.contains { $0["source"] as? String == "/srv/secret/jobs.csv" })
        }
    }

    @Test func requestIDsAreShortVisibleASCIIOrReplaced() async throws {
        try await withServer { server in
            let combining = String(repeating: "e\u{301}", count: 64)
            for id in [combining, String(repeating: "a", count: 65), "tab\there"] {
                let answer = try await server.send(
                    "POST", "/api/v1/tables/jobs/rows", body: Array(#"[{"id": 5, "job": "A"}, {"id": "x"}]"#.utf8),
                    headers: ["Content-Type": "application/json", "X-Request-Id": id])
                #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
                #expect(answer.headers["x-request-id"]?.count == 36)
                try server.connection.execute("DELETE FROM jobs WHERE id = 5")
            }
            let kept = try await server.send("GET", "/health/live", headers: ["X-Request-Id": "batch-42"])
            #expect(kept.headers["x-request-id"] == "batch-42")
        }
    }

    @Test func everyAnswerCarriesSecurityHeadersAndQueryKeysOnlyWorkForReports() async throws {
        try await withServer { server in
            for path in ["/", "/admin/index.html", "/api/v1/jobs", "/health/live", "/nowhere"] {
                let answer = try await server.send("GET", path)
                #expect(
                    answer.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true, "\(path)")
                #expect(
                    answer.headers["x-frame-options"] == "DENY" && answer.headers["x-content-type-options"] == "nosniff"
                )
                #expect(answer.headers["cache-control"] == "no-store", "\(path)")
                #expect(answer.headers["strict-transport-security"] == nil)
            }
            let report = try await server.send("GET", "/api/v1/reports/departments-above-mean?year=2021")
            #expect(report.headers["cache-control"] == "private, max-age=60" && report.headers["etag"] != nil)
            let admin = server.client.adminKey
            let reports = try await createKey(server, scope: "reports")
            let noHeader = ["Authorization": "none"]
            #expect(try await server.send("GET", "/api/v1/reports?api_key=\(reports)", headers: noHeader).status == 200)
            #expect(try await server.send("GET", "/api/v1/jobs?api_key=\(admin)", headers: noHeader).status == 401)
            #expect(try await server.send("GET", "/api/v1/rejects?api_key=\(admin)", headers: noHeader).status == 401)
        }
    }
}
