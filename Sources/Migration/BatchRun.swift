import CSV
import DataDictionary
import Errors
import Loading
import MariaDB

/// One run of a load: reads the file from the checkpoint on, and validates, checks and commits it
/// batch by batch.
final class BatchRun {
    private let table: TableDefinition
    private let connection: Connection
    private let options: MigrationOptions
    private let batches: Prefetcher<Batch>
    private let checker: ConstraintChecker
    private let rejectFile: RejectFileWriter
    private let rejectStore: RejectStore
    private let totalBytes: Int64
    private let progress: (any MigrationProgress)?
    private let loadSQL: String
    /// Whether unique values are looked up in the table before loading (after a batch met a conflict).
    private var checkTableFirst = false
    /// Blank lines counted by the runs before this one resumed.
    private let earlierBlankLines: Int
    private(set) var record: LoadRecord
    /// Why the database last refused a batch, for the error when it keeps doing so.
    private var lastRefusal = ""

    init(_ setup: LoadSetup) throws {
        table = setup.table
        connection = setup.connection
        options = setup.options
        record = setup.record
        earlierBlankLines = record.counts.blankLines
        totalBytes = setup.totalBytes
        progress = setup.progress
        let batchReader = try setup.batchReader()
        batches = Prefetcher(depth: 2) { try batchReader.next() }
        checker = ConstraintChecker(table: table, dictionary: setup.dictionary)
        rejectFile = try RejectFileWriter(path: setup.rejectPath, truncatingTo: record.rejectFileBytes)
        rejectStore = setup.rejectStore
        loadSQL = checker.writeClause + table.loadDataSQL
    }

    /// Loads every remaining batch; returns `.rolledBack` when the reject limit was passed.
    func execute() throws -> TableLoadSummary.Outcome {
        defer { batches.cancel() }
        let oneTransaction = options.maxRejects != nil
        if oneTransaction { try connection.execute("BEGIN") }
        do {
            while let batch = try batches.next() {
                try commit(batch, inOneTransaction: oneTransaction)
                if let limit = options.maxRejects, case .count = limit,
                    limit.isExceeded(rejected: record.counts.rejected, received: record.counts.received)
                {
                    return try rollBack()
                }
            }
            if let limit = options.maxRejects,
                limit.isExceeded(rejected: record.counts.rejected, received: record.counts.received)
            {
                return try rollBack()
            }
            if oneTransaction { try connection.execute("COMMIT") }
            try record.finish(.completed, on: connection)
            return .loaded
        } catch {
            _ = try? connection.execute("ROLLBACK")
            try? record.finish(.failed, on: connection)
            throw error
        }
    }

    /// Checks, loads and commits one batch, with the parent keys it uses locked from the check to
    /// the commit (so InnoDB need not check them again). When the database refuses a row the checks
    /// let through (a concurrent writer took its id), the batch is undone and checked again against
    /// the table itself.
    private func commit(_ batch: Batch, inOneTransaction: Bool) throws {
        for attempt in 1...3 {
            var rows = batch.rows
            try connection.execute(inOneTransaction ? "SAVEPOINT batch" : "BEGIN")
            try checker.check(&rows, againstTable: checkTableFirst, lockingParents: true, on: connection)
            let load = batch.load(after: rows)
            if try loadValidRows(load.encoded) {
                var hires = load.hires
                try hires?.write(on: connection)
                let rejects = rows.filter { !$0.isValid }.map(\.rejected)
                try rejectStore.insert(rejects, on: connection)
                try rejectFile.append(rejects)
                var counts = record.counts
                counts.received += rows.count
                counts.rejected += rejects.count
                counts.inserted += rows.count - rejects.count
                counts.blankLines = earlierBlankLines + batch.blankLines
                try record.advance(
                    to: batch.endOffset, line: batch.endLine, counts: counts, rejectFileBytes: rejectFile.size,
                    on: connection)
                try connection.execute(inOneTransaction ? "RELEASE SAVEPOINT batch" : "COMMIT")
                checker.commit(rows)
                progress?.advanced(
                    table: table.name, bytesDone: batch.endOffset, bytesTotal: totalBytes, counts: counts)
                return
            }
            try connection.execute(inOneTransaction ? "ROLLBACK TO SAVEPOINT batch" : "ROLLBACK")
            checkTableFirst = true
            if attempt == 3 { break }
        }
        throw IngestError(
            code: .databaseRefusedRows,
            message:
                "the database kept refusing rows of \(table.name) that passed validation near line \(batch.rows.first?.position ?? 0): \(lastRefusal)"
        )
    }

    /// Sends the valid rows, as `encoder` holds them; false when the database skipped or refused any of them.
    private func loadValidRows(_ encoder: LoadDataEncoder) throws -> Bool {
        guard encoder.rowCount > 0 else { return true }
        do {
            let loaded = try connection.loadLocalInfile(loadSQL, from: BufferInfileSource(encoder.bytes))
            if loaded == UInt64(encoder.rowCount) && connection.warningCount == 0 { return true }
            lastRefusal =
                (try? connection.warnings().first?.message)
                ?? "\(encoder.rowCount - Int(clamping: loaded)) rows skipped"
            return false
        } catch let error as MariaDBError where [.noReferencedRow, .duplicateEntry].contains(error.code) {
            lastRefusal = error.message
            return false
        }
    }

    private func rollBack() throws -> TableLoadSummary.Outcome {
        try connection.execute("ROLLBACK")
        try record.finish(.rolledBack, on: connection)
        return .rolledBack
    }
}

/// Hands one in-memory buffer to `LOAD DATA LOCAL INFILE`.
final class BufferInfileSource: LocalInfileSource {
    private var bytes: [UInt8]?

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func nextChunk() throws -> [UInt8]? {
        defer { bytes = nil }
        return bytes
    }
}
