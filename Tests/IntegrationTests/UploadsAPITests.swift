import Foundation
import Loading
import MariaDB
import Testing
import TestSupport

/// `POST /api/v1/uploads` streams raw and multipart bodies to the data directory under a name the
/// server chooses, with their SHA-256; the same bytes twice are one upload; hostile uploads are
/// refused with stable codes and leave no file; an upload becomes a migration run by a worker.
@Suite struct UploadsAPITests {
    static let jobsCSV = ChallengeMigrationTests.challengeFolder + "/jobs.csv"

    static func sha256(of path: String) throws -> String {
        try FileDigest.sha256(path: path).hex
    }

    @Test func uploadsAreStoredByHashAndRecognisedWhenSentAgain() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(dataDirectory: folder) { server in
                let url = server.client.baseURL + "/api/v1/uploads"
                let raw = try curl(
                    server,
                    [
                        "-H", "Content-Type: text/csv; charset=utf-8", "--data-binary", "@" + Self.jobsCSV,
                        url + "?filename=../../etc/passwd",
                    ])
                #expect(raw.status == 201, "\(raw.json)")
                let sha = try Self.sha256(of: Self.jobsCSV)
                #expect(raw.json["sha256"] as? String == sha && raw.json["filename"] as? String == "passwd")
                #expect(
                    raw.json["duplicate"] as? Bool == false
                        && raw.json["contentType"] as? String == "text/csv; charset=utf-8")
                let stored = try FileManager.default.contentsOfDirectory(atPath: folder + "/uploads").filter {
                    !$0.hasPrefix(".")
                }
                #expect(stored == [sha + ".csv"])
                #expect(
                    FileManager.default.contentsEqual(atPath: folder + "/uploads/\(sha).csv", andPath: Self.jobsCSV))

                let again = try curl(server, ["-F", "file=@\(Self.jobsCSV);filename=jobs again.csv", url])
                #expect(
                    again.status == 200 && again.json["duplicate"] as? Bool == true
                        && again.json["id"] as? Int == raw.json["id"] as? Int)
                let longName = String(repeating: "é", count: 300)
                try "1,Long\n".write(toFile: folder + "/long.csv", atomically: true, encoding: .utf8)
                let long = try curl(server, ["-F", "file=@\(folder)/long.csv;filename=\(longName)", url])
                #expect((long.json["filename"] as? String)?.utf8.count == 254, "\(long.json)")
                let departments = ChallengeMigrationTests.challengeFolder + "/departments.csv"
                let multipart = try curl(server, ["-F", "note=hello", "-F", "file=@\(departments);type=text/csv", url])
                let departmentsSHA = try Self.sha256(of: departments)
                #expect(multipart.status == 201 && multipart.json["sha256"] as? String == departmentsSHA)
                #expect(multipart.json["filename"] as? String == "departments.csv")

                let listed = try await server.send("GET", "/api/v1/uploads")
                let items =
                    (try JSONSerialization.jsonObject(with: Data(listed.body)) as? [String: Any])?["items"]
                    as? [[String: Any]]
                #expect(items?.count == 3)
                #expect(try await server.send("GET", "/api/v1/uploads/\(raw.json["id"] as? Int ?? 0)").status == 200)
                #expect(try await server.send("GET", "/api/v1/uploads/999999").status == 404)
                #expect(try await server.send("GET", "/api/v1/uploads/abc").status == 404)
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/uploads/.incoming").isEmpty)
            }
        }
    }

    @Test func hostileUploadsAreRefusedAndLeaveNoFile() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(dataDirectory: folder, arguments: ["--max-upload-bytes", "1000"]) { server in
                let url = server.client.baseURL + "/api/v1/uploads"
                let big = folder + "/big.csv"
                _ = FileManager.default.createFile(
                    atPath: big, contents: Data(repeating: UInt8(ascii: "1"), count: 50_000))
                let cases: [([String], Int, String)] = [
                    (["-H", "Content-Type: text/csv", "--data-binary", "@" + big, url], 413, "body_too_large"),
                    (["-F", "file=@\(big)", url], 413, "body_too_large"),
                    (["-H", "Content-Type: text/csv", "-X", "POST", url], 400, "empty_upload"),
                    (["-F", "note=no file here", url], 400, "no_file_part"),
                    (
                        [
                            "-H", "Content-Type: multipart/form-data; boundary=XYZ", "--data-binary",
                            "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n1,a\r\n--WRONG--",
                            url,
                        ], 400, "invalid_multipart"
                    ),
                ]
                for (arguments, status, code) in cases {
                    let answer = try curl(server, arguments)
                    #expect(
                        answer.status == status && (answer.json["error"] as? [String: Any])?["code"] as? String == code,
                        "\(arguments.prefix(3)) → \(answer)")
                }
                #expect(try curl(server, ["--data-binary", "1,a", url], key: "slk_nope_nope").status == 401)
                let reader = try await createKey(server, scope: "reports")
                #expect(try curl(server, ["--data-binary", "1,a", url], key: reader).status == 403)
                let left = try FileManager.default.contentsOfDirectory(atPath: folder + "/uploads")
                let incoming = try FileManager.default.contentsOfDirectory(atPath: folder + "/uploads/.incoming")
                #expect(left == [".incoming"] && incoming.isEmpty)
                #expect(try server.connection.query("SELECT COUNT(*) FROM sluice_uploads")[0][0] == .int(0))
            }
        }
    }

    @Test func anUploadIsMigratedByAWorker() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(dataDirectory: folder) { server in
                let uploaded = try curl(
                    server, ["-F", "file=@\(Self.jobsCSV)", server.client.baseURL + "/api/v1/uploads"])
                let id = uploaded.json["id"] as? Int ?? 0
                let refusals: [(String, Int, String)] = [
                    (#"{"kind": "migrate", "upload": 999999, "table": "jobs"}"#, 404, "upload_not_found"),
                    (#"{"kind": "migrate", "upload": \#(id), "table": "nope"}"#, 404, "unknown_table"),
                    (#"{"kind": "backup", "upload": \#(id), "table": "jobs"}"#, 400, "invalid_field"),
                    (#"{"kind": "migrate", "upload": \#(id)}"#, 400, "invalid_field"),
                ]
                for (body, status, code) in refusals {
                    let answer = try await server.postJSON("/api/v1/jobs", body)
                    #expect(
                        answer.status == status && (answer.json["error"] as? [String: Any])?["code"] as? String == code,
                        "\(body)")
                }
                let submitted = try await server.postJSON(
                    "/api/v1/jobs", #"{"kind": "migrate", "upload": \#(id), "table": "jobs"}"#)
                #expect(submitted.status == 201, "\(submitted.json)")
                let run = Int64(submitted.json["id"] as? Int ?? 0)
                let scheduler = try SchedulerProcess(url: server.databaseURL, folder: folder, name: "scheduler")
                defer { scheduler.stop() }
                let connection = server.connection
                #expect(
                    try waitUntil(30) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(run)])
                            == "succeeded"
                    }, "\(scheduler.output)")
                // The fixture's server already holds jobs 1 and 2: they are rejected as duplicates.
                #expect(try connection.scalar("SELECT COUNT(*) FROM jobs") == "183")
                let summary = try connection.scalar("SELECT summary FROM sluice_job_runs WHERE id = ?", [.int(run)])
                #expect(summary.contains(#""inserted":181"#) && summary.contains(#""rejected":2"#), "\(summary)")
            }
        }
    }
}
