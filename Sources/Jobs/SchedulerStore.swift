import Foundation
import Logging
import MariaDB

/// The scheduler's `JobStore`, which outlives a restart of the database.
///
/// Connector/C answers 2006 "Server has gone away" forever on a connection that was open when
/// the server went down, so a connection error drops the store, and a later use opens a new one
/// after a backoff (doubling from `firstBackoff` up to `longestBackoff`). While the database is
/// away, the writes the scheduler cannot lose (worker output, run completions, enqueued slots)
/// are kept in order and made first thing once it is back, before anything else the scheduler
/// does, so an interrupted run is recorded as it ended before lease expiry looks at it.
///
/// An outage is logged once when it starts and once when it ends, never once per tick. Work run
/// again after losing a conflict (on Galera, a certification conflict with another node) is logged
/// with the count so far.
final class SchedulerStore {
    /// A write the scheduler must not lose.
    enum Write {
        /// Worker output of a run, numbered from `firstSeq`.
        case log(run: Int64, firstSeq: Int, lines: [(stream: String, line: String)])
        /// How a run ended.
        case finish(RunCompletion, owner: String)
        /// A schedule slot's queued run, which reads `file` when it names one.
        case enqueue(JobDefinition, slot: Date, file: StoredFile?)
        /// A line the scheduler adds to the end of a run's log, in `stream`.
        case note(run: Int64, stream: String, line: String)
    }

    /// The first wait before reopening after a connection error.
    static let firstBackoff: TimeInterval = 0.1
    /// The longest wait between two attempts to reopen.
    static let longestBackoff: TimeInterval = 5
    /// The most worker output lines kept during an outage; later ones are counted and dropped.
    static let mostKeptLines = 10_000

    /// The database is away: since when, why, and when to try again.
    private struct Outage {
        var since: Date
        var error: any Error
        var backoff: TimeInterval
        var retryAt: Date
    }

    /// Connected, or waiting to reconnect.
    private enum State {
        case open(JobStore)
        case down(Outage)
    }

    private let open: () throws -> JobStore
    private let logger: Logger
    private let now: () -> Date
    private var state: State
    private var kept: [Write] = []
    private var keptLines = 0
    private var droppedLines = 0
    private var conflictsRetried = 0

    /// Opens the first store now (so a wrong URL fails at start), and reopens with `open` after an outage.
    init(open: @escaping () throws -> JobStore, logger: Logger, now: @escaping () -> Date) throws {
        self.open = open
        self.logger = logger
        self.now = now
        let store = try open()
        state = .open(store)
        if store.isGaleraNode {
            logger.info("the database is a Galera node: the queue reads causally and retries certification conflicts")
        }
    }

    /// Whether the database is away (the last use failed to reach it): errors now are the outage's,
    /// already logged.
    var isDown: Bool {
        if case .down = state { return true }
        return false
    }

    /// Runs `body` on the store; throws the outage's error while the database is away.
    func use<T>(_ body: (JobStore) throws -> T) throws -> T {
        let store = try available()
        let before = store.conflictsRetried
        defer { noteConflicts(store.conflictsRetried - before) }
        do {
            return try body(store)
        } catch let error as MariaDBError where error.isConnectionError {
            lose(error)
            throw error
        }
    }

    /// Makes `write` now, or keeps it for when the database is back; throws only errors that are
    /// not about reaching the database.
    func write(_ write: Write) throws {
        do {
            try use { try perform(write, on: $0) }
        } catch {
            guard isDown else { throw error }
            keep(write)
        }
    }

    /// The store, reopened (and the kept writes made) if the database was away and the backoff is over.
    private func available() throws -> JobStore {
        let outage: Outage
        switch state {
        case .open(let store): return store
        case .down(let down): outage = down
        }
        guard now() >= outage.retryAt else { throw outage.error }
        let reopened: JobStore
        do {
            reopened = try open()
        } catch {
            lose(error)
            throw error
        }
        state = .open(reopened)
        logger.notice(
            "database reachable again: the scheduler resumes",
            metadata: [
                "outage.seconds": "\(String(format: "%.1f", now().timeIntervalSince(outage.since)))",
                "writes.kept": "\(kept.count)", "lines.dropped": "\(droppedLines)",
            ])
        try writeKept(on: reopened)
        return reopened
    }

    /// Makes the kept writes in order; stops (keeping the rest) if the database goes away again.
    private func writeKept(on store: JobStore) throws {
        while let first = kept.first {
            do {
                try perform(first, on: store)
            } catch let error as MariaDBError where error.isConnectionError {
                lose(error)
                throw error
            } catch {
                logger.error("a write kept during the outage failed", metadata: ["error": "\(error)"])
            }
            kept.removeFirst()
            if case .log(_, _, let lines) = first { keptLines -= lines.count }
        }
        droppedLines = 0
    }

    private func perform(_ write: Write, on store: JobStore) throws {
        switch write {
        case .log(let id, let firstSeq, let lines):
            try store.appendLog(id, firstSeq: firstSeq, lines: lines)
        case .finish(let completion, let owner):
            try store.finish(completion, owner: owner)
        case .note(let id, let stream, let line):
            try store.appendNote(id, stream: stream, line: line)
        case .enqueue(let definition, let slot, let file):
            if try store.enqueue(definition, slot: slot, file: file) {
                logger.debug("slot enqueued", metadata: ["job.name": "\(definition.name)", "job.slot": "\(slot)"])
            }
        }
    }

    /// Logs work run again after `count` lost conflicts, with the total since the scheduler started.
    private func noteConflicts(_ count: Int) {
        guard count > 0 else { return }
        conflictsRetried += count
        logger.info(
            "write conflict retried",
            metadata: ["conflicts": "\(count)", "conflicts.total": "\(conflictsRetried)"])
    }

    private func keep(_ write: Write) {
        if case .log(_, _, let lines) = write {
            guard keptLines + lines.count <= Self.mostKeptLines else {
                droppedLines += lines.count
                return
            }
            keptLines += lines.count
        }
        kept.append(write)
    }

    /// Drops the store after `error`; logs only when an outage starts.
    private func lose(_ error: any Error) {
        let time = now()
        if case .down(var outage) = state {
            outage.error = error
            outage.backoff = min(outage.backoff * 2, Self.longestBackoff)
            outage.retryAt = time + outage.backoff
            state = .down(outage)
            return
        }
        state = .down(Outage(since: time, error: error, backoff: Self.firstBackoff, retryAt: time + Self.firstBackoff))
        logger.error(
            "database unreachable: the scheduler keeps run completions and worker output, and reconnects",
            metadata: ["error": "\(error)"])
    }
}

@available(*, unavailable)
extension SchedulerStore: Sendable {}
