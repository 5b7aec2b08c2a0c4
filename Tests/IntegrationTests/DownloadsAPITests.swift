import Foundation
import MariaDB
import Testing
import TestSupport

/// The two downloads over real HTTP: `GET /api/v1/jobs/{id}/rejects.csv` (a migration's rejected
/// rows, streamed from the reject log in pages, the same lines as its reject file) and
/// `GET /api/v1/backups/{id}/files/{table}` (a backup's Avro file, byte for byte); hostile names
/// and keys without the admin scope are refused with their codes.
@Suite struct DownloadsAPITests {
    /// A `jobs` CSV of `count` rows, of which every row but each tenth is rejected (its id is not
    /// an integer), with quotes and commas in the raw rows.
    private static func rejectingCSV(rows count: Int) -> String {
        (1...count).map { index in
            index % 10 == 0 ? "\(1000 + index),Job \(index)" : #"x\#(index),"Job, ""quoted"" \#(index)""#
        }.joined(separator: "\n") + "\n"
    }

    @Test func aMigrationsRejectsAreStreamedAsItsRejectFile() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(dataDirectory: folder, scheduler: true) { server in
                try Self.rejectingCSV(rows: 3_000).write(
                    toFile: folder + "/jobs.csv", atomically: true, encoding: .utf8)
                let uploaded = try curl(
                    server, ["-F", "file=@\(folder)/jobs.csv", server.client.baseURL + "/api/v1/uploads"])
                let submitted = try await server.postJSON(
                    "/api/v1/jobs",
                    #"{"kind": "migrate", "upload": \#(uploaded.json["id"] as? Int ?? 0), "table": "jobs"}"#)
                let run = Int64(submitted.json["id"] as? Int ?? 0)
                let connection = server.connection
                #expect(
                    try waitUntil(60) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(run)])
                            == "succeeded"
                    })
                let summary =
                    try JSONSerialization.jsonObject(
                        with: Data(
                            try connection.scalar("SELECT summary FROM sluice_job_runs WHERE id = ?", [.int(run)]).utf8)
                    )
                    as? [String: Any] ?? [:]
                #expect(summary["rejected"] as? Int == 2_700, "\(summary)")
                let rejectFile = try #require(summary["rejectFile"] as? String)

                let download = try await server.send("GET", "/api/v1/jobs/\(run)/rejects.csv")
                #expect(download.status == 200)
                #expect(download.headers["content-type"] == "text/csv; charset=utf-8")
                #expect(download.headers["content-disposition"] == #"attachment; filename="run-\#(run)-rejects.csv""#)
                #expect(download.headers["x-content-type-options"] == "nosniff")
                let header = Array("id,job,line,column,rule,reason\n".utf8)
                let fileBytes = Array(try Data(contentsOf: URL(fileURLWithPath: rejectFile)))
                #expect(download.body.count == header.count + fileBytes.count)
                #expect(download.body == header + fileBytes, "the lines are those of the reject file")

                let backup = try await server.postJSON(
                    "/api/v1/jobs", #"{"kind": "backup", "params": {"tables": ["jobs"]}}"#)
                let refusals: [(String, Int, String)] = [
                    ("/api/v1/jobs/999999/rejects.csv", 404, "not_found"),
                    ("/api/v1/jobs/abc/rejects.csv", 404, "not_found"),
                    ("/api/v1/jobs/\(backup.json["id"] as? Int ?? 0)/rejects.csv", 404, "no_rejects"),
                ]
                for (path, status, code) in refusals {
                    let answer = try await server.send("GET", path)
                    #expect(answer.status == status && errorCode(answer.body) == code, "\(path)")
                }
                try await expectAdminOnly(server, "/api/v1/jobs/\(run)/rejects.csv")
            }
        }
    }

    @Test func aBackupFileIsStreamedByteForByteAndHostileNamesAreRefused() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(dataDirectory: folder, scheduler: true) { server in
                let connection = server.connection
                try connection.execute(
                    "INSERT INTO hired_employees SELECT seq, CONCAT('Hire ', seq), '2021-01-02 03:04:05', 1 + seq % 2, 1 + seq % 2 FROM seq_1_to_30000"
                )
                let submitted = try await server.postJSON(
                    "/api/v1/jobs",
                    #"{"kind": "backup", "params": {"tables": ["jobs", "hired_employees"], "codec": "null"}}"#)
                let run = Int64(submitted.json["id"] as? Int ?? 0)
                #expect(
                    try waitUntil(60) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(run)])
                            == "succeeded"
                    })
                let listed = try await server.send("GET", "/api/v1/backups")
                let backup = try #require(
                    ((try JSONSerialization.jsonObject(with: Data(listed.body)) as? [String: Any])?["items"]
                        as? [[String: Any]])?.first)
                let id = try #require(backup["id"] as? String)
                #expect(backup["runID"] as? Int == Int(run), "the manifest names the run that made it")
                #expect((backup["seconds"] as? Double ?? -1) >= 0)

                let download = try await server.send("GET", "/api/v1/backups/\(id)/files/hired_employees")
                #expect(download.status == 200)
                #expect(download.headers["content-type"] == "application/avro")
                #expect(
                    download.headers["content-disposition"] == #"attachment; filename="\#(id)-hired_employees.avro""#)
                let file = Array(
                    try Data(contentsOf: URL(fileURLWithPath: "\(folder)/backups/\(id)/hired_employees.avro")))
                #expect(file.count > 500_000 && download.body == file)

                let hostile: [(String, Int, String)] = [
                    ("/api/v1/backups/\(id)/files/..", 400, "invalid_table_name"),
                    ("/api/v1/backups/\(id)/files/%2e%2e", 400, "invalid_table_name"),
                    ("/api/v1/backups/\(id)/files/manifest.json", 400, "invalid_table_name"),
                    ("/api/v1/backups/\(id)/files/jobs%00", 400, "invalid_path"),
                    ("/api/v1/backups/\(id)/files/..%2Fmanifest.json", 404, "not_found"),
                    ("/api/v1/backups/\(id)/files/nope", 404, "unknown_table"),
                    ("/api/v1/backups/\(id)/files/departments", 404, "table_not_in_backup"),
                    ("/api/v1/backups/../files/jobs", 404, "backup_not_found"),
                    ("/api/v1/backups/%2e%2e%2F%2e%2e/files/jobs", 404, "not_found"),
                    ("/api/v1/backups/20990101T000000000000Z/files/jobs", 404, "backup_not_found"),
                ]
                let port = try #require(URL(string: server.client.baseURL)?.port)
                for (path, status, code) in hostile {
                    // A raw request: no client normalises `..` away before the server sees it.
                    let answer = try RawConnection(port: port).exchange(
                        "GET \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(server.client.adminKey)\r\n"
                            + "Connection: close\r\n\r\n")
                    #expect(answer.status == status && errorCode(answer.body) == code, "\(path) → \(answer.text)")
                }
                try FileManager.default.removeItem(atPath: "\(folder)/backups/\(id)/jobs.avro")
                let lost = try await server.send("GET", "/api/v1/backups/\(id)/files/jobs")
                #expect(lost.status == 404 && errorCode(lost.body) == "backup_file_missing")
                try await expectAdminOnly(server, "/api/v1/backups/\(id)/files/hired_employees")
            }
        }
    }

    /// `path` answers 401 without a key and 403 to keys of the other scopes.
    private func expectAdminOnly(_ server: RunningServer, _ path: String) async throws {
        let anonymous = try await server.send("GET", path, headers: ["Authorization": "None"])
        #expect(anonymous.status == 401 && errorCode(anonymous.body) == "unauthorized")
        for scope in ["ingest", "reports"] {
            let answer = try await server.send("GET", path, key: try await createKey(server, scope: scope))
            #expect(answer.status == 403 && errorCode(answer.body) == "forbidden", "\(scope)")
        }
    }

    private func errorCode(_ body: [UInt8]) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]).flatMap {
            ($0["error"] as? [String: Any])?["code"] as? String
        }
    }
}
