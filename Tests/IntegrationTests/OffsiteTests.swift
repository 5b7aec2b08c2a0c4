import Foundation
import Loading
import MariaDB
import Testing
import TestSupport

/// Off-site copies of backups on a real remote: `rclone serve webdav` over a temporary folder.
@Suite struct OffsiteTests {
    static let departments = "SELECT id, department FROM departments ORDER BY id"

    /// `sluice backup --offsite`: files and manifest on the remote with the manifest's checksums,
    /// listed from there (not a folder without a manifest), pruned there too, and restored from there.
    @Test func backupsAreCopiedVerifiedListedPrunedAndRestoredFromTheRemote() throws {
        try withChallengeData { connection, base, folder in
            let remote = try WebDAVRemote(root: folder + "/remote")
            defer { remote.stop() }
            let environment = remote.environment(name: "sluicedav")
            let offsite = ["--offsite", "sluicedav:nightly/sluice"]
            func sluice(_ arguments: [String]) throws -> SluiceBinary.Result {
                try SluiceBinary.run(arguments + base, environment: environment)
            }
            let first = try sluice(["backup", "--table", "departments", "--codec", "null"] + offsite)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("copied to sluicedav:nightly/sluice/"), "\(first.stdout)")
            let firstID = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/backups").first)
            let copied = remote.root + "/nightly/sluice/" + firstID
            #expect(
                try Set(FileManager.default.contentsOfDirectory(atPath: copied)) == [
                    "departments.avro", "manifest.json",
                ])
            let manifest =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: copied + "/manifest.json"))) as? [String: Any]
            let entry = (manifest?["tables"] as? [[String: Any]])?.first
            #expect(entry?["sha256"] as? String == (try FileDigest.sha256(path: copied + "/departments.avro").hex))
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: copied + "/manifest.json"))
                    == Data(contentsOf: URL(fileURLWithPath: folder + "/backups/\(firstID)/manifest.json")))

            // A folder without a manifest (a copy cut short) and a name that is no backup id are not
            // backups: never listed, never pruned.
            try FileManager.default.createDirectory(
                atPath: remote.root + "/nightly/sluice/29990101T000000000000Z", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                atPath: remote.root + "/nightly/sluice/notes", withIntermediateDirectories: true)
            let listed = try sluice(["backup", "list", "--json"] + offsite)
            let ids = (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? [])
                .compactMap { ($0["manifest"] as? [String: Any])?["id"] as? String }
            #expect(ids == [firstID], "\(listed.stdout) \(listed.stderr)")

            let second = try sluice(["backup", "--table", "departments", "--codec", "null", "--keep", "1"] + offsite)
            #expect(
                second.status == 0 && second.stdout.contains("pruned backup \(firstID) off site"), "\(second.stdout)")
            let secondID = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/backups").first)
            #expect(
                try Set(FileManager.default.contentsOfDirectory(atPath: remote.root + "/nightly/sluice"))
                    == [secondID, "29990101T000000000000Z", "notes"])

            let before = try connection.query(Self.departments)
            try connection.execute("UPDATE departments SET department = 'Changed' WHERE id < 5")
            let restored = try sluice(["restore", "--table", "departments", "--backup", secondID] + offsite)
            #expect(restored.status == 0, "\(restored.stderr)")
            #expect(try connection.query(Self.departments) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/backups") == [secondID])
            let missing = try sluice(["restore", "--table", "departments", "--backup", firstID] + offsite)
            #expect(missing.status != 0 && missing.stderr.contains("offsite_not_found"), "\(missing.stderr)")

            // A remote that keeps checksums (rclone's local backend keeps them all) is verified by SHA-256.
            let disk = try SluiceBinary.run(
                ["backup", "--table", "departments", "--codec", "null", "--offsite", "disk:\(folder)/disk"] + base,
                environment: ["RCLONE_CONFIG": folder + "/none.conf", "RCLONE_CONFIG_DISK_TYPE": "local"])
            #expect(disk.status == 0 && disk.stdout.contains("verified by sha256"), "\(disk.stdout) \(disk.stderr)")
        }
    }

    /// The `backup` and `restore` kinds in a worker: the summary says what was copied and how it was
    /// verified, a restore reads the remote, and with the remote down the run fails with
    /// `offsite_unreachable` while its local backup stays listed.
    @Test func aBackupRunCopiesOffSiteAndFailsWithTheRemoteDownKeepingTheLocalBackup() throws {
        try withChallengeData { connection, base, folder in
            let remote = try WebDAVRemote(root: folder + "/remote")
            defer { remote.stop() }
            try writeJob("offsite-backup", #"{"kind": "backup", "params": {"tables": ["jobs"]}}"#, in: folder)
            try writeJob(
                "offsite-restore", #"{"kind": "restore", "params": {"table": "jobs", "backup": "20000101T000000Z"}}"#,
                in: folder)
            let jobs = ["--jobs-dir", folder + "/jobs"]
            let environment = remote.environment(name: "davbox").merging([
                "SLUICE_OFFSITE": "davbox:sluice", "SLUICE_SQL_DIR": repositoryRoot + "/sql",
            ]) { $1 }
            func work(_ params: String, job: String = "offsite-backup") throws -> (SluiceBinary.Result, Int64) {
                let queued = try SluiceBinary.run(["jobs", "run", job, "--params", params] + jobs + base)
                let id = try #require(Int64(queued.stdout.split(separator: " ").dropFirst(2).first ?? ""), "\(queued)")
                return (try SluiceBinary.run(["worker", "--run", String(id)] + base, environment: environment), id)
            }
            let (backedUp, firstRun) = try work(#"{"tables": ["jobs"], "codec": "null"}"#)
            #expect(backedUp.status == 0, "\(backedUp.stdout) \(backedUp.stderr)")
            let summary = try connection.scalar("SELECT summary FROM sluice_job_runs WHERE id = ?", [.int(firstRun)])
            let fields = try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any]
            let offsite = fields?["offsite"] as? [String: Any]
            #expect(offsite?["verified"] as? String == "size" && offsite?["files"] as? Int == 2, "\(summary)")
            let id = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/backups").first)
            #expect(fields?["id"] as? String == id && offsite?["remote"] as? String == "davbox:sluice/\(id)")

            let before = try connection.query("SELECT id, job FROM jobs ORDER BY id")
            try connection.execute("UPDATE jobs SET job = 'Changed' WHERE id < 5")
            let (restored, _) = try work(
                #"{"table": "jobs", "backup": "\#(id)", "offsite": "davbox:sluice"}"#, job: "offsite-restore")
            #expect(restored.status == 0, "\(restored.stdout) \(restored.stderr)")
            #expect(try connection.query("SELECT id, job FROM jobs ORDER BY id") == before)

            remote.stop()
            let (failed, failedRun) = try work(#"{"tables": ["jobs"], "codec": "null"}"#)
            #expect(failed.status != 0 && failed.stdout.contains("is complete here"), "\(failed.stdout)")
            #expect(
                try connection.scalar("SELECT exit_cause FROM sluice_job_runs WHERE id = ?", [.int(failedRun)])
                    == "offsite_unreachable")
            let listed = try SluiceBinary.run(["backup", "list"] + base).stdout.split(separator: "\n")
            #expect(listed.count == 2, "\(listed)")
        }
    }

    /// `GET /api/v1/offsite/backups` lists the server's own remote (`serve --offsite`), and a restore
    /// of a backup there is queued through `POST /api/v1/restores` with `offsite`; with the remote
    /// hung or down the listing answers 502 within rclone's waits.
    @Test func theServersRemoteIsListedOverHTTPAndItsBackupsRestoredFromThere() async throws {
        try await withTemporaryDirectory { folder in
            let remote = try WebDAVRemote(root: folder + "/remote")
            defer { remote.stop() }
            let environment = remote.environment(name: "davbox")
            // The idle wait an operator may set instead of the page's 20 s (short here, for the hung remote below).
            try await withServer(
                dataDirectory: folder, arguments: ["--offsite", "davbox:sluice"],
                environment: environment.merging(["RCLONE_TIMEOUT": "2s"]) { $1 }
            ) { server in
                let made = try SluiceBinary.run(
                    [
                        "backup", "--table", "departments", "--codec", "null", "--offsite", "davbox:sluice",
                        "--data-dir", folder + "/other", "--database-url", server.databaseURL.connectionString,
                    ],
                    environment: environment)
                #expect(made.status == 0, "\(made.stderr)")
                let listed = try await server.send("GET", "/api/v1/offsite/backups")
                let body = try JSONSerialization.jsonObject(with: Data(listed.body)) as? [String: Any] ?? [:]
                let items = body["items"] as? [[String: Any]] ?? []
                let id = items.first?["id"] as? String ?? ""
                #expect(listed.status == 200 && body["remote"] as? String == "davbox:sluice", "\(body)")
                #expect(items.count == 1 && items.first?["path"] as? String == "davbox:sluice/\(id)", "\(items)")

                let queued = try await server.postJSON(
                    "/api/v1/restores", #"{"table": "departments", "backup": "\#(id)", "offsite": "davbox:sluice"}"#)
                let params = queued.json["params"] as? [String: Any] ?? [:]
                #expect(queued.status == 202 && params["offsite"] as? String == "davbox:sluice", "\(queued.json)")

                // A remote that takes the connection and never answers: the listing gives up within the waits.
                kill(remote.process.processIdentifier, SIGSTOP)
                let started = ContinuousClock.now
                let hung = try await server.send("GET", "/api/v1/offsite/backups")
                let waited = ContinuousClock.now - started
                kill(remote.process.processIdentifier, SIGCONT)
                #expect(hung.status == 502 && waited < .seconds(15), "\(hung.status) after \(waited)")

                remote.stop()
                let down = try await server.send("GET", "/api/v1/offsite/backups")
                #expect(
                    down.status == 502 && String(decoding: down.body, as: UTF8.self).contains("offsite_unreachable"))
            }
        }
    }
}
