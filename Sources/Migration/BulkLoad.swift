import DataDictionary
import Errors
import Loading
import MariaDB

/// A load into an empty table as one transaction and one streamed `LOAD DATA`, on InnoDB's bulk path:
/// with `foreign_key_checks` and `unique_checks` off, InnoDB locks the empty table, skips the undo log
/// and builds each index by one sort at the end, on several threads, instead of inserting row by row.
///
/// Every rule is still checked, in Swift, before a row is sent: the dictionary's (``BatchReader``),
/// the foreign keys against every parent key, read and locked `LOCK IN SHARE MODE` for the whole
/// load (``ConstraintChecker/lockAllParents(on:)``), and the primary key within the file (the table
/// was empty and no other writer gets in until the commit). Rejects go to the reject file as they
/// are found and to `sluice_rejects`, the hire counts and the checkpoint in `sluice_loads` at the end,
/// all in the same transaction. A kill undoes the whole load, and the next run starts it again.
///
/// It applies only where that changes nothing a user can see (``applies(to:options:record:on:)``).
/// When the database still refuses a row, or the rejects grow past ``keptRejects``, the load is
/// rolled back and ``Abandoned`` thrown: the caller loads the file batch by batch instead.
final class BulkLoad {
    /// Why a bulk load gave way to batches; it was rolled back whole.
    struct Abandoned: Error {
        let reason: String
    }

    /// The most rejected rows a bulk load holds for `sluice_rejects` until its commit.
    static let keptRejects = 50_000

    private let table: TableDefinition
    private let connection: Connection
    private let checker: ConstraintChecker
    private let rows: BulkRowSource
    private let rejectStore: RejectStore
    private let progress: (any MigrationProgress)?
    private let totalBytes: Int64
    private(set) var record: LoadRecord

    /// Whether `setup`'s table may be loaded in bulk: a fresh load (not a resumed one, no reject limit,
    /// no batch size asked for) into an empty table whose only unique key is its primary key and whose
    /// foreign keys all point at other tables of the dictionary, on a server that is not a Galera node.
    static func applies(to setup: LoadSetup) throws -> Bool {
        let (table, options) = (setup.table, setup.options)
        guard options.bulkIntoEmptyTable, options.maxRejects == nil, setup.record.nextOffset == 0,
            table.columns.allSatisfy({ $0.primaryKey || !$0.isUnique }),
            table.columns.allSatisfy({ $0.references?.table != table.name }),
            ConstraintChecker(table: table, dictionary: setup.dictionary).checksEveryReference
        else { return false }
        let state = try setup.connection.query("SELECT @@wsrep_on, EXISTS (SELECT 1 FROM \(table.quotedName))").first
        return state?[0] == .int(0) && state?[1] == .int(0)
    }

    init(_ setup: LoadSetup) throws {
        table = setup.table
        connection = setup.connection
        record = setup.record
        totalBytes = setup.totalBytes
        progress = setup.progress
        checker = ConstraintChecker(table: table, dictionary: setup.dictionary)
        rows = BulkRowSource(
            reader: try setup.batchReader(), checker: checker,
            rejectFile: try RejectFileWriter(path: setup.rejectPath, truncatingTo: 0))
        rejectStore = setup.rejectStore
    }

    /// Loads the whole file and commits; throws ``Abandoned`` (after rolling back) when batches must do it.
    func execute() throws -> TableLoadSummary.Outcome {
        try connection.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0")
        defer { _ = try? connection.execute("SET SESSION foreign_key_checks = 1, unique_checks = 1") }
        try connection.execute("BEGIN")
        do {
            try checker.lockAllParents(on: connection)
            rows.start { [progress, table, totalBytes] offset, counts in
                progress?.advanced(table: table.name, bytesDone: offset, bytesTotal: totalBytes, counts: counts)
            }
            let loaded = try connection.loadLocalInfile(table.loadDataSQL, from: rows)
            let tally = rows.tally
            guard loaded == UInt64(tally.counts.inserted), connection.warningCount == 0 else {
                throw Abandoned(
                    reason: (try? connection.warnings().first?.message)
                        ?? "\(tally.counts.inserted - Int(clamping: loaded)) rows skipped")
            }
            try rejectStore.insert(tally.rejects, on: connection)
            var hires = tally.hires
            try hires?.write(on: connection)
            if tally.counts.received > 0 {  // a file of no record has nothing to check point
                try record.advance(
                    to: tally.endOffset, line: tally.endLine, counts: tally.counts,
                    rejectFileBytes: rows.rejectFileBytes, on: connection)
            }
            try connection.execute("COMMIT")
        } catch let error as MariaDBError where [.noReferencedRow, .duplicateEntry].contains(error.code) {
            _ = try? connection.execute("ROLLBACK")
            throw Abandoned(reason: error.message)
        } catch {
            _ = try? connection.execute("ROLLBACK")
            if !(error is Abandoned) { try? record.finish(.failed, on: connection) }
            throw error
        }
        try record.finish(.completed, on: connection)
        return .loaded
    }
}

extension TableDefinition {
    /// The `LOAD DATA LOCAL INFILE` of rows encoded by ``LoadDataEncoder`` into this table.
    var loadDataSQL: String {
        "LOAD DATA LOCAL INFILE 'sluice-rows' INTO TABLE \(quotedName) \(LoadDataEncoder.formatClause) (\(quotedColumnList))"
    }
}
