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

    /// A pool for `url`, keeping at most `maxIdle` idle connections.
    public init(url: DatabaseURL, maxIdle: Int = 16) {
        self.url = url
        self.maxIdle = maxIdle
    }

    /// An idle connection that still answers (one round trip), or a new one.
    private func checkOut() throws -> Connection {
        while let reused = lock.withLock({ idle.popLast() }) {
            if reused.ping() { return reused }
        }
        return try Connection(url: url, connectTimeoutSeconds: 3)
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
