import CSV
public import DataDictionary
import Foundation
import Loading
public import Logging
public import MariaDB

/// Loads CSV files into dictionary tables: streamed, validated, inserted in large batches through
/// `LOAD DATA LOCAL INFILE` fed from memory, with every rejected row logged with its reasons.
///
/// Each batch commits together with its rejects and the load's checkpoint in `sluice_loads`, so a
/// killed load resumes after its last committed batch, and a file already loaded is skipped. With
/// `maxRejects` the load is instead one transaction, rolled back whole when the limit is passed.
public final class Migration {
    private let connection: Connection
    private let dictionary: DataDictionary
    private let options: MigrationOptions
    private let progress: (any MigrationProgress)?
    private let logger: Logger

    /// Creates a migration that works on `connection` (which must stay with this object).
    public init(
        connection: Connection, dictionary: DataDictionary, options: MigrationOptions,
        progress: (any MigrationProgress)? = nil, logger: Logger = Logger(label: "sluice.migrate")
    ) {
        self.connection = connection
        self.dictionary = dictionary
        self.options = options
        self.progress = progress
        self.logger = logger
    }

    /// Loads `file` into `tableName` and says what happened.
    public func load(table tableName: String, file: String) throws -> TableLoadSummary {
        try load(table: tableName, file: file, inBulk: options.bulkIntoEmptyTable)
    }

    /// Loads `file`, in bulk when `inBulk` and ``BulkLoad`` applies, else batch by batch.
    private func load(table tableName: String, file: String, inBulk: Bool) throws -> TableLoadSummary {
        let table = try dictionary.requireTable(tableName)
        let started = ContinuousClock.now
        let digest = try FileDigest.sha256(path: file)
        var record = try LoadRecord.claim(
            table: table.name, source: file, sha256: digest.hex, bytes: digest.bytes, on: connection)
        if record.status == .completed {
            let summary = TableLoadSummary(
                table: table.name, source: file, sha256: digest.hex, outcome: .alreadyLoaded,
                received: record.counts.received, inserted: 0, rejected: 0, skipped: record.counts.received,
                blankLines: record.counts.blankLines, rejectFile: record.counts.rejected > 0 ? record.rejectFile : nil,
                loadID: record.id, resumed: false,
                seconds: Self.seconds(since: started))
            progress?.finished(summary)
            return summary
        }
        let rejectPath =
            options.rejectFile ?? record.rejectFile
            ?? "\(options.rejectDirectory)/\(table.name)-load\(record.id).rejects.csv"
        let resumed = record.status != .rolledBack && record.nextOffset > 0
        if resumed {
            logger.info(
                "resuming an interrupted load",
                metadata: ["table": "\(table.name)", "load.id": "\(record.id)", "load.line": "\(record.nextLine)"])
        } else {
            try record.reset(rejectFile: rejectPath, on: connection)
        }
        progress?.began(table: table.name, source: file, bytesDone: record.nextOffset, bytesTotal: digest.bytes)
        let outcome: TableLoadSummary.Outcome
        let counts: LoadCounts
        let setup = LoadSetup(
            table: table, dictionary: dictionary, connection: connection, options: options, record: record, file: file,
            rejectPath: rejectPath, totalBytes: digest.bytes, progress: progress)
        if inBulk, try BulkLoad.applies(to: setup) {
            do {
                let bulk = try BulkLoad(setup)
                outcome = try bulk.execute()
                counts = bulk.record.counts
            } catch let abandoned as BulkLoad.Abandoned {
                logger.info(
                    "loading batch by batch instead of in bulk",
                    metadata: ["table": "\(table.name)", "reason": "\(abandoned.reason)"])
                return try load(table: tableName, file: file, inBulk: false)
            }
        } else {
            let run = try BatchRun(setup)
            outcome = try run.execute()
            counts = run.record.counts
        }
        let summary = TableLoadSummary(
            table: table.name, source: file, sha256: digest.hex, outcome: outcome, received: counts.received,
            inserted: outcome == .rolledBack ? 0 : counts.inserted, rejected: counts.rejected,
            skipped: outcome == .rolledBack ? counts.received - counts.rejected : 0, blankLines: counts.blankLines,
            rejectFile: counts.rejected > 0 ? rejectPath : nil, loadID: record.id, resumed: resumed,
            seconds: Self.seconds(since: started))
        progress?.finished(summary)
        return summary
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
