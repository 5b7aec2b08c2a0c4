import Foundation
import MariaDB
import Testing
import TestSupport

/// `sluice backup` writes Avro files that an independent reader (Python's fastavro) reads with the
/// exact row counts, values and logical types, plus a manifest; no partial folder is left behind.
@Suite struct BackupTests {
    static let fastavroCheck = """
        import fastavro, json, sys, glob, os
        out = {}
        for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.avro"))):
            with open(path, "rb") as f:
                reader = fastavro.reader(f)
                rows = list(reader)
                fields = {fl["name"]: fl["type"] for fl in reader.writer_schema["fields"]}
                out[reader.metadata["sluice.table"]] = {
                    "rows": len(rows),
                    "ids": sum(r["id"] for r in rows),
                    "last": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in rows[-1].items()},
                    "datetime_type": fields.get("datetime"),
                    "codec": reader.codec,
                }
        print(json.dumps(out, sort_keys=True))
        """

    @Test(arguments: ["deflate", "snappy", "zstandard", "null"]) func fastavroReadsEveryFileWithExactCountsAndValues(
        codec: String
    )
        throws
    {
        guard let python = ProcessInfo.processInfo.environment["SLUICE_PYTHON"] else {
            throw FixtureError("SLUICE_PYTHON (a python with fastavro) is not set: run the tests with `make test`")
        }
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let base = ["--database-url", url.connectionString, "--data-dir", folder]
                #expect(
                    try SluiceBinary.run(["migrate", "--dir", ChallengeMigrationTests.challengeFolder] + base).status
                        == 0)
                let backup = try SluiceBinary.run(["backup", "--codec", codec, "--out", folder + "/backups"] + base)
                #expect(backup.status == 0, "\(backup.stderr)")
                let made = try FileManager.default.contentsOfDirectory(atPath: folder + "/backups")
                #expect(made.count == 1 && !made[0].hasPrefix("."))
                let backupFolder = folder + "/backups/" + made[0]
                let manifest =
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: backupFolder + "/manifest.json"))) as? [String: Any]
                let entries = manifest?["tables"] as? [[String: Any]] ?? []
                #expect(entries.map { $0["rows"] as? Int ?? -1 } == [12, 183, 1929])

                let process = Process()
                process.executableURL = URL(fileURLWithPath: python)
                process.arguments = ["-c", Self.fastavroCheck, backupFolder]
                let output = Pipe()
                process.standardOutput = output
                try process.run()
                let data = output.fileHandleForReading.readDataToEndOfFile()
                #expect(exitStatus(of: process) == 0)
                let read = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] ?? [:]
                for table in ["departments", "jobs", "hired_employees"] {
                    let expected = try connection.query("SELECT COUNT(*), SUM(id) FROM \(table)")[0]
                    #expect(read[table]?["codec"] as? String == codec)
                    #expect("\(read[table]?["rows"] ?? "")" == expected[0].description)
                    #expect("\(read[table]?["ids"] ?? "")" == expected[1].description)
                }
                let last = try connection.query(
                    "SELECT id, name, DATE_FORMAT(datetime, '%Y-%m-%dT%H:%i:%s+00:00') FROM hired_employees ORDER BY id DESC LIMIT 1"
                )[0]
                let lastRead = read["hired_employees"]?["last"] as? [String: Any]
                #expect("\(lastRead?["id"] ?? "")" == last[0].description)
                #expect(lastRead?["name"] as? String == last[1].description)
                #expect(lastRead?["datetime"] as? String == last[2].description)
                let type = read["hired_employees"]?["datetime_type"] as? [String: Any]
                #expect(type?["logicalType"] as? String == "timestamp-micros")
            }
        }
    }

    @Test func theShippedNightlyBackupJobRunsInAWorker() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let base = ["--database-url", url.connectionString, "--data-dir", folder]
                #expect(
                    try SluiceBinary.run(["migrate", "--dir", ChallengeMigrationTests.challengeFolder] + base).status
                        == 0)
                try writeJob(
                    "nightly-backup",
                    try String(contentsOfFile: repositoryRoot + "/jobs/nightly-backup.json", encoding: .utf8),
                    in: folder)
                let scheduler = try SchedulerProcess(url: url, folder: folder, name: "scheduler")
                defer { scheduler.stop() }
                #expect(
                    try SluiceBinary.run(["jobs", "run", "nightly-backup", "--jobs-dir", folder + "/jobs"] + base)
                        .status == 0)
                #expect(
                    try waitUntil(30) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE job_name = 'nightly-backup'")
                            == "succeeded"
                    }, "\(scheduler.output)")
                let backups = try FileManager.default.contentsOfDirectory(atPath: folder + "/backups")
                #expect(backups.count == 1)
                let files = try FileManager.default.contentsOfDirectory(
                    atPath: folder + "/backups/" + (backups.first ?? ""))
                #expect(Set(files) == ["departments.avro", "jobs.avro", "hired_employees.avro", "manifest.json"])
            }
        }
    }

    @Test func restoreRoundTripsAndRefusesWhatWouldBreakTheTable() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let base = ["--database-url", url.connectionString, "--data-dir", folder]
                #expect(
                    try SluiceBinary.run(["migrate", "--dir", ChallengeMigrationTests.challengeFolder] + base).status
                        == 0)
                #expect(try SluiceBinary.run(["backup", "--out", folder + "/backups"] + base).status == 0)
                let backup =
                    folder + "/backups/"
                    + (try FileManager.default.contentsOfDirectory(atPath: folder + "/backups").first ?? "")
                let checksum =
                    "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', id, name, datetime, department_id, job_id))) FROM hired_employees"
                let before = try connection.query(checksum)
                try connection.execute("DELETE FROM hired_employees WHERE id > 1500")
                try connection.execute("UPDATE hired_employees SET name = 'Changed' WHERE id < 10")
                let restored = try SluiceBinary.run(["restore", "--table", "hired_employees", "--from", backup] + base)
                #expect(restored.status == 0, "\(restored.stderr)")
                #expect(try connection.query(checksum) == before)

                // A parent restore that would orphan children is refused; the table stays as it is.
                try connection.execute("INSERT INTO departments VALUES (99, 'Temporary')")
                try connection.execute("UPDATE hired_employees SET department_id = 99 WHERE id = 1")
                let departments = try connection.query("SELECT COUNT(*) FROM departments")
                let refused = try SluiceBinary.run(["restore", "--table", "departments", "--from", backup] + base)
                #expect(refused.status != 0 && refused.stderr.contains("would_orphan_children"))
                #expect(try connection.query("SELECT COUNT(*) FROM departments") == departments)

                // A corrupted file is refused; the live table is untouched.
                let file = backup + "/jobs.avro"
                var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                bytes = bytes.prefix(bytes.count - 40)
                try bytes.write(to: URL(fileURLWithPath: file))
                let jobs = try connection.query("SELECT COUNT(*) FROM jobs")
                let corrupt = try SluiceBinary.run(["restore", "--table", "jobs", "--from", backup] + base)
                #expect(corrupt.status != 0)
                #expect(try connection.query("SELECT COUNT(*) FROM jobs") == jobs)
                #expect(try connection.query("SHOW TABLES LIKE '%restore%'").isEmpty)
            }
        }
    }
}
