/// An error reported by MariaDB Connector/C or the server, with the library's own code and message.
///
/// Codes form an open set: match them with the `static let`s below in a `catch` pattern, e.g.
/// `catch let error as MariaDBError where error.code == MariaDBError.duplicateEntry`. Bound values
/// are never part of the message.
public struct MariaDBError: Error, Sendable, CustomStringConvertible {
    /// The server or client error number (`mysql_errno`), or 0 for errors raised by this wrapper.
    public var code: UInt32
    /// The five-character SQLSTATE.
    public var sqlState: String
    /// The library's message.
    public var message: String
    /// The statement that failed, when there was one (its text only, never its bound values).
    public var sql: String?

    /// Creates an error.
    public init(code: UInt32, sqlState: String = "HY000", message: String, sql: String? = nil) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "MariaDB error \(code) (\(sqlState)): \(message)"
        if let sql { text += " [in: \(sql.count > 200 ? String(sql.prefix(200)) + "…" : sql)]" }
        return text
    }

    /// ER_DUP_ENTRY: a unique key already holds the value.
    public static let duplicateEntry: UInt32 = 1062
    /// ER_NO_REFERENCED_ROW_2: a foreign key's parent row does not exist.
    public static let noReferencedRow: UInt32 = 1452
    /// ER_ROW_IS_REFERENCED_2: a parent row still has children.
    public static let rowIsReferenced: UInt32 = 1451
    /// ER_BAD_DB_ERROR: the database does not exist.
    public static let unknownDatabase: UInt32 = 1049
    /// ER_LOCK_WAIT_TIMEOUT.
    public static let lockWaitTimeout: UInt32 = 1205
    /// ER_LOCK_DEADLOCK.
    public static let deadlock: UInt32 = 1213
    /// CR_CONNECTION_ERROR: cannot connect through the socket.
    public static let cannotConnectSocket: UInt32 = 2002
    /// CR_CONN_HOST_ERROR: cannot connect to the host.
    public static let cannotConnectHost: UInt32 = 2003
    /// CR_SERVER_GONE_ERROR.
    public static let serverGone: UInt32 = 2006
    /// CR_SERVER_LOST.
    public static let connectionLost: UInt32 = 2013
    /// An error thrown by a LOCAL INFILE source while the server was reading it.
    public static let localInfileSource: UInt32 = 0

    /// Whether the error means the connection is unusable (server down, gone or unreachable).
    public var isConnectionError: Bool {
        [Self.cannotConnectSocket, Self.cannotConnectHost, Self.serverGone, Self.connectionLost, 2026, 4031].contains(code)
    }
}
