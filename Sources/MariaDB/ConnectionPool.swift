import Foundation

/// Database connections shared by the HTTP worker threads: a thread takes one, uses it alone, and
/// gives it back. A connection that failed with a connection error is dropped, not reused.
///
/// `@unchecked Sendable`: `idle` is only touched under `lock`, and a connection is used by one
/// thread at a time (it is out of `idle` while in use).
public final class ConnectionPool: @unchecked Sendable {
    private let url: DatabaseURL
    private let lock = NSLock()
    private var idle: [Connection] = []
    private var closed = false
    private let maxIdle: Int
    private let timeoutSeconds: UInt32

    /// A pool for `url`, keeping at most `maxIdle` idle connections. A non-zero `timeoutSeconds`
    /// bounds how long a call waits on a slow database: each read from or write to the server
    /// (`MYSQL_OPT_READ_TIMEOUT`/`_WRITE_TIMEOUT`, a connection error after it) and each row lock
    /// (the session's `innodb_lock_wait_timeout`, one second less). A request on a stalled server
    /// waits at most about twice that plus the 3 s connect timeout (the ping of an idle connection,
    /// then a new connection).
    public init(url: DatabaseURL, maxIdle: Int = 16, timeoutSeconds: UInt32 = 0) {
        self.url = url
        self.maxIdle = maxIdle
        self.timeoutSeconds = timeoutSeconds
    }

    /// An idle connection that still answers (one round trip), or a new one.
    private func checkOut() throws -> Connection {
        if let reused = lock.withLock({ idle.popLast() }) {
            if reused.ping() { return reused }
            // One that does not answer means the server is gone or stalled: the others would each
            // wait out the read timeout too, so they are dropped with it.
            lock.withLock { idle.removeAll() }
        }
        let connection = try Connection(url: url, connectTimeoutSeconds: 3, readTimeoutSeconds: timeoutSeconds)
        if timeoutSeconds > 0 {
            // A second shorter than the read timeout, so a held lock fails on a live connection,
            // which can still roll back and free what the request took.
            try connection.execute("SET SESSION innodb_lock_wait_timeout = \(max(timeoutSeconds, 2) - 1)")
        }
        return connection
    }

    /// Runs `body` with a connection of its own.
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try checkOut()
        do {
            let result = try body(connection)
            giveBack(connection)
            return result
        } catch let error as MariaDBError where error.isConnectionError {
            throw error
        } catch {
            giveBack(connection)
            throw error
        }
    }

    private func giveBack(_ connection: Connection) {
        lock.withLock { if !closed && idle.count < maxIdle { idle.append(connection) } }
    }

    /// Closes the idle connections; those in use are closed when given back.
    public func close() {
        lock.withLock {
            closed = true
            idle.removeAll()
        }
    }
}
