import DataDictionary
import Loading
import MariaDB

/// What one run of a table's load works with: the table and its file, where the load stands, and
/// where its rejects and progress go. ``BulkLoad`` and ``BatchRun`` both start from it.
struct LoadSetup {
    /// The table loaded.
    let table: TableDefinition
    /// The dictionary its foreign keys point into.
    let dictionary: DataDictionary
    /// The connection the load runs on (its own).
    let connection: Connection
    /// How the file is read, and what the load tolerates.
    let options: MigrationOptions
    /// Where the load stands in `sluice_loads`.
    let record: LoadRecord
    /// The CSV file.
    let file: String
    /// Where rejected rows are written as CSV.
    let rejectPath: String
    /// The file's size, for progress.
    let totalBytes: Int64
    /// Told how the load goes, if anyone listens.
    let progress: (any MigrationProgress)?

    /// The reader of the file from where the load stands.
    func batchReader() throws -> BatchReader {
        try BatchReader(table: table, file: file, options: options, record: record)
    }

    /// Where the load's rejected rows are logged in the database.
    var rejectStore: RejectStore {
        RejectStore(origin: .migration(loadID: record.id), table: table.name, source: file)
    }
}
