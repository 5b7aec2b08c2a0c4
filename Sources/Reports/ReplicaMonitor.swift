import Foundation
import MariaDB

/// The reports replica's health, asked at most once a `period` (`SHOW REPLICA STATUS` on a
/// connection of the replica's pool) however many reports are served meanwhile.
///
/// While one request asks, the others take the answer before it, so a replica that is slow to
/// answer holds up one request a period, not all of them. A read that fails on the replica marks
/// it unavailable at once, until the next check.
///
/// `@unchecked Sendable`: `last` and `asking` are only touched under `lock`; the pool is Sendable.
final class ReplicaMonitor: @unchecked Sendable {
    private let pool: ConnectionPool
    private let period: Duration
    private let lock = NSLock()
    private var last: (at: ContinuousClock.Instant, health: ReplicaHealth)?
    private var asking = false

    /// A monitor of the replica `pool` connects to, asking it at most once a `period`.
    init(pool: ConnectionPool, period: Duration = .seconds(1)) {
        self.pool = pool
        self.period = period
    }

    /// The replica's health: the last answer when it is younger than the period (or another
    /// request is asking now), else a fresh one.
    func health() -> ReplicaHealth {
        let now = ContinuousClock.now
        let known: ReplicaHealth? = lock.withLock {
            if let last, now - last.at < period || asking { return last.health }
            asking = true
            return nil
        }
        if let known { return known }
        let health: ReplicaHealth
        do {
            health = try pool.withConnection { ReplicaHealth.check(on: $0) }
        } catch {
            health = .unavailable("\(error)")
        }
        lock.withLock {
            last = (ContinuousClock.now, health)
            asking = false
        }
        return health
    }

    /// Records that a read on the replica failed with `error`: it is unavailable until the next check.
    func failed(_ error: any Error) {
        lock.withLock { last = (ContinuousClock.now, .unavailable("a read failed: \(error)")) }
    }
}
