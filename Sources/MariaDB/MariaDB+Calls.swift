internal import CMariaDB
import Errors

/// The one place that turns Connector/C return codes into thrown `MariaDBError`s, reading
/// `mysql_errno`, `mysql_sqlstate` and `mysql_error` right after the failing call.
enum Call {
    /// Initialises the client library once per process (Swift runs a global's initialiser once, under a lock).
    static let libraryInitialised: Bool = mysql_server_init(0, nil, nil) == 0

    static func check(_ status: Int32, _ mysql: UnsafeMutablePointer<MYSQL>, sql: String?) throws {
        guard status == 0 else { throw error(mysql, sql: sql) }
    }

    static func check(_ status: Int32, _ statement: UnsafeMutablePointer<MYSQL_STMT>, sql: String?) throws {
        guard status == 0 else { throw error(statement, sql: sql) }
    }

    static func error(_ mysql: UnsafeMutablePointer<MYSQL>, sql: String?) -> MariaDBError {
        MariaDBError(
            MariaDBError.Code(rawValue: mysql_errno(mysql)), sqlState: String(cString: mysql_sqlstate(mysql)),
            String(cString: mysql_error(mysql)), sql: sql)
    }

    /// The statement's error, or its connection's when the statement has none: Connector/C records
    /// an error that arrives in the middle of an unbuffered result (e.g. the server aborted the
    /// transaction while sending rows, as Galera does to one that conflicts with a replicated
    /// write) on the connection only.
    static func error(_ statement: UnsafeMutablePointer<MYSQL_STMT>, sql: String?) -> MariaDBError {
        if mysql_stmt_errno(statement) == 0, let mysql = statement.pointee.mysql, mysql_errno(mysql) != 0 {
            return error(mysql, sql: sql)
        }
        return MariaDBError(
            MariaDBError.Code(rawValue: mysql_stmt_errno(statement)),
            sqlState: String(cString: mysql_stmt_sqlstate(statement)), String(cString: mysql_stmt_error(statement)),
            sql: sql)
    }
}
