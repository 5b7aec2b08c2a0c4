import DataDictionary
import Foundation
import Loading
import MariaDB
import Testing
import TestSupport

/// Migration and API batches write their rows with InnoDB's foreign key checks off: the parent keys
/// a batch uses are locked from its check to its commit. Against a writer that deletes those parents
/// as the batches start, and API batches racing a migration for the same ids, no row ever gets
/// in without its parent or twice, every row refused is a reject with its rule, and the hire counts
/// stay exact.
@Suite struct ConcurrentWriterTests {
    /// Step by step: a parent the check found is locked until the batch commits, so a concurrent
    /// delete waits, then fails on the rows; a parent deleted before the check makes its rows rejects.
    @Test func aCheckedBatchHoldsItsParentsUntilItCommits() async throws {
        try await withServer { server in
            let dictionary = try DataDictionary(contentsOf: repositoryRoot + "/sql/dictionary.json")
            let table = try dictionary.requireTable("hired_employees")
            let checker = ConstraintChecker(table: table, dictionary: dictionary)
            #expect(checker.writeClause == "SET STATEMENT foreign_key_checks=@@wsrep_on FOR ")
            let loader = try Connection(url: server.databaseURL)
            let writer = try Connection(url: server.databaseURL)
            try writer.execute("SET SESSION innodb_lock_wait_timeout = 1")
            try writer.execute("DELETE FROM departments WHERE id = 2")
            let values = { (id: Int64, department: Int64) -> [CellValue] in
                [.integer(id), .text("Ana"), .null, .integer(department), .integer(1)]
            }
            var rows = [values(1, 1), values(2, 2)].enumerated().map {
                CandidateRow(position: $0.offset, raw: [], values: $0.element, violations: [])
            }
            try loader.execute("BEGIN")
            try checker.check(&rows, againstTable: false, lockingParents: true, on: loader)
            #expect(rows[0].isValid && rows[1].violations.map(\.rule) == [.foreignKey])
            #expect(throws: MariaDBError.self) { try writer.execute("DELETE FROM departments WHERE id = 1") }
            try loader.execute(
                checker.writeClause + "INSERT INTO hired_employees VALUES (1, 'Ana', '2021-01-01 00:00:00', 1, 1)")
            try loader.execute("COMMIT")
            #expect(throws: MariaDBError.self) { try writer.execute("DELETE FROM departments WHERE id = 1") }
            #expect(try count("departments", writer) == 1 && count("hired_employees", writer) == 1)
        }
    }

    @Test func noOrphanOrDuplicateUnderConcurrentParentDeletesAndIdRaces() async throws {
        try await withServer { server in
            try await withTemporaryDirectory { folder in
                // Batch k of the file (100 rows) uses department 100 + k, and so do the API rows of its ids.
                let parents = 100..<140
                try server.connection.execute(
                    "INSERT INTO departments VALUES " + parents.map { "(\($0), 'D\($0)')" }.joined(separator: ", "))
                let rows = parents.count * 100
                let department: @Sendable (Int) -> Int = { id in 100 + (id - 1) / 100 }
                let csv = (1...rows).map { "\($0),P\($0),2021-0\($0 % 9 + 1)-10T00:00:00Z,\(department($0)),1\n" }
                try csv.joined().write(toFile: folder + "/hires.csv", atomically: true, encoding: .utf8)
                let base = ["--database-url", server.databaseURL.connectionString, "--data-dir", folder]
                // The writer deletes the parent of the batch the migration is loading as it starts it.
                let churn = try ParentChurn(url: server.databaseURL) { connection in
                    let line =
                        try connection.query(
                            "SELECT next_line FROM sluice_loads WHERE table_name = 'hired_employees'"
                        ).first?.first?.int ?? 1
                    return [department(Int(line))]
                }
                let migration = Process()
                migration.executableURL = URL(fileURLWithPath: try SluiceBinary.path)
                migration.arguments =
                    ["migrate", "--table", "hired_employees", "--batch-rows", "100", folder + "/hires.csv"] + base
                migration.standardOutput = FileHandle.nullDevice
                FileManager.default.createFile(atPath: folder + "/migrate.log", contents: nil)
                migration.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/migrate.log"))
                try migration.run()
                var apiInserted = 0
                for first in stride(from: 1, to: rows, by: 100) {
                    let batch = (first..<first + 10).map {
                        #"{"id":\#($0),"name":"A\#($0)","datetime":"2021-05-05T00:00:00Z","department_id":\#(department($0)),"job_id":1}"#
                    }
                    let answer = try await server.client.postJSON(
                        IngestAPITests.path, "[\(batch.joined(separator: ","))]")
                    #expect(answer.status == 200)
                    apiInserted += answer.json["inserted"] as? Int ?? 0
                }
                let log = { (try? String(contentsOfFile: folder + "/migrate.log", encoding: .utf8)) ?? "" }
                #expect(exitStatus(of: migration) == 0, "\(log())")
                #expect(churn.stop() > 0, "the concurrent writer never deleted a parent")

                let db = server.connection
                func number(_ sql: String) throws -> Int { Int(try db.query(sql).first?.first?.int ?? -1) }
                #expect(
                    try number(
                        "SELECT COUNT(*) FROM hired_employees h LEFT JOIN departments d ON d.id = h.department_id WHERE d.id IS NULL"
                    ) == 0)
                let loaded = try db.query(
                    "SELECT received, inserted, rejected FROM sluice_loads WHERE table_name = 'hired_employees'")
                let (received, inserted, rejected) = (loaded[0][0].int, loaded[0][1].int ?? 0, loaded[0][2].int ?? 0)
                #expect(received == Int64(rows) && inserted + rejected == Int64(rows))
                #expect(try count("hired_employees", db) == Int(inserted) + apiInserted)
                #expect(
                    try number(
                        #"SELECT COUNT(*) FROM sluice_rejects WHERE reasons NOT LIKE '%"foreign_key"%' AND reasons NOT LIKE '%"unique"%'"#
                    ) == 0)
                // A row the migration refused as taken is in the table (the API batch that took it).
                #expect(
                    try number(
                        #"SELECT COUNT(*) FROM sluice_rejects r WHERE r.load_id IS NOT NULL AND r.reasons LIKE '%"unique"%' AND NOT EXISTS (SELECT 1 FROM hired_employees h WHERE h.id = CAST(SUBSTRING_INDEX(r.raw, ',', 1) AS SIGNED))"#
                    ) == 0)
                try ReportCountsTests.expectVerified(base, "a migration and API batches under concurrent writers")
            }
        }
    }
}

/// A concurrent writer on its own thread and connection that keeps deleting the departments
/// `targets` names (asked again each time), with foreign key checks on as any other
/// client, until stopped.
final class ParentChurn: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var deletions = 0
    private var finished = false

    init(url: DatabaseURL, targets: @escaping @Sendable (Connection) throws -> [Int]) throws {
        let connection = try Connection(url: url)
        try connection.execute("SET SESSION innodb_lock_wait_timeout = 1")
        let moved = UncheckedTransfer(connection)
        Thread.detachNewThread { [self] in
            var deleted = 0
            while !condition.withLock({ stopped }) {
                for parent in (try? targets(moved.value)) ?? [] {
                    // Refused while rows use the parent (1451), or after waiting for a batch's lock (1205).
                    let id = Value.int(Int64(parent))
                    if (try? moved.value.execute("DELETE FROM departments WHERE id = ?", [id])) == 1 { deleted += 1 }
                }
            }
            condition.withLock {
                deletions = deleted
                finished = true
                condition.broadcast()
            }
        }
    }

    /// Stops the writer and returns how many parents it deleted.
    func stop() -> Int {
        condition.withLock {
            stopped = true
            while !finished { condition.wait() }
            return deletions
        }
    }
}
