import Errors
import Foundation
import Synchronization
import Hosts
import MariaDB
import Testing
import TestSupport

/// `--store`: processes with their own data directories on one database, sharing one store or each
/// with its own. A run reads its file only where its store is; every process lists every backup.
@Suite struct FileStoreTests {
    static let jobsCSV = repositoryRoot + "/Tests/Fixtures/challenge/jobs.csv"
    static let state = "SELECT state FROM sluice_job_runs WHERE id = ?"

    /// Processes starting on one new store at once (two schedulers in CI once read an empty
    /// `store.id` mid-write) all get the one id that was written, whole.
    @Test func everyOpenerOfANewStoreAtOnceGetsTheSameWholeID() throws {
        try withTemporaryDirectory { folder in
            for round in 0..<20 {
                let root = folder + "/store-\(round)"
                let ids = Mutex<[String]>([])
                DispatchQueue.concurrentPerform(iterations: 8) { _ in
                    let id = (try? FileStore(root: root).id) ?? "failed"
                    ids.withLock { $0.append(id) }
                }
                let seen = Set(ids.withLock { $0 })
                #expect(seen.count == 1 && seen.first?.count == 32, "\(seen)")
                let names = try FileManager.default.contentsOfDirectory(atPath: root)
                #expect(names == [FileStore.idFile])
            }
        }
    }

    /// A store that cannot be made, or whose id file holds something else, is refused with a code.
    @Test func aStoreThatCannotBeMadeOrHoldsABadIDIsRefusedWithItsCode() throws {
        try withTemporaryDirectory { folder in
            let file = folder + "/plain-file"
            FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
            let unmade = #expect(throws: StoreError.self) { try FileStore(root: file + "/store") }
            #expect(unmade?.code == .storeUnwritable, "\(String(describing: unmade))")
            try FileManager.default.createDirectory(atPath: folder + "/bad", withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: folder + "/bad/" + FileStore.idFile, contents: Data("../etc\n".utf8))
            let corrupt = #expect(throws: StoreError.self) { try FileStore(root: folder + "/bad") }
            #expect(corrupt?.code == .storeIDCorrupt, "\(String(describing: corrupt))")
        }
    }

    @Test func anUploadReceivedByOneHostIsMigratedByAnotherHostsWorkerThroughASharedStore() async throws {
        try await withTemporaryDirectory { folder in
            let shared = folder + "/shared"
            try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
            try await withServer(dataDirectory: folder + "/a", arguments: ["--store", shared]) { server in
                let storeID = try String(contentsOfFile: shared + "/store.id", encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let uploaded = try curl(
                    server, ["-F", "file=@\(Self.jobsCSV)", server.client.baseURL + "/api/v1/uploads"])
                let id = uploaded.json["id"] as? Int ?? 0
                #expect(uploaded.status == 201 && uploaded.json["store"] as? String == storeID, "\(uploaded.json)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/a/uploads"), "uploads go to the store")
                let submitted = try await server.postJSON(
                    "/api/v1/jobs", #"{"kind": "migrate", "upload": \#(id), "table": "jobs"}"#)
                let params = submitted.json["params"] as? [String: Any] ?? [:]
                #expect(params["file"] == nil && submitted.json["store"] as? String == storeID, "\(submitted.json)")
                let run = Int64(submitted.json["id"] as? Int ?? 0)
                let other = try SchedulerProcess(
                    url: server.databaseURL, folder: folder + "/b", name: "b", extra: ["--store", shared])
                defer { other.stop() }
                let connection = server.connection
                #expect(
                    try waitUntil(30) { try connection.scalar(Self.state, [.int(run)]) == "succeeded" },
                    "\(other.output)")
                #expect(try connection.scalar("SELECT COUNT(*) FROM jobs") == "183")
                let roles = "SELECT GROUP_CONCAT(role ORDER BY role) FROM sluice_hosts WHERE store_id = ?"
                #expect(try connection.scalar(roles, [.string(storeID)]) == "api,scheduler", "both have the store")
            }
        }
    }

    @Test func aRestoreOfABackupInAnotherHostsLocalStoreWaitsForThatHost() async throws {
        try await withTemporaryDirectory { folder in
            for name in ["a", "b"] {
                try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
            }
            try await withServer(dataDirectory: folder + "/b", scheduler: true) { server in
                let url = server.databaseURL.connectionString
                let made = try SluiceBinary.run(
                    [
                        "backup", "--table", "departments", "--codec", "null", "--data-dir", folder + "/a",
                        "--database-url", url,
                    ])
                #expect(made.status == 0, "\(made.stderr)")
                let backupID = try server.connection.scalar("SELECT id FROM sluice_backups")
                let listed = try await server.send("GET", "/api/v1/backups")
                let items =
                    (try JSONSerialization.jsonObject(with: Data(listed.body)) as? [String: Any])?["items"]
                    as? [[String: Any]] ?? []
                #expect(items.count == 1 && items.first?["id"] as? String == backupID && items.first?["host"] != nil)
                let listedByB = try SluiceBinary.run([
                    "backup", "list", "--data-dir", folder + "/b", "--database-url", url,
                ])
                #expect(listedByB.stdout.hasPrefix(backupID), "every process lists every backup")
                let restoreOn = { (host: String) in
                    try SluiceBinary.run(
                        [
                            "restore", "--table", "departments", "--backup", backupID, "--dry-run", "--data-dir",
                            folder + "/" + host, "--database-url", url,
                        ])
                }
                let refused = try restoreOn("b")
                #expect(refused.status == 3 && refused.stderr.contains("file_on_other_host"), "\(refused.stderr)")
                #expect(try restoreOn("a").status == 0)
                let file = try await server.send("GET", "/api/v1/backups/\(backupID)/files/departments")
                #expect(file.status == 409 && String(decoding: file.body, as: UTF8.self).contains("file_on_other_host"))

                let restore = try await server.postJSON(
                    "/api/v1/restores", #"{"table": "departments", "backup": "\#(backupID)", "dryRun": true}"#)
                let restoreRun = restore.json["id"] as? Int ?? 0
                // A later run any scheduler may take: once B's scheduler has finished it, it passed the restore by.
                let later = try await server.postJSON("/api/v1/jobs", #"{"kind": "prune", "params": {"days": 30}}"#)
                let laterRun = later.json["id"] as? Int ?? 0
                let connection = server.connection
                #expect(try waitUntil(30) { try connection.scalar(Self.state, [.int(Int64(laterRun))]) == "succeeded" })
                let waiting = try await state(of: restoreRun, server)
                #expect(waiting["state"] as? String == "queued", "\(waiting)")
                #expect((waiting["waitingFor"] as? String ?? "").contains("waiting for"), "\(waiting)")

                let owner = try SchedulerProcess(url: server.databaseURL, folder: folder + "/a", name: "a")
                defer { owner.stop() }
                #expect(
                    try waitUntil(30) { try connection.scalar(Self.state, [.int(Int64(restoreRun))]) == "succeeded" },
                    "\(owner.output)")
            }
        }
    }

    private func state(of run: Int, _ server: RunningServer) async throws -> [String: Any] {
        let answer = try await server.send("GET", "/api/v1/jobs/\(run)")
        return (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
    }
}
