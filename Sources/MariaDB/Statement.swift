internal import CMariaDB

/// A prepared statement, owning its `MYSQL_STMT` handle (closed in `deinit`). Values are always
/// bound, never spliced into the SQL text.
public final class Statement {
    /// The connection, kept alive while the statement is; nil for one the connection's own cache
    /// holds (`Connection.cachedStatement`), which the connection closes before itself.
    private let connection: Connection?
    private let handle: UnsafeMutablePointer<MYSQL_STMT>
    /// The statement's text, for error messages.
    public let sql: String

    init(connection: Connection, sql: String, retainingConnection: Bool = true) throws {
        guard let handle = mysql_stmt_init(connection.mysql) else { throw Call.error(connection.mysql, sql: sql) }
        let status = mysql_stmt_prepare(handle, sql, UInt(sql.utf8.count))
        guard status == 0 else {
            let error = Call.error(handle, sql: sql)
            mysql_stmt_close(handle)
            throw error
        }
        self.connection = retainingConnection ? connection : nil
        self.handle = handle
        self.sql = sql
    }

    deinit {
        mysql_stmt_close(handle)
    }

    /// The number of `?` placeholders.
    public var parameterCount: Int { Int(mysql_stmt_param_count(handle)) }

    /// The names of the result's columns, in order (none for a statement that returns no rows): for
    /// results whose columns are known by name only, such as `SHOW REPLICA STATUS`.
    public var columnNames: [String] {
        guard let metadata = mysql_stmt_result_metadata(handle) else { return [] }
        defer { mysql_free_result(metadata) }
        guard let fields = mysql_fetch_fields(metadata) else { return [] }
        return (0..<Int(mysql_num_fields(metadata))).map { String(cString: fields[$0].name) }
    }

    /// Executes once with `binds` (one per placeholder); returns the rows changed. Rows of a result,
    /// if any, are then read with `forEachRow`.
    @discardableResult
    public func execute(_ binds: [Value]) throws -> UInt64 {
        guard binds.count == parameterCount else {
            throw MariaDBError(
                .parameterCountMismatch, "the statement takes \(parameterCount) values, \(binds.count) were given",
                sql: sql)
        }
        let parameters = ParameterBuffers(binds)
        if !binds.isEmpty {
            guard mysql_stmt_bind_param(handle, parameters.binds) == 0 else { throw Call.error(handle, sql: sql) }
        }
        try Call.check(mysql_stmt_execute(handle), handle, sql: sql)
        return mysql_stmt_affected_rows(handle)
    }

    /// Executes once for many rows with bulk array binding (`STMT_ATTR_ARRAY_SIZE`): one round trip
    /// for the whole batch. Every row has one value per placeholder; a column's values share a type
    /// (integers stay integers only if the whole column is integers or null; otherwise text).
    /// Returns the rows changed. An error (a foreign key, a duplicate) fails the whole batch.
    @discardableResult
    public func executeBatch(_ rows: [[Value]]) throws -> UInt64 {
        guard !rows.isEmpty else { return 0 }
        let count = parameterCount
        guard rows.allSatisfy({ $0.count == count }) else {
            throw MariaDBError(.parameterCountMismatch, "every row must have \(count) values", sql: sql)
        }
        return try executeBatch(BulkColumns(rows: rows, columnCount: count))
    }

    /// Executes once for the rows of `columns` (one column per placeholder, each as long as the
    /// others), like the `[[Value]]` form but with the values already laid out by column.
    @discardableResult
    public func executeBatch(_ columns: BulkColumns) throws -> UInt64 {
        let rowCount = columns.rowCount
        guard rowCount > 0 else { return 0 }
        let count = parameterCount
        guard columns.columns.count == count, columns.columns.allSatisfy({ $0.isNull.count == rowCount }) else {
            throw MariaDBError(.parameterCountMismatch, "every row must have \(count) values", sql: sql)
        }
        let columns = ColumnArrays(columns)
        var size = UInt32(rowCount)
        guard mysql_stmt_attr_set(handle, STMT_ATTR_ARRAY_SIZE, &size) == 0,
            mysql_stmt_bind_param(handle, columns.binds) == 0
        else { throw Call.error(handle, sql: sql) }
        defer {
            var one: UInt32 = 0
            _ = mysql_stmt_attr_set(handle, STMT_ATTR_ARRAY_SIZE, &one)
        }
        try Call.check(mysql_stmt_execute(handle), handle, sql: sql)
        return mysql_stmt_affected_rows(handle)
    }

    /// Reads the result of the last execution row by row, without buffering it.
    public func forEachRow(_ body: ([Value]) throws -> Void) throws {
        try forEachRowInPlace { try body($0.values) }
    }

    /// Reads the result of the last execution row by row, without buffering it, handing each row over
    /// in place (see ``ResultRow``: valid only during the call of `body`), its temporal columns as `temporal` says.
    public func forEachRowInPlace(temporal: TemporalColumns = .text, _ body: (ResultRow) throws -> Void) throws {
        guard mysql_stmt_field_count(handle) > 0 else { return }
        let results = try ResultBuffers(statement: handle, sql: sql, temporal: temporal)
        defer { mysql_stmt_free_result(handle) }
        try withExtendedLifetime(results) {
            let row = ResultRow(results: results)
            while true {
                let status = mysql_stmt_fetch(handle)
                if status == MYSQL_NO_DATA { return }
                guard status == 0 || status == MYSQL_DATA_TRUNCATED else {
                    let error = Call.error(handle, sql: sql)
                    while mysql_stmt_fetch(handle) == 0 {}
                    throw error
                }
                if status == MYSQL_DATA_TRUNCATED {
                    try results.fetchTruncated(statement: handle, sql: sql)
                } else {
                    results.forgetValidText()  // nothing was cut short: every value fit its buffer
                }
                results.convertEpochColumns()
                do {
                    try body(row)
                } catch {
                    while mysql_stmt_fetch(handle) != MYSQL_NO_DATA && mysql_stmt_errno(handle) == 0 {}
                    throw error
                }
            }
        }
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
