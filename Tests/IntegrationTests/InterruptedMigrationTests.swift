import Foundation
import MariaDB
import Testing
import TestSupport

/// A migration killed mid-way resumes to completion with no duplicates and no losses, and a load
/// over its reject limit leaves the table as it was.
@Suite struct InterruptedMigrationTests {
    /// Writes `rows` valid hired_employees rows (every 1,000th one broken) and the parents they need.
    static func writeFiles(rows: Int, in folder: String) throws {
        try "1,Engineering\n2,Sales\n".write(toFile: folder + "/departments.csv", atomically: true, encoding: .utf8)
        try "1,Recruiter\n2,Analyst\n".write(toFile: folder + "/jobs.csv", atomically: true, encoding: .utf8)
        let handle = try FileHandle(
            forWritingTo: {
                _ = FileManager.default.createFile(atPath: folder + "/hired_employees.csv", contents: nil)
                return URL(fileURLWithPath: folder + "/hired_employees.csv")
            }())
        defer { try? handle.close() }
        var chunk = ""
        for id in 1...rows {
            let name = id % 1000 == 0 ? "" : "Person \(id)"
            chunk += "\(id),\(name),2021-0\(id % 9 + 1)-1\(id % 10)T0\(id % 10):00:00Z,\(id % 2 + 1),\(id % 2 + 1)\n"
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }

    @Test func killedMigrationResumesWithoutDuplicates() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let rows = 300_000
                try Self.writeFiles(rows: rows, in: folder)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: try SluiceBinary.path)
                process.arguments = [
                    "migrate", "--dir", folder, "--database-url", url.connectionString, "--data-dir", folder,
                    "--batch-rows", "2000",
                ]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                let deadline = Date().addingTimeInterval(60)
                var progressed = 0
                while Date() < deadline && process.isRunning {
                    let rows = try? connection.query(
                        "SELECT next_offset FROM sluice_loads WHERE table_name = 'hired_employees'")
                    progressed = Int(rows?.first?.first?.description ?? "0") ?? 0
                    if progressed > 0 { break }
                    Thread.sleep(forTimeInterval: 0.02)
                }
                kill(process.processIdentifier, SIGKILL)
                _ = exitStatus(of: process)
                #expect(progressed > 0, "the load never committed a batch before the kill")
                let partial = try count("hired_employees", connection)
                #expect(partial < rows - rows / 1000, "killed too late to test a resume")

                let rerun = try SluiceBinary.run([
                    "migrate", "--dir", folder, "--database-url", url.connectionString, "--data-dir", folder,
                    "--summary", folder + "/summary.json",
                ])
                #expect(rerun.status == 0, "\(rerun.stderr)")
                #expect(try count("hired_employees", connection) == rows - rows / 1000)
                #expect(try count("sluice_rejects", connection) == rows / 1000)
                let loads = try connection.query(
                    "SELECT status, received, inserted, rejected FROM sluice_loads WHERE table_name = 'hired_employees'"
                )
                #expect(
                    loads.first?.map(\.description) == [
                        "completed", "\(rows)", "\(rows - rows / 1000)", "\(rows / 1000)",
                    ])
                let rejectFile = try String(contentsOfFile: folder + "/summary.json", encoding: .utf8)
                #expect(rejectFile.contains("\"resumed\" : true"))
            }
        }
    }

    @Test func overTheRejectLimitNothingIsKept() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                try Self.writeFiles(rows: 5_000, in: folder)
                let base = ["--database-url", url.connectionString, "--data-dir", folder]
                #expect(
                    try SluiceBinary.run(["migrate", "--table", "departments", folder + "/departments.csv"] + base)
                        .status == 0)
                #expect(try SluiceBinary.run(["migrate", "--table", "jobs", folder + "/jobs.csv"] + base).status == 0)
                let strict = try SluiceBinary.run(
                    [
                        "migrate", "--table", "hired_employees", folder + "/hired_employees.csv", "--max-rejects", "4",
                        "--batch-rows", "500",
                    ] + base)
                #expect(strict.status == 3, "\(strict.stderr)")
                #expect(strict.stdout.contains("rolled_back"))
                #expect(try count("hired_employees", connection) == 0)
                let lenient = try SluiceBinary.run(
                    ["migrate", "--table", "hired_employees", folder + "/hired_employees.csv", "--max-rejects", "0.1%"]
                        + base)
                #expect(lenient.status == 0, "\(lenient.stderr)")
                #expect(try count("hired_employees", connection) == 4_995)
            }
        }
    }

    @Test func fatalErrorsExitNonZeroWithAClearMessage() throws {
        try withTestDatabase { _, url in
            let base = ["--database-url", url.connectionString]
            let missing = try SluiceBinary.run(["migrate", "--table", "jobs", "/nonexistent/jobs.csv"] + base)
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("file_unreadable"))
            let unknown = try SluiceBinary.run(["migrate", "--table", "nope", "/dev/null"] + base)
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("unknown table 'nope'"))
            let down = try SluiceBinary.run(
                [
                    "migrate", "--table", "jobs", "/dev/null", "--database-url",
                    "mariadb://root@localhost/x?socket=/nonexistent.sock",
                ])
            #expect(down.status == 1)
            #expect(!down.stderr.isEmpty)
        }
    }

    @Test func aFourthTableNeedsOnlyADictionaryEntry() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let dictionary = repositoryRoot + "/Tests/Fixtures/dictionary-extended.json"
                let base = ["--database-url", url.connectionString, "--data-dir", folder, "--dictionary", dictionary]
                try "1,Engineering\n".write(toFile: folder + "/departments.csv", atomically: true, encoding: .utf8)
                try """
                MAD-01,Madrid,1,2020-02-29,12,,true,gold
                BCN-02,Barcelona,1,2021-02-29,12,1.5,true,gold
                LIS-03,Lisbon,7,2020-01-01,-1,x,maybe,bronze

                """.write(toFile: folder + "/offices.csv", atomically: true, encoding: .utf8)
                let result = try SluiceBinary.run(["migrate", "--dir", folder] + base)
                #expect(result.status == 0, "\(result.stderr)")
                #expect(try count("offices", connection) == 1)
                let reasons = try connection.query(
                    "SELECT JSON_EXTRACT(reasons, '$[*].rule') FROM sluice_rejects WHERE table_name = 'offices' ORDER BY position"
                )
                #expect(
                    reasons.map(\.first!.description) == [
                        #"["date"]"#, #"["min", "number", "boolean", "allowed", "foreign_key"]"#,
                    ])
            }
        }
    }
}
