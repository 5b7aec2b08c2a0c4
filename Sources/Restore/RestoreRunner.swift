import Avro
public import DataDictionary
import Errors
import Foundation
public import Loading
public import MariaDB

/// Restores one table from a backup, all or nothing. The file's records are read with their fields
/// matched to columns by name, whoever wrote the file (``RestoreRecords``), validated against the dictionary
/// and streamed by one `LOAD DATA` into a scratch table built from the dictionary's DDL. Then the
/// row count and content checksum are compared with the manifest and foreign keys checked both ways;
/// only then is the scratch table swapped in, by one atomic `RENAME TABLE` (or, for a table other
/// tables reference, by replacing its rows in one transaction). The hire counts of a restored
/// `hired_employees` are tallied from the rows as they are read and swapped in by the same statement
/// (or, replacing rows, recounted in the same transaction). Any failure, or a kill at any moment,
/// leaves the live table exactly as it was.
public struct RestoreRunner {
    /// What a restore did.
    public struct Outcome: Sendable, Codable {
        /// The table restored.
        public var table: String
        /// The Avro file read.
        public var source: String
        /// Records read from the file.
        public var received: Int
        /// Rows in the table after the restore (or that would be, in a dry run).
        public var restored: Int
        /// Rows rejected (only ever more than 0 under a reject limit).
        public var rejected: Int
        /// Whether the live table was left alone on purpose.
        public var dryRun: Bool
        /// How the table was replaced: `rename`, `replace_rows`, or `none` in a dry run.
        public var swap: String
    }

    /// The dictionary the restored rows must satisfy.
    public let dictionary: DataDictionary
    private let sqlDirectory: SQLDirectory

    /// Creates a runner; `sqlDirectory` holds the hire counts' SQL.
    public init(dictionary: DataDictionary, sqlDirectory: SQLDirectory) {
        self.dictionary = dictionary
        self.sqlDirectory = sqlDirectory
    }

    /// Restores `tableName` from `source`: a backup folder (with `manifest.json`) or one Avro file.
    /// With `dryRun`, checks everything and changes nothing; with `maxRejects`, rows that break the
    /// dictionary are left out (and logged in `sluice_rejects`) unless there are more than that.
    @discardableResult
    public func restore(
        table tableName: String, from source: String, dryRun: Bool, maxRejects: RejectLimit? = nil,
        on connection: Connection
    ) throws -> Outcome {
        let table = try dictionary.requireTable(tableName)
        let (file, expected) = try RestoreSource.locate(table: table, source: source)
        try RestoreLock.acquire(table, on: connection)
        defer { RestoreLock.release(table, on: connection) }
        let names = ScratchNames(table)
        try connection.execute("DROP TABLE IF EXISTS \(names.scratch), \(names.old)")  // a killed restore's leftovers
        defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(names.scratch)") }
        var scratchTable = table
        scratchTable.name = names.scratchName
        try connection.execute(scratchTable.createTableSQL(secondaryKeys: false))

        let tally = try load(
            file: file, table: table, into: names.scratch, parents: try ParentKeys(table: table, on: connection),
            checksum: expected != nil, on: connection)
        try RestoreChecks.allow(
            tally.rejected, of: tally.received, limit: maxRejects, code: .rowsRejected,
            examples: tally.rejects.prefix(5).map {
                "row \($0.position): " + $0.violations.map(\.description).joined(separator: "; ")
            })
        if let expected, tally.rejected == 0 {
            try RestoreChecks.matchManifest(expected, rows: tally.received, contentSHA256: tally.contentSHA256)
        }
        try RestoreChecks.referencesToItself(table, scratch: names.scratch, on: connection)
        try RestoreChecks.keepChildren(table, in: dictionary, scratch: names.scratch, on: connection)
        var outcome = Outcome(
            table: table.name, source: file, received: tally.received, restored: tally.sent, rejected: tally.rejected,
            dryRun: dryRun,
            swap: "none")
        guard !dryRun else { return outcome }
        outcome.swap = try swap(table, names, counted: tally.counts, on: connection)
        if !tally.rejects.isEmpty {
            try RejectStore(origin: .restore, table: table.name, source: file).insert(tally.rejects, on: connection)
        }
        return outcome
    }

    /// Streams the file into the scratch table in one statement; returns what the reader counted.
    private func load(
        file: String, table: TableDefinition, into scratch: String, parents: ParentKeys, checksum: Bool,
        on connection: Connection
    ) throws -> RestoreRowSource.Tally {
        let writer = try RestoreSource.open(file, readerSchema: nil).writerSchema
        let plan = try RestoreReadPlan(table: table, writer: writer)
        let records = try RestoreRecords.open(file, plan: plan, table: table, writer: writer)
        let rows = RestoreRowSource(records: records, plan: plan, table: table, parents: parents, checksum: checksum)
        // An empty table with only its primary key, one transaction, no per-row key checks: InnoDB's
        // bulk load path. Unique columns and foreign keys were checked while reading; the secondary
        // keys are built after, each by one sort (about a third less time than maintaining them row by row).
        try connection.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0")
        defer { _ = try? connection.execute("SET SESSION foreign_key_checks = 1, unique_checks = 1") }
        try connection.execute("BEGIN")
        do {
            let loaded = try connection.loadLocalInfile(
                "LOAD DATA LOCAL INFILE 'sluice-restore' INTO TABLE \(scratch) \(LoadDataEncoder.formatClause) (\(table.quotedColumnList))",
                from: rows)
            guard loaded == UInt64(rows.tally.sent), connection.warningCount == 0 else {
                let warning =
                    (try? connection.warnings().first?.message) ?? "\(rows.tally.sent - Int(loaded)) rows skipped"
                throw RestoreError(.rowsRefused, "the database refused rows that passed validation: \(warning)")
            }
            try connection.execute("COMMIT")
            if let addKeys = table.addSecondaryKeysSQL(to: scratch) { try connection.execute(addKeys) }
        } catch let error as AvroError {
            _ = try? connection.execute("ROLLBACK")
            throw RestoreError(error)
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
        return rows.tally
    }

    /// Puts the scratch table's rows in place of the live table's, with the hire counts `counted` while
    /// reading them (for the counted table); returns how.
    private func swap(
        _ table: TableDefinition, _ names: ScratchNames, counted: HireCounts?, on connection: Connection
    ) throws -> String {
        let referenced = dictionary.tables.contains { other in
            other.columns.contains { $0.references?.table == table.name }
        }
        let counts = counted == nil ? nil : try HireCountTables(sqlDirectory: sqlDirectory)
        guard referenced else {
            // Foreign keys named `<table>_ibfk_<n>` follow the renames, so the new table carries the
            // same constraints under the same names as the one it replaces.
            let exists =
                try connection.query(
                    "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                    [.string(table.name)]
                ).first?.first != .int(0)
            defer { counts?.dropScratchTables(on: connection) }
            var (countRenames, countsSetAside): ([String], [String]) = ([], [])
            if let counts, let counted {
                (countRenames, countsSetAside) = try counts.scratchTables(counting: counted, on: connection)
            }
            let renames =
                (exists ? ["\(table.quotedName) TO \(names.old)"] : []) + ["\(names.scratch) TO \(table.quotedName)"]
                + countRenames
            try connection.execute("RENAME TABLE " + renames.joined(separator: ", "))
            try connection.execute("DROP TABLE IF EXISTS " + ([names.old] + countsSetAside).joined(separator: ", "))
            return "rename"
        }
        // Renaming a parent table would re-point its children's foreign keys at the renamed copy:
        // replace its rows instead, in one transaction (its children were checked above).
        try connection.execute("SET SESSION foreign_key_checks = 0")
        defer { _ = try? connection.execute("SET SESSION foreign_key_checks = 1") }
        try connection.execute("BEGIN")
        do {
            try connection.execute("DELETE FROM \(table.quotedName)")
            try connection.execute(
                "INSERT INTO \(table.quotedName) (\(table.quotedColumnList)) SELECT \(table.quotedColumnList) FROM \(names.scratch)"
            )
            try counts?.recount(on: connection)
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
        return "replace_rows"
    }
}

/// The scratch and set-aside names of a table being restored, quoted.
struct ScratchNames {
    let scratchName: String
    let scratch: String
    let old: String

    init(_ table: TableDefinition) {
        scratchName = table.name + "__restore"
        scratch = quoteIdentifier(scratchName)
        old = quoteIdentifier("\(table.name)__old")
    }
}
