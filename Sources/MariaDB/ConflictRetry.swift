public import Foundation

/// Runs work again after the server rolled it back because it lost a conflict: an InnoDB deadlock,
/// or on a Galera cluster a certification conflict with a write committed on another node (both
/// answer `ER_LOCK_DEADLOCK`, at any statement or at COMMIT), after a short jittered wait.
///
/// The work must be a whole transaction (or one autocommit statement): the server has already
/// rolled all of it back when the error arrives, so running it again from the start is safe.
public struct ConflictRetry: Sendable {
    /// The most times the work runs; the last attempt's error is thrown.
    public var attempts: Int
    /// The wait before the first retry; each retry doubles it (up to `longestWait`), jittered ±50 %.
    public var firstWait: TimeInterval
    /// The longest wait between two attempts, before jitter.
    public var longestWait: TimeInterval

    /// Ten attempts, waiting 2 ms, 4 ms, ... up to 200 ms between them.
    public init(attempts: Int = 10, firstWait: TimeInterval = 0.002, longestWait: TimeInterval = 0.2) {
        self.attempts = attempts
        self.firstWait = firstWait
        self.longestWait = longestWait
    }

    /// Runs `body`, again after each conflict it loses (calling `retried` with the error before
    /// waiting) until it succeeds, fails otherwise, or uses up the attempts.
    public func run<T>(_ body: () throws -> T, retried: (MariaDBError) -> Void = { _ in }) throws -> T {
        var wait = firstWait
        for _ in 1..<max(attempts, 1) {
            do {
                return try body()
            } catch let error as MariaDBError where error.code == .deadlock {
                retried(error)
                Thread.sleep(forTimeInterval: wait * Double.random(in: 0.5...1.5))
                wait = min(wait * 2, longestWait)
            }
        }
        return try body()
    }
}
