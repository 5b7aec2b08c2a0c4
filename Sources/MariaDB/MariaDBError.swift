public import Errors

/// The codes of MariaDB errors: the server's and Connector/C's own error numbers, and numbers above
/// `UInt16.max` for errors this wrapper raises itself (no server or client error has such a number).
public enum MariaDBErrorDomain: ErrorDomain {
    /// Error numbers, as `mysql_errno` reports them.
    public typealias RawCode = UInt32
}

/// An error reported by MariaDB Connector/C or the server, with the library's own code and message, or one
/// raised by this wrapper before the library was called.
///
/// Codes form an open set: match them in a `catch` pattern, e.g. `catch MariaDBError.Code.duplicateEntry`,
/// or compare `error.code == .duplicateEntry`. Bound values are never part of the message.
public struct MariaDBError: CodedFailure, Equatable {
    /// A server error number (`ER_…`), a client one (`CR_…`), or a wrapper code.
    public typealias Code = ErrorCode<MariaDBErrorDomain>

    /// What failed, as a server or client error number, or a wrapper code.
    public var code: Code
    /// The five-character SQLSTATE.
    public var sqlState: String
    /// The library's message.
    public var message: String
    /// The statement that failed, when there was one (its text only, never its bound values).
    public var sql: String?

    /// Creates an error.
    public init(_ code: Code, sqlState: String = "HY000", _ message: String, sql: String? = nil) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    /// `MariaDB error CODE (SQLSTATE): message [in: the statement's first 200 characters]`.
    public var description: String {
        var text = "MariaDB error \(code) (\(sqlState)): \(message)"
        if let sql { text += " [in: \(sql.count > 200 ? String(sql.prefix(200)) + "…" : sql)]" }
        return text
    }

    /// Whether the error means the connection is unusable (server down, gone or unreachable).
    public var isConnectionError: Bool {
        [
            .cannotConnectSocket, .cannotConnectHost, .serverGone, .connectionLost, .sslConnectionError,
            .clientInteractionTimeout,
        ].contains(code)
    }
}
