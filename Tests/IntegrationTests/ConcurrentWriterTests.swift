import Foundation
import Loading
import MariaDB
import Testing
import TestSupport

/// Migration and API batches write their rows with InnoDB's foreign key checks off: the parent keys
/// a batch uses are locked from its check to its commit. Against a writer that keeps deleting and
/// re-creating those parents, and API batches racing a migration for the same ids, no row ever gets
/// in without its parent or twice, every row refused is a reject with its rule, and the hire counts
/// stay exact.
@Suite struct ConcurrentWriterTests {
    @Test func noOrphanOrDuplicateUnderConcurrentParentDeletesAndIdRaces() async throws {
        try await withServer { server in
            try await withTemporaryDirectory { folder in
                let parents = 100..<110
                try server.connection.execute(
                    "INSERT INTO departments VALUES " + parents.map { "(\($0), 'D\($0)')" }.joined(separator: ", "))
                // Batch k of the file (1,000 rows) uses department 100 + k; so do the API rows of its ids.
                let rows = parents.count * 1000
                let department = { (id: Int) in parents.lowerBound + (id - 1) / 1000 }
                let csv = (1...rows).map { "\($0),P\($0),2021-0\($0 % 9 + 1)-10T00:00:00Z,\(department($0)),1\n" }
                try csv.joined().write(toFile: folder + "/hires.csv", atomically: true, encoding: .utf8)
                let base = ["--database-url", server.databaseURL.connectionString, "--data-dir", folder]
                let churn = try ParentChurn(url: server.databaseURL, parents: parents)
                let migration = Process()
                migration.executableURL = URL(fileURLWithPath: try SluiceBinary.path)
                migration.arguments =
                    ["migrate", "--table", "hired_employees", "--batch-rows", "1000", folder + "/hires.csv"] + base
                migration.standardOutput = FileHandle.nullDevice
                migration.standardError = FileHandle.nullDevice
                try migration.run()
                var apiInserted = 0
                for first in stride(from: 1, to: rows, by: 250) {
                    let batch = (first..<first + 25).map {
                        #"{"id":\#($0),"name":"A\#($0)","datetime":"2021-05-05T00:00:00Z","department_id":\#(department($0)),"job_id":1}"#
                    }
                    let answer = try await server.client.postJSON(
                        IngestAPITests.path, "[\(batch.joined(separator: ","))]")
                    #expect(answer.status == 200)
                    apiInserted += answer.json["inserted"] as? Int ?? 0
                }
                #expect(exitStatus(of: migration) == 0)
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

/// A concurrent writer on its own thread and connection that deletes each of `parents` in turn
/// (foreign key checks on, as any other client) and re-creates it at once, until stopped.
final class ParentChurn: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var deletions = 0
    private var finished = false

    init(url: DatabaseURL, parents: Range<Int>) throws {
        let connection = try Connection(url: url)
        try connection.execute("SET SESSION innodb_lock_wait_timeout = 1")
        let moved = UncheckedTransfer(connection)
        Thread.detachNewThread { [self] in
            var deleted = 0
            while !condition.withLock({ stopped }) {
                for parent in parents {
                    // Refused while rows use the parent (1451), or after waiting for a batch's lock (1205).
                    let id = Value.int(Int64(parent))
                    if (try? moved.value.execute("DELETE FROM departments WHERE id = ?", [id])) == 1 { deleted += 1 }
                    // Puts it back at once (or next round, if a batch holds the gap meanwhile).
                    _ = try? moved.value.execute(
                        "INSERT IGNORE INTO departments VALUES (?, ?)", [id, .string("D\(parent)")])
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
