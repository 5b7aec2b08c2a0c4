import Foundation
import Hosts
import Logging

/// The scheduler's row in `sluice_hosts`, written through the scheduler's own store on its tick:
/// pruned and registered at the first beat, renewed every `heartbeatEvery` with the runs its
/// workers execute, and marked stopped when the scheduler ends cleanly.
final class SchedulerHostBeat {
    private let presence: HostPresence
    private let every: TimeInterval
    private var last = Date.distantPast
    private var pruned = false

    /// Beats for `presence` at most once every `every`.
    init(presence: HostPresence, every: Duration) {
        self.presence = presence
        self.every = every.seconds
    }

    /// Beats if one is due at `now`, listing `workers`; throws what the store threw.
    func beatIfDue(workers: [Int64], store: SchedulerStore, now: Date) throws {
        guard now.timeIntervalSince(last) >= every else { return }
        last = now
        try store.use { store in
            if !pruned {
                try presence.prune(on: store.connection)
                pruned = true
            }
            try store.retryingConflicts { try presence.beat(workers: workers, on: store.connection) }
        }
    }

    /// Marks the row stopped (the scheduler ended cleanly).
    func stop(store: SchedulerStore) throws {
        try store.use { try presence.stop(on: $0.connection) }
    }
}

@available(*, unavailable)
extension SchedulerHostBeat: Sendable {}
