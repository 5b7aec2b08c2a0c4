import DataDictionary
import Foundation
import Loading
import MariaDB
import Testing
import TestSupport

/// The counts the reports read stay exactly what the rows say after every kind of write: API
/// batches (concurrent ones too), row changes and deletes, a fold, a restore, and a migration
/// killed mid-way then resumed. `sluice report verify` recomputes both reports from the rows for
/// every year and exits 0 only when they match.
@Suite struct ReportCountsTests {
    /// Runs `sluice report verify` and expects it to find the counts exact.
    static func expectVerified(_ base: [String], _ when: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let verify = try SluiceBinary.run(["report", "verify"] + base)
        #expect(verify.status == 0, "after \(when): \(verify.stdout)\(verify.stderr)", sourceLocation: sourceLocation)
    }

    @Test func countsFollowAPIBatchesRowChangesFoldsAndRestores() async throws {
        try await withServer { server in
            try await withTemporaryDirectory { folder in
                let base = ["--database-url", server.databaseURL.connectionString, "--data-dir", folder]
                let instants = [
                    "2020-12-31T23:59:59Z", "2021-03-31T23:59:59Z", "2021-04-01T00:00:00Z", "2021-11-30T10:00:00Z",
                ]
                func batch(_ first: Int) -> String {
                    "["
                        + (first..<first + 40).map {
                            IngestAPITests.row($0, at: instants[$0 % instants.count], department: $0 % 2 + 1)
                        }.joined(separator: ",") + "]"
                }
                let client = server.client
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for first in stride(from: 1, to: 160, by: 40) {
                        let rows = batch(first)
                        group.addTask { try await client.postJSON(IngestAPITests.path, rows).status }
                    }
                    for try await status in group { #expect(status == 200) }
                }
                try Self.expectVerified(base, "concurrent API batches")
                /// Posts `rows` as one batch; expects it to append `appended` delta rows and keys, and the counts right.
                func expectDeltas(_ rows: [String], appended: [Int64], _ what: String) async throws {
                    func deltas() throws -> [Int64] {
                        try ["sluice_hire_count_deltas", "sluice_hire_count_delta_keys"].map {
                            try server.connection.query("SELECT COUNT(*) FROM \($0)").first?.first?.int ?? -1
                        }
                    }
                    let before = try deltas()
                    #expect(
                        try await client.postJSON(IngestAPITests.path, "[" + rows.joined(separator: ",") + "]").status
                            == 200)
                    #expect(zip(try deltas(), before).map { $0 - $1 } == appended, "\(what)")
                    try Self.expectVerified(base, what)
                }
                // A batch that changes 12 keys appends 1 delta row (32 packed keys a row), read as 12 keys.
                let spread = (0..<12).map {
                    IngestAPITests.row(
                        500 + $0, at: "\(2018 + $0 / 4)-\(String(format: "%02d", $0 % 4 * 3 + 1))-15T12:00:00Z")
                }
                try await expectDeltas(spread, appended: [1, 12], "a batch of 12 keys")
                // A department id past 16 bits does not fit a packed word: its keys take plain slots.
                try server.connection.execute("INSERT INTO departments (id, department) VALUES (70000, 'Wide')")
                let wide = ["2021-02-01T00:00:00Z", "2021-05-01T00:00:00Z"].enumerated().map {
                    IngestAPITests.row(600 + $0.offset, at: $0.element, department: 70000)
                }
                try await expectDeltas(wide, appended: [1, 2], "keys in plain slots")
                let before = try await server.send("GET", "/api/v1/reports/hires-by-quarter?year=2021")
                #expect(
                    try await server.send("GET", "/api/v1/reports/hires-by-quarter?year=2021").headers["etag"]
                        == before.headers["etag"])

                let rows = "/api/v1/tables/hired_employees/rows"
                let patch = try await server.send(
                    "PATCH", rows + "/3", body: Array(#"{"department_id":1,"datetime":"2019-05-01T00:00:00Z"}"#.utf8))
                #expect(patch.status == 200)
                let put = try await server.send(
                    "PUT", rows + "/4",
                    body: Array(#"{"name":"Bo","datetime":"2021-07-01T00:00:00Z","department_id":2,"job_id":2}"#.utf8))
                #expect(put.status == 200)
                #expect(try await server.send("DELETE", rows + "/5").status == 204)
                try Self.expectVerified(base, "PATCH, PUT and DELETE")
                let after = try await server.send("GET", "/api/v1/reports/hires-by-quarter?year=2021")
                #expect(after.headers["etag"] != before.headers["etag"])

                let sql = try SQLDirectory.locate()
                let counts = try HireCountTables(sqlDirectory: sql)
                let installer = SchemaInstaller(
                    dictionary: try DataDictionary(contentsOf: sql.dictionaryPath), sqlDirectory: sql)
                // Installed already (by `sluice serve`): installing again runs no DDL (on Galera each would run in total order).
                let ddl = {
                    try server.connection.query(
                        "SELECT CAST(SUM(VARIABLE_VALUE) AS SIGNED) FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME IN ('COM_CREATE_TABLE', 'COM_ALTER_TABLE', 'COM_CREATE_VIEW', 'COM_CREATE_INDEX')"
                    ).first?.first
                }
                let ddlBefore = try ddl()
                try installer.apply(on: server.connection)
                #expect(try ddl() == ddlBefore)
                // An install made before the schema digest and the packed slots (no digest, a view that reads
                // no packed slot) runs every statement once more, and records the digest.
                try server.connection.execute("DROP TABLE sluice_schema_state")
                try server.connection.execute(
                    "CREATE OR REPLACE VIEW sluice_hire_count_delta_keys AS SELECT id, year, department_id, job_id, quarter, hires FROM sluice_hire_count_deltas"
                )
                try installer.apply(on: server.connection)
                #expect(
                    try server.connection.query(
                        "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND VIEW_DEFINITION LIKE '%packed_32%'"
                    ).first?.first == .int(1))
                let ddlUpgraded = try ddl()
                try installer.apply(on: server.connection)
                #expect(try ddl() == ddlUpgraded)
                // `force` (what `sluice schema apply` does) runs them even so.
                try installer.apply(on: server.connection, force: true)
                #expect(try ddl() != ddlUpgraded)
                try counts.foldDeltas(on: server.connection)
                #expect(
                    try server.connection.query("SELECT COUNT(*) FROM sluice_hire_count_deltas").first?.first == .int(0)
                )
                try Self.expectVerified(base, "a fold")

                #expect(try SluiceBinary.run(["backup", "--out", folder + "/backups"] + base).status == 0)
                let backup =
                    folder + "/backups/"
                    + (try FileManager.default.contentsOfDirectory(atPath: folder + "/backups").first ?? "")
                #expect(try await server.postJSON(IngestAPITests.path, batch(1000)).status == 200)
                #expect(try await server.send("DELETE", rows + "/6").status == 204)
                let restored = try SluiceBinary.run(["restore", "--table", "hired_employees", "--from", backup] + base)
                #expect(restored.status == 0, "\(restored.stderr)")
                try Self.expectVerified(base, "a restore")
                let again = try await server.send("GET", "/api/v1/reports/hires-by-quarter?year=2021")
                #expect(again.body == after.body)
                #expect(try server.connection.query("SHOW TABLES LIKE '%\\_\\_%'").isEmpty)

                // Rows changed behind Sluice's back are what verify exists to catch.
                try server.connection.execute("DELETE FROM hired_employees WHERE id = 7")
                let caught = try SluiceBinary.run(["report", "verify"] + base)
                #expect(caught.status != 0 && caught.stdout.contains("hires-by-quarter year="))
            }
        }
    }

    @Test func aKilledMigrationLeavesExactCounts() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let base = ["--database-url", url.connectionString, "--data-dir", folder]
                try InterruptedMigrationTests.writeFiles(rows: 100_000, in: folder)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: try SluiceBinary.path)
                process.arguments = ["migrate", "--dir", folder, "--batch-rows", "2000"] + base
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                let deadline = Date().addingTimeInterval(60)
                var progressed = 0
                while Date() < deadline && process.isRunning && progressed == 0 {
                    let rows = try? connection.query(
                        "SELECT next_offset FROM sluice_loads WHERE table_name = 'hired_employees'")
                    progressed = Int(rows?.first?.first?.description ?? "0") ?? 0
                    if progressed == 0 { Thread.sleep(forTimeInterval: 0.02) }
                }
                kill(process.processIdentifier, SIGKILL)
                _ = exitStatus(of: process)
                #expect(progressed > 0, "the load never committed a batch before the kill")
                try Self.expectVerified(base, "a migration killed mid-way")
                #expect(try SluiceBinary.run(["migrate", "--dir", folder] + base).status == 0)
                try Self.expectVerified(base, "the resumed migration")
                let rows = try connection.query("SELECT COUNT(*) FROM hired_employees").first?.first?.int ?? 0
                let counted =
                    try connection.query(
                        "SELECT SUM(hires) FROM (SELECT hires FROM sluice_hire_counts UNION ALL SELECT hires FROM sluice_hire_count_delta_keys) c"
                    ).first?.first?.description
                #expect(counted == String(rows) && rows == 100_000 - 100)
            }
        }
    }
}
