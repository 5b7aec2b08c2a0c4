import DataDictionary
import Foundation
import Loading
import MariaDB
import Migration
import TestSupport

/// What the pipeline suites share: the shipped dictionary and `sql/`, a test database with the
/// schema installed, and generated CSV files big enough to keep every pipeline thread busy.
enum PipelineFixture {
    static let sql = SQLDirectory(path: repositoryRoot + "/sql")
    static let challenge = repositoryRoot + "/Tests/Fixtures/challenge"

    static func dictionary() throws -> DataDictionary { try DataDictionary(contentsOf: sql.dictionaryPath) }

    /// Runs `body` on a fresh database with the schema installed and the challenge's parent tables
    /// (departments, jobs) migrated, in a temporary folder for rejects and backups.
    static func withLoadedParents(_ body: (Connection, DatabaseURL, DataDictionary, String) throws -> Void) throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let dictionary = try dictionary()
                try SchemaInstaller(dictionary: dictionary, sqlDirectory: sql).apply(on: connection)
                let migration = Migration(connection: connection, dictionary: dictionary, options: options(folder))
                for table in ["departments", "jobs"] {
                    _ = try migration.load(table: table, file: "\(challenge)/\(table).csv")
                }
                try body(connection, url, dictionary, folder)
            }
        }
    }

    /// Migration options with small batches (so the reading thread runs ahead many times) and
    /// rejects kept under `folder`.
    static func options(_ folder: String) -> MigrationOptions {
        var options = MigrationOptions()
        options.batchRows = 1_000
        options.rejectDirectory = folder + "/rejects"
        return options
    }

    /// `count` hired_employees lines from id `first`, every `badEvery`-th without its name (a reject).
    static func hiredEmployees(first: Int = 1, count: Int, badEvery: Int) -> [String] {
        (first..<first + count).map { id in
            let name = id % badEvery == 0 ? "" : "Person \(id)"
            let month = 1 + id % 12
            let day = 1 + id % 28
            return "\(id),\(name),2021-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)T08:30:00Z,"
                + "\(1 + id % 12),\(1 + id % 183)"
        }
    }

    /// The number of rows in `table`.
    static func count(_ table: String, _ connection: Connection) throws -> Int {
        Int(try connection.query("SELECT COUNT(*) FROM \(quoteIdentifier(table))").first?.first?.description ?? "")
            ?? -1
    }
}
