import Foundation
import MariaDB
import Testing
import TestSupport

/// Restores that must be refused, or survive a kill, leave the live table exactly as it was
/// (same `CHECKSUM TABLE`, no scratch table left behind) and say why with a stable code.
@Suite struct RestoreFailureTests {
    /// The challenge data, migrated and backed up with `codec`; `body` gets the connection, the
    /// common arguments and the backup folder.
    func withChallengeBackup(codec: String = "deflate", _ body: (Connection, [String], String) throws -> Void) throws {
        try withChallengeData { connection, base, folder in
            #expect(
                try SluiceBinary.run(["backup", "--codec", codec, "--out", folder + "/backups"] + base).status == 0)
            let id = try FileManager.default.contentsOfDirectory(atPath: folder + "/backups").first ?? ""
            try body(connection, base, folder + "/backups/" + id)
        }
    }

    static func checksum(_ connection: Connection, _ table: String) throws -> String {
        try connection.query("CHECKSUM TABLE `\(table)`")[0][1].description
    }

    /// Runs the restore, expects exit 3 with `code`, the live table unchanged and no leftovers.
    func expectRefused(_ arguments: [String], code: String, table: String, _ connection: Connection) throws {
        let before = try Self.checksum(connection, table)
        let result = try SluiceBinary.run(["restore", "--table", table] + arguments)
        #expect(result.status == 3 && result.stderr.contains(code), "\(result.stderr)")
        #expect(try Self.checksum(connection, table) == before)
        #expect(try connection.query("SHOW TABLES LIKE '%\\_\\_%'").isEmpty)
    }

    @Test func aCorruptedFileIsRefused() throws {
        try withChallengeBackup { connection, base, backup in
            let path = backup + "/hired_employees.avro"
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            for offset in stride(from: bytes.count / 2, to: bytes.count / 2 + 64, by: 4) { bytes[offset] ^= 0x5a }
            try bytes.write(to: URL(fileURLWithPath: path))
            try connection.execute("DELETE FROM hired_employees WHERE id > 1000")
            let before = try Self.checksum(connection, "hired_employees")
            let result = try SluiceBinary.run(["restore", "--table", "hired_employees", "--from", backup] + base)
            #expect(result.status == 3, "\(result.stderr)")
            #expect(
                ["file_corrupt", "checksum_mismatch", "rows_rejected"].contains { result.stderr.contains($0) },
                "\(result.stderr)")
            #expect(try Self.checksum(connection, "hired_employees") == before)
        }
    }

    @Test(arguments: ["deflate", "zstandard"]) func aTruncatedFileIsRefused(codec: String) throws {
        try withChallengeBackup(codec: codec) { connection, base, backup in
            let path = backup + "/hired_employees.avro"
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: path))
            try connection.execute("UPDATE hired_employees SET name = 'Changed' WHERE id < 100")
            try expectRefused(["--from", backup] + base, code: "file_corrupt", table: "hired_employees", connection)
        }
    }

    @Test func aFileOfAnotherTableIsRefusedNamingTheField() throws {
        try withChallengeBackup { connection, base, backup in
            try expectRefused(
                ["--from", backup + "/departments.avro"] + base, code: "field_missing", table: "jobs", connection)
            let result = try SluiceBinary.run(
                ["restore", "--table", "jobs", "--from", backup + "/departments.avro"] + base)
            #expect(result.stderr.contains("'job'"), "\(result.stderr)")
        }
    }

    @Test func aBackupWithoutTheTableOrAMissingBackupIsRefused() throws {
        try withChallengeBackup { connection, base, backup in
            try expectRefused(["--from", backup + "/nope"] + base, code: "backup_not_found", table: "jobs", connection)
            try FileManager.default.removeItem(atPath: backup + "/manifest.json")
            try expectRefused(["--from", backup] + base, code: "manifest_unreadable", table: "jobs", connection)
        }
    }

    @Test func aSecondRestoreOfTheSameTableWaitsItsTurn() throws {
        try withChallengeBackup { connection, base, backup in
            let held = try connection.query("SELECT GET_LOCK(CONCAT('sluice.restore.', DATABASE(), '.', 'jobs'), 0)")
            #expect(held[0][0] == .int(1))
            try expectRefused(["--from", backup] + base, code: "restore_in_progress", table: "jobs", connection)
            _ = try connection.query("SELECT RELEASE_LOCK(CONCAT('sluice.restore.', DATABASE(), '.', 'jobs'))")
            #expect(try SluiceBinary.run(["restore", "--table", "jobs", "--from", backup] + base).status == 0)
        }
    }

    @Test func everyTableRoundTrips() throws {
        try withChallengeBackup(codec: "snappy") { connection, base, backup in
            let tables = ["departments", "jobs", "hired_employees"]
            let before = try tables.map { try Self.checksum(connection, $0) }
            let createBefore = try connection.query("SHOW CREATE TABLE hired_employees")[0][1].description
            try connection.execute("DELETE FROM hired_employees WHERE id % 3 = 0")
            try connection.execute("UPDATE hired_employees SET name = CONCAT(name, '!') WHERE id % 3 = 1")
            try connection.execute("UPDATE jobs SET job = UPPER(job)")
            try connection.execute("UPDATE departments SET department = LOWER(department)")
            for table in tables {
                let restored = try SluiceBinary.run(["restore", "--table", table, "--from", backup] + base)
                #expect(restored.status == 0, "\(restored.stderr)")
            }
            #expect(try tables.map { try Self.checksum(connection, $0) } == before)
            // The restored table keeps its keys and foreign keys (added after the load, under the same
            // names), and a second restore works on top of the first.
            let create = try connection.query("SHOW CREATE TABLE hired_employees")[0][1].description
            #expect(create == createBefore)
            #expect(create.contains("REFERENCES `departments`") && create.contains("REFERENCES `jobs`"), "\(create)")
            #expect(throws: MariaDBError.self) {
                try connection.execute("INSERT INTO hired_employees VALUES (99999, 'X', NOW(), 999, 1)")
            }
            #expect(
                try SluiceBinary.run(["restore", "--table", "hired_employees", "--from", backup] + base).status == 0)
        }
    }

    @Test(arguments: ["null", "deflate", "zstandard"])
    func hiredEmployeesRoundTripInEachCodec(codec: String) throws {
        try withChallengeBackup(codec: codec) { connection, base, backup in
            let before = try Self.checksum(connection, "hired_employees")
            try connection.execute("DELETE FROM hired_employees WHERE id % 2 = 0")
            let restored = try SluiceBinary.run(["restore", "--table", "hired_employees", "--from", backup] + base)
            #expect(restored.status == 0, "\(restored.stderr)")
            #expect(try Self.checksum(connection, "hired_employees") == before)
        }
    }

    @Test func aKilledRestoreLeavesTheLiveTableUntouchedAndTheNextOneWorks() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let base = ["--database-url", url.connectionString, "--data-dir", folder]
                try InterruptedMigrationTests.writeFiles(rows: 300_000, in: folder)
                for table in ["departments", "jobs", "hired_employees"] {
                    #expect(
                        try SluiceBinary.run(["migrate", "--table", table, folder + "/\(table).csv"] + base).status == 0
                    )
                }
                let backed = try SluiceBinary.run(
                    ["backup", "--table", "hired_employees", "--out", folder + "/backups"] + base)
                #expect(backed.status == 0, "\(backed.stderr)")
                let backup =
                    folder + "/backups/"
                    + (try FileManager.default.contentsOfDirectory(atPath: folder + "/backups").first ?? "")
                let original = try Self.checksum(connection, "hired_employees")
                try connection.execute("DELETE FROM hired_employees WHERE id > 200000")
                let changed = try Self.checksum(connection, "hired_employees")

                let process = Process()
                process.executableURL = URL(fileURLWithPath: try SluiceBinary.path)
                process.arguments = ["restore", "--table", "hired_employees", "--from", backup] + base
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                #expect(
                    try waitUntil(30) {
                        try !connection.query("SHOW TABLES LIKE 'hired\\_employees\\_\\_restore'").isEmpty
                    })
                Thread.sleep(forTimeInterval: 0.3)
                kill(process.processIdentifier, SIGKILL)
                let status = exitStatus(of: process)
                #expect(
                    status == SIGKILL || status == 128 + SIGKILL,
                    "the restore ended (\(status)) before it could be killed")
                #expect(try Self.checksum(connection, "hired_employees") == changed)

                let again = try SluiceBinary.run(["restore", "--table", "hired_employees", "--from", backup] + base)
                #expect(again.status == 0, "\(again.stderr)")
                #expect(try Self.checksum(connection, "hired_employees") == original)
                #expect(try connection.query("SHOW TABLES LIKE '%\\_\\_%'").isEmpty)
            }
        }
    }

    @Test func aBackupTakenWhileRowsArriveIsOneSnapshot() throws {
        try withChallengeBackup { connection, base, _ in
            // Each transaction adds one department and one employee of it: a consistent backup holds as
            // many new rows of each.
            let url = try DatabaseURL(parsing: base[1])
            let stop = Locked(false)
            let thread = Thread {
                guard let writer = try? Connection(url: url) else { return }
                var id: Int64 = 1000
                while !stop.get() {
                    id += 1
                    _ = try? writer.execute("BEGIN")
                    _ = try? writer.execute("INSERT INTO departments VALUES (?, ?)", [.int(id), .string("D\(id)")])
                    _ = try? writer.execute(
                        "INSERT INTO hired_employees VALUES (?, 'New', '2024-01-01 00:00:00', ?, 1)",
                        [.int(id + 100_000), .int(id)])
                    _ = try? writer.execute("COMMIT")
                }
            }
            thread.start()
            defer { stop.set(true) }
            Thread.sleep(forTimeInterval: 0.3)
            let folder = base[3] + "/during"
            for _ in 0..<3 {
                #expect(try SluiceBinary.run(["backup", "--out", folder] + base).status == 0)
            }
            stop.set(true)
            for id in try FileManager.default.contentsOfDirectory(atPath: folder) {
                let manifest =
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: folder + "/\(id)/manifest.json"))) as? [String: Any]
                let rows = Dictionary(
                    uniqueKeysWithValues: (manifest?["tables"] as? [[String: Any]] ?? []).map {
                        ($0["table"] as? String ?? "", $0["rows"] as? Int ?? 0)
                    })
                #expect((rows["departments"] ?? 0) - 12 == (rows["hired_employees"] ?? 0) - 1929, "\(rows)")
                #expect((rows["departments"] ?? 0) > 12, "no row arrived during the backup")
                let dryRun = try SluiceBinary.run(
                    ["restore", "--table", "hired_employees", "--from", folder + "/\(id)", "--dry-run"] + base)
                #expect(dryRun.status == 0, "\(dryRun.stderr)")
            }
        }
    }
}
