public import Errors

/// The codes of MariaDB errors, by name.
extension ErrorCode where Domain == MariaDBErrorDomain {
    // Server error numbers (`ER_…`, from `mysqld_error.h`).

    /// ER_BAD_DB_ERROR: the database does not exist.
    @inlinable
    public static var unknownDatabase: Self { 1049 }
    /// ER_DUP_ENTRY: a unique key already holds the value.
    @inlinable
    public static var duplicateEntry: Self { 1062 }
    /// ER_NO_SUCH_TABLE: the table does not exist.
    @inlinable
    public static var noSuchTable: Self { 1146 }
    /// ER_LOCK_WAIT_TIMEOUT: a lock was not granted within `innodb_lock_wait_timeout`.
    @inlinable
    public static var lockWaitTimeout: Self { 1205 }
    /// ER_LOCK_DEADLOCK: the transaction was chosen as a deadlock victim, or on a Galera node lost a
    /// certification conflict with a write committed on another node, and was rolled back.
    @inlinable
    public static var deadlock: Self { 1213 }
    /// ER_ROW_IS_REFERENCED_2: a parent row still has children.
    @inlinable
    public static var rowIsReferenced: Self { 1451 }
    /// ER_NO_REFERENCED_ROW_2: a foreign key's parent row does not exist.
    @inlinable
    public static var noReferencedRow: Self { 1452 }
    /// ER_CLIENT_INTERACTION_TIMEOUT: the server closed a connection that stayed idle too long.
    @inlinable
    public static var clientInteractionTimeout: Self { 4031 }

    // Client error numbers (`CR_…`, from Connector/C's `errmsg.h`).

    /// CR_UNKNOWN_ERROR: what a LOCAL INFILE source answers when it fails.
    @inlinable
    public static var unknownError: Self { 2000 }
    /// CR_CONNECTION_ERROR: cannot connect through the socket.
    @inlinable
    public static var cannotConnectSocket: Self { 2002 }
    /// CR_CONN_HOST_ERROR: cannot connect to the host.
    @inlinable
    public static var cannotConnectHost: Self { 2003 }
    /// CR_SERVER_GONE_ERROR: the server went away.
    @inlinable
    public static var serverGone: Self { 2006 }
    /// CR_OUT_OF_MEMORY: the client library could not allocate memory.
    @inlinable
    public static var outOfMemory: Self { 2008 }
    /// CR_SERVER_LOST: the connection was lost during a query.
    @inlinable
    public static var connectionLost: Self { 2013 }
    /// CR_SSL_CONNECTION_ERROR: the TLS handshake failed.
    @inlinable
    public static var sslConnectionError: Self { 2026 }

    // Codes of errors this wrapper raises itself: above `UInt16.max`, so never a server's or client's.

    /// A database URL does not parse; the message says what is wrong and never echoes a password.
    @inlinable
    public static var invalidDatabaseURL: Self { 65_536 }
    /// A statement was given another number of values than it has placeholders.
    @inlinable
    public static var parameterCountMismatch: Self { 65_537 }
}
