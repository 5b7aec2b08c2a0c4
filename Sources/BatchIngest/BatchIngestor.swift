public import DataDictionary
import Errors
import Loading
public import MariaDB

/// Validates and inserts one batch of rows sent to the API (1 to 1,000 rows), with a verdict per row.
///
/// Rows are checked against the dictionary, the rest of the batch and the table; the good ones are
/// inserted in one bulk-bound INSERT, the hire counts they change appended (`HireCounts`) and the
/// rejected ones logged in `sluice_rejects`, in the same transaction, which holds the parent keys
/// the rows use locked from the check on (`ConstraintChecker`), so InnoDB does not check them again.
/// Ids are first left to the primary key; when one is taken (by an earlier row, or a concurrent
/// writer that won the race), the batch is undone and checked again against the table, so such a
/// row ends up rejected, never as an error.
public struct BatchIngestor: Sendable {
    /// How a batch with rejected rows is treated.
    public enum Mode: String, Sendable {
        /// Good rows are inserted, bad rows rejected.
        case partial
        /// Any bad row: nothing is inserted.
        case atomic
    }

    private let dictionary: DataDictionary

    /// Creates an ingestor for the tables of `dictionary`.
    public init(dictionary: DataDictionary) {
        self.dictionary = dictionary
    }

    /// Ingests `rows` into `table` on `connection`. With `dryRun`, validates and writes nothing.
    ///
    /// Otherwise `beforeCommit` runs with the result inside the transaction that writes the rows
    /// (and again if the batch is checked again after a race), so what it writes, such as the
    /// response kept for an idempotent retry, is committed with the rows or not at all; when it
    /// throws, nothing is written. Rejects are logged with `requestID` and `keyID` (the API key
    /// that sent the rows, which may read them back).
    public func ingest(
        _ rows: [IncomingRow], into table: TableDefinition, mode: Mode, dryRun: Bool, requestID: String,
        keyID: String? = nil, on connection: Connection, beforeCommit: (IngestResult) throws -> Void = { _ in }
    ) throws -> IngestResult {
        let validator = RowValidator(table: table)
        let candidates = rows.enumerated().map { index, row in row.candidate(index: index, validator: validator) }
        let checker = ConstraintChecker(table: table, dictionary: dictionary)
        if dryRun {
            var checked = candidates
            try checker.check(&checked, againstTable: true, on: connection)
            return IngestResult(table: table.name, rows: checked, mode: mode)
        }
        let insert =
            checker.writeClause + "INSERT INTO \(table.quotedName) (\(table.quotedColumnList)) VALUES ("
            + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
        // The first attempt leaves taken ids to the primary key (a batch of fresh ids, the usual
        // case, is then not looked up twice); after a conflict, they are looked up before inserting.
        var lookUpTaken = false
        for attempt in 1...4 {
            var checked = candidates
            try connection.execute("BEGIN")
            do {
                try checker.check(&checked, againstTable: lookUpTaken, lockingParents: true, on: connection)
                let insertsNothing = mode == .atomic && !checked.allSatisfy(\.isValid)
                let result = IngestResult(table: table.name, rows: checked, mode: mode)
                var good = BulkColumns(table: table, capacity: insertsNothing ? 0 : checked.count)
                var hires = insertsNothing ? nil : HireCounts(table: table)
                if !insertsNothing {
                    for row in checked where row.isValid {
                        good.append(row: row.values)
                        hires?.add(row.values)
                    }
                }
                if good.rowCount > 0 { try connection.cachedStatement(insert).executeBatch(good) }
                try hires?.write(on: connection)
                try logRejects(checked, rows, table: table, requestID: requestID, keyID: keyID, on: connection)
                try beforeCommit(result)
                try connection.execute("COMMIT")
                return result
            } catch let error as MariaDBError where Self.isRace(error) && attempt < 4 {
                _ = try? connection.execute("ROLLBACK")
                lookUpTaken = true
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
        throw IngestError(code: .databaseRefusedRows, message: "the batch kept conflicting with concurrent writes")
    }

    /// A conflict with a concurrent write, worth checking the batch again for. A lock wait timeout is
    /// not one: the database is held up, and waiting again would only multiply the wait.
    private static func isRace(_ error: MariaDBError) -> Bool {
        [.duplicateEntry, .noReferencedRow, .deadlock].contains(error.code)
    }

    private func logRejects(
        _ checked: [CandidateRow], _ incoming: [IncomingRow], table: TableDefinition, requestID: String,
        keyID: String?, on connection: Connection
    ) throws {
        let rejects = checked.filter { !$0.isValid }.map { row in
            RejectedRow(position: row.position, raw: incoming[row.position].raw(), violations: row.violations)
        }
        guard !rejects.isEmpty else { return }
        try RejectStore(
            origin: .api(requestID: requestID, keyID: keyID), table: table.name, source: "request \(requestID)"
        ).insert(rejects, on: connection)
    }
}

/// One row of an API batch, as received: CSV fields in column order, or a JSON object's fields by
/// name, with any problem found while decoding it (a nested value, a bad type).
public struct IncomingRow: Sendable {
    /// The fields, positional or named.
    public enum Fields: Sendable {
        /// CSV: one text per column, in dictionary order.
        case positional([String])
        /// JSON: column name to text, nil for an explicit null.
        case named([String: String?])
    }

    /// The fields.
    public var fields: Fields
    /// The row as received (the CSV record, or the JSON object re-encoded), for the reject log;
    /// only called for rejected rows, since re-encoding every row would dominate a batch's cost.
    public var raw: @Sendable () -> [UInt8]
    /// Problems found while decoding the row, reported with the validator's.
    public var decodingViolations: [Violation]

    /// Creates a row.
    public init(fields: Fields, raw: @escaping @Sendable () -> [UInt8], decodingViolations: [Violation] = []) {
        self.fields = fields
        self.raw = raw
        self.decodingViolations = decodingViolations
    }

    func candidate(index: Int, validator: RowValidator) -> CandidateRow {
        let verdict: RowVerdict
        switch fields {
        case .positional(let texts): verdict = validator.validate(fields: texts)
        case .named(let named): verdict = validator.validate(named: named)
        }
        guard !decodingViolations.isEmpty else {
            return CandidateRow(position: index, raw: [], values: verdict.values, violations: verdict.violations)
        }
        let decodedColumns = Set(decodingViolations.map(\.column))
        let violations = decodingViolations + verdict.violations.filter { !decodedColumns.contains($0.column) }
        return CandidateRow(position: index, raw: [], values: verdict.values, violations: violations)
    }
}

/// The per-row verdicts of one API batch, in request order.
public struct IngestResult: Sendable, Codable {
    /// One row's verdict.
    public struct Item: Sendable, Codable {
        /// The row's index in the request, from 0.
        public var index: Int
        /// `inserted` or `rejected`.
        public var status: String
        /// Every rule the row broke (empty when inserted).
        public var errors: [Violation]
    }

    /// The table written to.
    public var table: String
    /// Rows in the request.
    public var received: Int
    /// Rows inserted.
    public var inserted: Int
    /// Rows not inserted.
    public var rejected: Int
    /// One verdict per row, in request order.
    public var items: [Item]

    init(table: String, rows: [CandidateRow], mode: BatchIngestor.Mode) {
        // By index, counting as it goes: `map` copied each row (three retains and releases) and
        // counting by `filter` built a second array of the items.
        let heldBack = mode == .atomic && !rows.allSatisfy(\.isValid)
        var items: [Item] = []
        items.reserveCapacity(rows.count)
        var inserted = 0
        for index in rows.indices {
            if rows[index].isValid && !heldBack {
                items.append(Item(index: rows[index].position, status: "inserted", errors: []))
                inserted += 1
                continue
            }
            let errors =
                rows[index].isValid
                ? [
                    Violation(
                        column: nil, rule: .atomicBatch,
                        message: "not inserted: another row of this atomic batch was rejected")
                ]
                : rows[index].violations
            items.append(Item(index: rows[index].position, status: "rejected", errors: errors))
        }
        self.table = table
        self.items = items
        received = rows.count
        self.inserted = inserted
        rejected = received - inserted
    }
}
