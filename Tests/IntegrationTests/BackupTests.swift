import Foundation
import MariaDB
import Testing

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
                }
        print(json.dumps(out, sort_keys=True))
        """

    @Test func fastavroReadsEveryFileWithExactCountsAndValues() throws {
        guard let python = ProcessInfo.processInfo.environment["SLUICE_PYTHON"] else {
            throw FixtureError("SLUICE_PYTHON (a python with fastavro) is not set: run the tests with `make test`")
        }
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let base = ["--database-url", url.connectionString, "--data-dir", folder]
                #expect(try SluiceBinary.run(["migrate", "--dir", ChallengeMigrationTests.challengeFolder] + base).status == 0)
                let backup = try SluiceBinary.run(["backup", "--out", folder + "/backups"] + base)
                #expect(backup.status == 0, "\(backup.stderr)")
                let made = try FileManager.default.contentsOfDirectory(atPath: folder + "/backups")
                #expect(made.count == 1 && !made[0].hasPrefix("."))
                let backupFolder = folder + "/backups/" + made[0]
                let manifest = try JSONSerialization.jsonObject(
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
                    #expect("\(read[table]?["rows"] ?? "")" == expected[0].description)
                    #expect("\(read[table]?["ids"] ?? "")" == expected[1].description)
                }
                let last = try connection.query(
                    "SELECT id, name, DATE_FORMAT(datetime, '%Y-%m-%dT%H:%i:%s+00:00') FROM hired_employees ORDER BY id DESC LIMIT 1")[0]
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
                #expect(try SluiceBinary.run(["migrate", "--dir", ChallengeMigrationTests.challengeFolder] + base).status == 0)
                try writeJob(
                    "nightly-backup", try String(contentsOfFile: repositoryRoot + "/jobs/nightly-backup.json", encoding: .utf8),
                    in: folder)
                let scheduler = try SchedulerProcess(url: url, folder: folder, name: "scheduler")
                defer { scheduler.stop() }
                #expect(try SluiceBinary.run(["jobs", "run", "nightly-backup", "--jobs-dir", folder + "/jobs"] + base).status == 0)
                #expect(
                    try waitUntil(30) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE job_name = 'nightly-backup'") == "succeeded"
                    }, "\(scheduler.output)")
                let backups = try FileManager.default.contentsOfDirectory(atPath: folder + "/backups")
                #expect(backups.count == 1)
                let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/backups/" + (backups.first ?? ""))
                #expect(Set(files) == ["departments.avro", "jobs.avro", "hired_employees.avro", "manifest.json"])
            }
        }
    }
}
