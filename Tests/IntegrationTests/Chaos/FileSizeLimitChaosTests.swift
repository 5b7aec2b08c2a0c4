import Foundation
import MariaDB
import Testing
import TestSupport

/// `sluice serve` (and so its workers) under `ulimit -f`, as on a full disk: a backup and an upload
/// larger than the limit fail with the cause, leave nothing that looks finished, and the server
/// keeps serving.
@Suite(.serialized, chaosOnly) struct FileSizeLimitChaosTests {
    @Test func aBackupAndAnUploadOverTheFileSizeLimit() async throws {
        try await withOwnDatabaseServer { database, folder in
            let data = folder + "/data"
            let arguments = ["--jobs-dir", folder + "/jobs", "--lease", "2", "--grace", "2"]
            try await withServer(
                on: database.url, dataDirectory: data, arguments: arguments, log: folder + "/serve.log",
                fileSizeLimit: 1024
            ) { server in
                try fillHiredEmployees(100_000, server.connection)
                let submitted = try await server.postJSON(
                    "/api/v1/jobs", #"{"kind": "backup", "params": {"codec": "null"}}"#)
                let run = try #require(submitted.json["id"] as? Int)
                let state = try DatabaseKillChaosTests.waitForEnd(run, server.connection)
                let cause = try server.connection.scalar(
                    "SELECT GROUP_CONCAT(line SEPARATOR ' ') FROM sluice_job_logs WHERE run_id = ?", [.int(Int64(run))])
                #expect(state == "failed", "\(state): \(cause)")
                #expect(cause.contains("File too large"), "the cause: \(cause)")
                #expect(
                    FileManagerSupport.visible(data + "/backups").isEmpty,
                    "\(FileManagerSupport.visible(data + "/backups"))")
                #expect(try await DatabaseKillChaosTests.listedBackups(server).isEmpty)

                let big = folder + "/big.csv"
                try String(repeating: "1,Recruiter\n", count: 200_000).write(
                    toFile: big, atomically: true, encoding: .utf8)
                let url = server.client.baseURL + "/api/v1/uploads"
                let upload = try curl(server, ["-H", "Content-Type: text/csv", "--data-binary", "@" + big, url])
                #expect(upload.status == 507 && "\(upload.json)".contains("File too large"), "\(upload)")
                #expect(
                    FileManagerSupport.visible(data + "/uploads").isEmpty,
                    "\(FileManagerSupport.visible(data + "/uploads"))")

                let start = Date()
                let ready = await waitForReady(server.client)
                let small = try curl(
                    server, ["-H", "Content-Type: text/csv", "--data-binary", "1,Recruiter\n", url])
                #expect(ready && small.status == 201, "the server keeps serving: \(small)")
                ChaosReport(
                    fault: "file-size limit (ulimit -f 1 MiB)",
                    checked: "backup \(state), upload \(upload.status); nothing finished-looking left; serving",
                    lost: 0, doubled: 0, recovery: seconds(since: start)
                ).record()
            }
        }
    }

}

/// Folder listings for the fault tests.
enum FileManagerSupport {
    /// The names in `folder` that do not start with a dot.
    static func visible(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
    }
}
