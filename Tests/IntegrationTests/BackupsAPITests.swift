import Foundation
import MariaDB
import Testing
import TestSupport

/// `GET /api/v1/backups` and `POST /api/v1/restores` over real HTTP: the restore runs as a job in a
/// worker started by the scheduler inside `sluice serve`; backups are named by id only; every refusal has a stable code.
@Suite struct BackupsAPITests {
    @Test func backupsAreListedAndARestoreRunsAsAJob() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(dataDirectory: folder, scheduler: true) { server in
                func json(_ answer: (status: Int, headers: [String: String], body: [UInt8])) -> [String: Any] {
                    (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
                }
                let connection = server.connection
                try connection.execute(
                    "INSERT INTO hired_employees VALUES (1, 'Ada', '2021-01-02 03:04:05', 1, 1), (2, 'Bo', '2021-05-06 07:08:09', 2, 2)"
                )
                let base = ["--database-url", server.databaseURL.connectionString, "--data-dir", folder]
                #expect(
                    try SluiceBinary.run(["backup", "--table", "hired_employees", "--table", "jobs"] + base).status == 0
                )

                let listed = try await server.send("GET", "/api/v1/backups")
                let items = json(listed)["items"] as? [[String: Any]] ?? []
                let id = items.first?["id"] as? String ?? ""
                #expect(listed.status == 200 && items.count == 1 && !id.isEmpty)
                let tables = (items.first?["tables"] as? [[String: Any]])?.compactMap { $0["table"] as? String }
                #expect(tables == ["hired_employees", "jobs"])
                #expect(try await server.send("GET", "/api/v1/backups/\(id)").status == 200)

                try connection.execute("DELETE FROM hired_employees WHERE id = 2")
                let accepted = try await server.postJSON(
                    "/api/v1/restores", #"{"table": "hired_employees", "backup": "\#(id)"}"#)
                #expect(accepted.status == 202 && accepted.json["kind"] as? String == "restore", "\(accepted.json)")
                let run = accepted.json["id"] as? Int ?? 0
                #expect(
                    try waitUntil(30) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(Int64(run))])
                            == "succeeded"
                    })
                #expect(try connection.scalar("SELECT COUNT(*) FROM hired_employees") == "2")

                let refusals: [(String, Int, String)] = [
                    (#"{"table": "hired_employees", "backup": "20990101T000000000000Z"}"#, 404, "backup_not_found"),
                    (#"{"table": "hired_employees", "backup": "../../etc"}"#, 404, "backup_not_found"),
                    (#"{"table": "nope", "backup": "\#(id)"}"#, 404, "unknown_table"),
                    (#"{"table": "departments", "backup": "\#(id)"}"#, 422, "table_not_in_backup"),
                    (#"{"table": "jobs", "backup": "\#(id)", "from": "/etc"}"#, 400, "unknown_field"),
                    (#"{"table": "jobs", "backup": "\#(id)", "dryRun": "yes"}"#, 400, "invalid_field"),
                    (#"{"table": "jobs"}"#, 400, "invalid_field"),
                    ("[1, 2]", 400, "malformed_json"),
                    (#"{"table": "jobs", "backup": "\#(id)", "offsite": "no colon"}"#, 400, "invalid_params"),
                    (#"{"table": "jobs", "backup": "\#(id)", "offsite": 7}"#, 400, "invalid_field"),
                    (#"{"table": "jobs", "backup": "../x", "offsite": "box:sluice"}"#, 404, "backup_not_found"),
                ]
                for (body, status, code) in refusals {
                    let answer = try await server.postJSON("/api/v1/restores", body)
                    let error = answer.json["error"] as? [String: Any]
                    #expect(answer.status == status && error?["code"] as? String == code, "\(body) → \(answer)")
                }
                // A backup only an rclone remote holds: queued for a worker to fetch, not looked up here.
                let remote = try await server.postJSON(
                    "/api/v1/restores",
                    #"{"table": "jobs", "backup": "20000101T000000000000Z", "offsite": "box:sluice", "dryRun": true}"#)
                let params = remote.json["params"] as? [String: Any] ?? [:]
                #expect(remote.status == 202 && params["offsite"] as? String == "box:sluice", "\(remote.json)")
                let noRemote = try await server.send("GET", "/api/v1/offsite/backups")
                let noRemoteCode = (json(noRemote)["error"] as? [String: Any])?["code"] as? String
                #expect(noRemote.status == 404 && noRemoteCode == "offsite_not_configured")
                #expect(try await server.send("GET", "/api/v1/backups/..").status == 404)
                #expect(try await server.send("DELETE", "/api/v1/backups").status == 405)
                let reader = try await createKey(server, scope: "reports")
                #expect(try await server.send("GET", "/api/v1/backups", key: reader).status == 403)
            }
        }
    }
}
