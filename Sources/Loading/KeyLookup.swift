import DataDictionary
import MariaDB

/// Asks the database which of a set of key values exist in a table's column, in bounded batches of
/// bound parameters (`SELECT col FROM t WHERE col IN (?, ...)`); table and column come from the dictionary.
/// A `locking` lookup reads `LOCK IN SHARE MODE`: the rows found stay as they are until the caller's
/// transaction ends.
struct KeyLookup {
    static let batchSize = 5_000

    let table: String
    let column: ColumnDefinition

    func existing(_ all: [CellValue], locking: Bool = false, on connection: Connection) throws -> KeySet {
        var found = KeySet()
        var start = 0
        while start < all.count {
            let batch = all[start..<min(start + Self.batchSize, all.count)]
            let placeholders = Array(repeating: "?", count: batch.count).joined(separator: ",")
            let column = quoteIdentifier(self.column.name)
            let sql =
                "SELECT \(column) FROM \(quoteIdentifier(table)) WHERE \(column) IN (\(placeholders))"
                + (locking ? " LOCK IN SHARE MODE" : "")
            let statement = try connection.cachedStatement(sql)
            try statement.execute(batch.map(\.bindValue))
            try statement.forEachRow { row in found.insert(CellValue(key: row[0], type: self.column.type)) }
            start += Self.batchSize
        }
        return found
    }

    /// Every value of the column (`LOCK IN SHARE MODE` when `locking`), streamed into a ``KeySet``.
    func all(locking: Bool, on connection: Connection) throws -> KeySet {
        var keys = KeySet()
        let column = quoteIdentifier(self.column.name)
        let sql = "SELECT \(column) FROM \(quoteIdentifier(table))" + (locking ? " LOCK IN SHARE MODE" : "")
        try connection.forEachRow(sql) { row in
            if row[0] != .null { keys.insert(CellValue(key: row[0], type: self.column.type)) }
        }
        return keys
    }
}
