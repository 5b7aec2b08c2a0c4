public import DataDictionary
import Errors
import Foundation
import Loading
public import MariaDB

/// Reads and corrects the rows of any dictionary table, with no per-table code: names come from the
/// dictionary, values travel as binds, and a change passes the same rules as ingest.
public struct RowStore: Sendable {
    /// One page of rows and the `after` value of the next page (nil on the last page).
    public struct Page: Sendable {
        /// The rows, in the query's order.
        public var rows: [StoredRow]
        /// The primary key of the last row, when more rows follow.
        public var nextAfter: String?
    }

    /// What a change came to.
    public enum WriteOutcome: Sendable {
        /// The row as stored now.
        case written(StoredRow)
        /// The rules the changed row broke; nothing was written.
        case invalid([Violation])
    }

    /// Rows of another table that point to a row, which keep it from being deleted.
    public struct Reference: Sendable, Equatable {
        /// The referencing table.
        public var table: String
        /// Its column that holds the reference.
        public var column: String
        /// How many of its rows point to the row.
        public var count: Int
    }

    /// What a delete came to.
    public enum DeleteOutcome: Sendable {
        /// The row is gone.
        case deleted
        /// Other rows still point to it; nothing was deleted.
        case referenced([Reference])
    }

    let table: TableDefinition
    let dictionary: DataDictionary
    let sql: RowSQL

    /// A store for `table` of `dictionary`.
    public init(table: TableDefinition, dictionary: DataDictionary) {
        self.table = table
        self.dictionary = dictionary
        self.sql = RowSQL(table: table)
    }

    /// One page of rows.
    public func list(_ query: RowQuery, on connection: Connection) throws -> Page {
        let (text, binds) = query.sql
        var rows = try connection.query(text, binds).map { StoredRow(table: table, texts: $0.map(\.text)) }
        let more = rows.count > query.limit
        if more { rows.removeLast() }
        return Page(rows: rows, nextAfter: more ? rows.last?.id : nil)
    }

    /// The row whose primary key is `id`; `row_not_found` when there is none.
    public func row(_ id: String, on connection: Connection) throws -> StoredRow {
        try read(id, forUpdate: false, on: connection)
    }

    func read(_ id: String, forUpdate: Bool, on connection: Connection) throws -> StoredRow {
        guard case .success(let key) = table.primaryKey.value(of: id),
            let texts = try connection.query(sql.selectOne(forUpdate: forUpdate), [key.bindValue]).first
        else { throw RowsError(.rowNotFound, "\(table.name) has no row with \(table.primaryKey.name) \(id)") }
        return StoredRow(table: table, texts: texts.map(\.text))
    }

    /// Runs `body` in a transaction with the row `id` locked, after checking `ifMatch` (an ETag, or
    /// `*`) against it: `precondition_failed` when the row changed since. A transaction rolled back
    /// by a deadlock, or on Galera by a certification conflict with another node's write, runs again
    /// from the start: the row is read afresh and `ifMatch` checked against it again.
    func withLockedRow<T>(
        _ id: String, ifMatch: String?, on connection: Connection, _ body: (StoredRow) throws -> T
    ) throws -> T {
        try ConflictRetry().run {
            try connection.execute("BEGIN")
            do {
                let current = try read(id, forUpdate: true, on: connection)
                if let ifMatch, ifMatch != "*",
                    !ifMatch.split(separator: ",").contains(where: { Self.tag($0) == Self.tag(current.etag) })
                {
                    throw RowsError(
                        .preconditionFailed, "the row changed since it was read; read it again (ETag \(current.etag))")
                }
                let result = try body(current)
                try connection.execute("COMMIT")
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// An entity tag without spaces and the weak prefix, for comparison.
    private static func tag(_ text: some StringProtocol) -> String {
        let tag = text.trimmingCharacters(in: .whitespaces)
        return tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
    }
}
