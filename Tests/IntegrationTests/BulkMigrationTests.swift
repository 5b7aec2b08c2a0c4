import Foundation
import MariaDB
import Testing
import TestSupport

/// A fresh load into an empty table is one transaction on InnoDB's bulk path (`BulkLoad`): killed,
/// it leaves nothing behind and the next run loads the file whole; a row a concurrent writer slips
/// into the table before the load's first insert makes it give way to batches, which reject that id;
/// either way every row is inserted or rejected once, and the hire counts match the rows.
@Suite struct BulkMigrationTests {
    static let rows = 40_000

    /// Migrates the parents of `InterruptedMigrationTests.writeFiles` and returns the hires' arguments.
    private static func prepare(_ folder: String, _ url: DatabaseURL) throws -> [String] {
        try InterruptedMigrationTests.writeFiles(rows: rows, in: folder)
        let base = ["--database-url", url.connectionString, "--data-dir", folder]
        for table in ["departments", "jobs"] {
            #expect(try SluiceBinary.run(["migrate", "--table", table, "\(folder)/\(table).csv"] + base).status == 0)
        }
        return ["migrate", "--table", "hired_employees", folder + "/hired_employees.csv"] + base
    }

    private static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try SluiceBinary.path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private static func loading(_ connection: Connection) throws -> Bool {
        try connection.query(
            "SELECT 1 FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'LOAD DATA%'"
        ).count > 0
    }

    /// Expects the table to hold `rows` rows and the load to have rejected `rejected` of the file's.
    private static func expectComplete(_ connection: Connection, _ url: DatabaseURL, rows inTable: Int, rejected: Int)
        throws
    {
        #expect(try count("hired_employees", connection) == inTable)
        #expect(try count("sluice_rejects", connection) == rejected)
        let loads = try connection.query(
            "SELECT status, received, inserted, rejected FROM sluice_loads WHERE table_name = 'hired_employees'")
        #expect(loads.first?.map(\.description) == ["completed", "\(rows)", "\(rows - rejected)", "\(rejected)"])
        let verify = try SluiceBinary.run(["report", "verify", "--database-url", url.connectionString])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aKilledBulkLoadLeavesNothingAndTheNextRunLoadsItWhole() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let migrate = try Self.prepare(folder, url)
                let process = try Self.start(migrate)
                let started = waitUntil(30) { (try? Self.loading(connection)) ?? false }
                kill(process.processIdentifier, SIGKILL)
                _ = exitStatus(of: process)
                #expect(started, "the load never reached its LOAD DATA")
                #expect(waitUntil(30) { (try? Self.loading(connection)) == false }, "the killed load is still there")
                #expect(try count("hired_employees", connection) == 0)
                #expect(
                    try connection.query("SELECT next_offset FROM sluice_loads WHERE table_name = 'hired_employees'")
                        .first?.first == .int(0))

                let rerun = try SluiceBinary.run(migrate)
                #expect(rerun.status == 0, "\(rerun.stderr)")
                try Self.expectComplete(
                    connection, url, rows: Self.rows - Self.rows / 1000, rejected: Self.rows / 1000)
            }
        }
    }

    @Test func aRowWrittenBeforeTheFirstInsertMakesTheLoadGiveWayToBatches() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let migrate = try Self.prepare(folder, url)
                // Uncommitted, the row is invisible to the load's check that the table is empty; its id
                // makes the load's own row 5 wait for it, then fail as a duplicate once it commits.
                let writer = try Connection(url: url)
                try writer.execute("BEGIN")
                try writer.execute("INSERT INTO hired_employees VALUES (5, 'Held', '2021-01-01 00:00:00', 1, 1)")
                try writer.execute(  // the row's hire count, as Sluice's own writers keep it
                    "INSERT INTO sluice_hire_count_deltas (year, department_id, job_id, quarter, hires) VALUES (2021, 1, 1, 1, 1)"
                )
                let process = try Self.start(migrate)
                // (INNODB_TRX may not list the waiting load; the monitor's lock list does.)
                let database = try connection.query("SELECT DATABASE()").first?.first?.description ?? ""
                let waiting = waitUntil(30) {
                    let status = try? connection.query("SHOW ENGINE INNODB STATUS").first?[2].description
                    return status?.contains("of table `\(database)`.`hired_employees` trx id") == true
                        && status?.contains("waiting") == true
                }
                try writer.execute("COMMIT")
                #expect(exitStatus(of: process) == 0)
                #expect(waiting, "the load never waited for the held row")
                // The file's row 5 is rejected as taken; the writer's row 5 stays.
                let rejected = Self.rows / 1000 + 1
                try Self.expectComplete(connection, url, rows: Self.rows - rejected + 1, rejected: rejected)
                let held = try connection.query("SELECT name FROM hired_employees WHERE id = 5")
                #expect(held.first?.first?.description == "Held")
            }
        }
    }
}
