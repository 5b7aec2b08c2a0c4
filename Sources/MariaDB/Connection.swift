internal import CMariaDB
import Glibc

/// One connection to a MariaDB server, owning its `MYSQL` handle (closed in `deinit`).
///
/// Calls block the calling thread; a connection is used by one thread at a time, which is why it
/// is not `Sendable`. The session uses utf8mb4 and allows `LOAD DATA LOCAL INFILE` from sources the
/// caller hands over (never from files the server names).
public final class Connection {
    let mysql: UnsafeMutablePointer<MYSQL>
    /// The statements `cachedStatement` prepared, closed before the connection.
    private let statements = StatementCache()
    /// A duplicate of the connection's socket, open as long as the connection is: `interrupt` shuts
    /// the socket down through it, and the number cannot name another file meanwhile.
    private let interruptSocket: Int32

    /// Connects to `url`, through its socket when it names one, else over TCP. A non-zero
    /// `readTimeoutSeconds` bounds each wait for the server to answer or take data: a server that
    /// stalls longer fails the call with error 2013 (connection lost) instead of blocking on.
    public init(url: DatabaseURL, connectTimeoutSeconds: UInt32 = 10, readTimeoutSeconds: UInt32 = 0) throws {
        _ = Call.libraryInitialised
        guard let handle = mysql_init(nil) else {
            throw MariaDBError(.outOfMemory, "out of memory creating a connection handle")
        }
        var timeout = connectTimeoutSeconds
        var localInfile: UInt32 = 1
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        if readTimeoutSeconds > 0 {
            var readTimeout = readTimeoutSeconds
            mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &readTimeout)
            mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &readTimeout)
        }
        mysql_options(handle, MYSQL_OPT_LOCAL_INFILE, &localInfile)
        // A fetch says MYSQL_DATA_TRUNCATED when a value did not fit its buffer (ResultBuffers grows only then).
        var reportTruncation: my_bool = 1
        mysql_options(handle, MYSQL_REPORT_DATA_TRUNCATION, &reportTruncation)
        _ = "utf8mb4".withCString { mysql_options(handle, MYSQL_SET_CHARSET_NAME, $0) }
        let host = url.socket == nil ? url.host : "localhost"
        let connected = mysql_real_connect(
            handle, host, url.user, url.password, url.database, UInt32(url.port), url.socket, 0)
        guard connected != nil else {
            let error = Call.error(handle, sql: nil)
            mysql_close(handle)
            throw error
        }
        mysql = handle
        interruptSocket = dup(mysql_get_socket(handle))
    }

    deinit {
        statements.removeAll()
        mysql_close(mysql)
        if interruptSocket >= 0 { close(interruptSocket) }
    }

    /// Cuts the connection off from another thread: the call blocked on it, and every later one,
    /// fails at once with a connection error.
    ///
    /// `Sendable`: it holds only the connection's duplicate socket, which stays open until the
    /// connection is deinitialised; whoever calls it must keep the connection alive meanwhile.
    struct Interrupt: Sendable {
        let socket: Int32

        func callAsFunction() { _ = shutdown(socket, Int32(SHUT_RDWR)) }
    }

    /// The interrupt of this connection.
    var interrupt: Interrupt { Interrupt(socket: interruptSocket) }

    /// Runs one statement through the text protocol, discards any result, and returns the rows it changed.
    @discardableResult
    public func execute(_ sql: String) throws -> UInt64 {
        try Call.check(mysql_real_query(mysql, sql, UInt(sql.utf8.count)), mysql, sql: sql)
        let changed = mysql_field_count(mysql) == 0 ? mysql_affected_rows(mysql) : 0
        warningCount = Int(mysql_warning_count(mysql))
        try discardResults(sql: sql)
        return changed
    }

    /// Runs a prepared statement with `binds` that returns no rows; returns the rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ binds: [Value]) throws -> UInt64 {
        try Statement(connection: self, sql: sql).execute(binds)
    }

    /// Runs a prepared statement with `binds` and returns every row (for small results; see `forEachRow`).
    @discardableResult
    public func query(_ sql: String, _ binds: [Value] = []) throws -> [[Value]] {
        var rows: [[Value]] = []
        try forEachRow(sql, binds) { rows.append($0) }
        return rows
    }

    /// Runs a prepared statement and hands each row to `body` as it arrives from the server, so a
    /// whole table can be streamed without holding it in memory.
    public func forEachRow(_ sql: String, _ binds: [Value] = [], _ body: ([Value]) throws -> Void) throws {
        try forEachRowInPlace(sql, binds) { try body($0.values) }
    }

    /// Runs a prepared statement and hands each row to `body` in place as it arrives from the server
    /// (see ``ResultRow``: valid only during the call of `body`), with no ``Value`` made per cell and its
    /// temporal columns as `temporal` says.
    public func forEachRowInPlace(
        _ sql: String, _ binds: [Value] = [], temporal: TemporalColumns = .text, _ body: (ResultRow) throws -> Void
    ) throws {
        let statement = try Statement(connection: self, sql: sql)
        try statement.execute(binds)
        try statement.forEachRowInPlace(temporal: temporal, body)
    }

    /// Prepares a statement for repeated execution.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// A statement prepared once on this connection and kept for reuse, for a statement run again
    /// and again (an API batch's INSERT): the server parses it once, not at every batch. The cache
    /// lives and dies with the connection (it never reconnects; a pool drops one that failed).
    /// Use the statement before asking for another: a full cache starts afresh.
    public func cachedStatement(_ sql: String) throws -> Statement {
        try statements.statement(sql) { try Statement(connection: self, sql: sql, retainingConnection: false) }
    }

    /// Warnings raised by the last statement run with `execute`.
    public private(set) var warningCount = 0

    /// The last AUTO_INCREMENT value generated on this connection.
    public var lastInsertID: UInt64 { mysql_insert_id(mysql) }

    /// The server's version string.
    public var serverVersion: String { String(cString: mysql_get_server_info(mysql)) }

    /// Whether the server still answers.
    public func ping() -> Bool { mysql_ping(mysql) == 0 }

    /// The warnings of the last statement (level, code, message), up to the server's `max_error_count`.
    public func warnings() throws -> [(level: String, code: Int64, message: String)] {
        try query("SHOW WARNINGS").map { row in
            (row[0].description, Int64(row[1].description) ?? 0, row[2].description)
        }
    }

    private func discardResults(sql: String) throws {
        repeat {
            if let result = mysql_store_result(mysql) { mysql_free_result(result) }
            let next = mysql_next_result(mysql)
            if next > 0 { throw Call.error(mysql, sql: sql) }
            if next != 0 { break }
        } while true
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
