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
    /// bounds how long a unit of work (`withDeadline`, e.g. an API request) waits on a slow
    /// database in all: its pool checkouts, pings, connects and statements share one deadline, and
    /// a connection still waiting when it passes is cut off (a connection error, so it is dropped).
    /// A row lock wait ends a second earlier (the session's `innodb_lock_wait_timeout`), on a live
    /// connection that can still roll back and free what the work took.
    public init(url: DatabaseURL, maxIdle: Int = 16, timeoutSeconds: UInt32 = 0) {
        self.url = url
        self.maxIdle = maxIdle
        self.timeoutSeconds = timeoutSeconds
    }

    /// The deadline of the unit of work running on this thread or task, if any.
    @TaskLocal private static var deadline: ContinuousClock.Instant?

    /// Runs `body` with one deadline, `timeoutSeconds` from now, for every database wait in it
    /// (none when the pool has no timeout); nested calls keep the outer deadline.
    public func withDeadline<T>(_ body: () throws -> T) rethrows -> T {
        guard timeoutSeconds > 0, Self.deadline == nil else { return try body() }
        return try Self.$deadline.withValue(.now + .seconds(timeoutSeconds), operation: body)
    }

    /// Runs `body` with a connection of its own, within the current deadline (or one of its own).
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try withDeadline {
            let deadline = Self.deadline
            let connection = try checkOut(by: deadline)
            let timer = DeadlineTimer(connection, at: deadline)
            do {
                let result = try body(connection)
                if !timer.disarm() { giveBack(connection) }
                return result
            } catch {
                if timer.disarm() { throw timedOut(after: error) }
                if (error as? MariaDBError)?.isConnectionError != true { giveBack(connection) }
                throw error
            }
        }
    }

    /// An idle connection that still answers (one round trip), or a new one, by `deadline`.
    private func checkOut(by deadline: ContinuousClock.Instant?) throws -> Connection {
        try requireTime(before: deadline)
        if let reused = lock.withLock({ idle.popLast() }) {
            let timer = DeadlineTimer(reused, at: deadline)
            let alive = reused.ping()
            if !timer.disarm() && alive { return reused }
            // One that does not answer means the server is gone or stalled: the others would each
            // wait out the deadline too, so they are dropped with it.
            lock.withLock { idle.removeAll() }
        }
        try requireTime(before: deadline)
        // Connector/C takes whole seconds, which bound each wait of the connect and the handshake.
        let left = deadline.map { ContinuousClock.now.duration(to: $0).components.seconds } ?? 3
        let connection = try Connection(
            url: url, connectTimeoutSeconds: UInt32(min(max(left, 1), 3)), readTimeoutSeconds: timeoutSeconds)
        if timeoutSeconds > 0 {
            // A second shorter than the deadline, so a held lock fails on a live connection,
            // which can still roll back and free what the request took.
            let timer = DeadlineTimer(connection, at: deadline)
            do {
                try connection.execute("SET SESSION innodb_lock_wait_timeout = \(max(timeoutSeconds, 2) - 1)")
            } catch {
                throw timer.disarm() ? timedOut(after: error) : error
            }
            if timer.disarm() { throw timedOut(after: nil) }
        }
        return connection
    }

    /// Throws the timeout when `deadline` has passed.
    private func requireTime(before deadline: ContinuousClock.Instant?) throws {
        if let deadline, ContinuousClock.now >= deadline { throw timedOut(after: nil) }
    }

    /// The error of a unit of work whose deadline passed (a connection error: the database is
    /// unavailable), saying what the cut-off call failed with.
    private func timedOut(after error: (any Error)?) -> MariaDBError {
        MariaDBError(
            .connectionLost,
            "the database did not answer within the \(timeoutSeconds) s timeout" + (error.map { " (\($0))" } ?? ""))
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
