import Errors
public import Foundation
public import JSON
import Hosts
import MariaDB

/// Filters for listing runs; nil means any.
public struct RunFilter: Sendable, Equatable {
    /// Only runs in this state.
    public var state: RunState?
    /// Only runs of this kind.
    public var kind: String?
    /// Only runs of this job.
    public var job: String?
    /// Only runs enqueued at or after this instant.
    public var since: Date?
    /// Page size.
    public var limit = 50
    /// Runs skipped before the page.
    public var offset = 0

    /// No filter, the first 50 runs (newest first).
    public init(
        state: RunState? = nil, kind: String? = nil, job: String? = nil, since: Date? = nil, limit: Int = 50,
        offset: Int = 0
    ) {
        self.state = state
        self.kind = kind
        self.job = job
        self.since = since
        self.limit = limit
        self.offset = offset
    }
}

extension JobStore {
    /// Runs matching `filter`, newest first.
    public func list(_ filter: RunFilter) throws -> [RunRecord] {
        var conditions: [String] = []
        var binds: [Value] = []
        if let state = filter.state { conditions.append("state = ?"); binds.append(.string(state.rawValue)) }
        if let kind = filter.kind { conditions.append("kind = ?"); binds.append(.string(kind)) }
        if let job = filter.job { conditions.append("job_name = ?"); binds.append(.string(job)) }
        if let since = filter.since { conditions.append("enqueued_at >= ?"); binds.append(DBTime.value(since)) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try connection.query(
            "SELECT \(RunRecord.columns) FROM sluice_job_runs \(whereClause) ORDER BY id DESC LIMIT ? OFFSET ?",
            binds + [.int(Int64(max(1, min(filter.limit, 10_000)))), .int(Int64(max(0, filter.offset)))]
        ).map(RunRecord.init(row:))
    }

    /// One run; throws `not_found`. A queued run that needs a file store no scheduler that is up
    /// has says what it waits for.
    public func run(_ id: Int64) throws -> RunRecord {
        guard
            let row = try connection.query("SELECT \(RunRecord.columns) FROM sluice_job_runs WHERE id = ?", [.int(id)])
                .first
        else { throw JobsError(.notFound, "no run \(id)") }
        var record = RunRecord(row: row)
        if record.state == .queued, let store = record.store {
            record.waitingFor = try StoreHolder.waitingReason(store: store, on: connection)
        }
        return record
    }

    /// A run's log lines after `afterSeq`, in order, at most `limit`.
    public func log(_ id: Int64, afterSeq: Int = -1, limit: Int = 10_000) throws -> [RunLogLine] {
        try connection.query(
            "SELECT seq, stream, line, logged_at FROM sluice_job_logs WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            [.int(id), .int(Int64(afterSeq)), .int(Int64(limit))]
        ).map {
            RunLogLine(
                seq: Int($0[0].int ?? 0), stream: $0[1].description, line: $0[2].description, time: DBTime.date($0[3]))
        }
    }

    /// Cancels a queued run at once, or asks the scheduler running it to stop it; returns the state it
    /// was in. Throws `not_found`, or `invalid_state` for a run that has ended.
    @discardableResult
    public func cancel(_ id: Int64) throws -> RunState {
        let queued = try connection.execute(
            """
            UPDATE sluice_job_runs SET state = 'cancelled', exit_cause = 'cancelled', finished_at = UTC_TIMESTAMP(6)
            WHERE id = ? AND state = 'queued'
            """, [.int(id)])
        if queued == 1 { return .queued }
        let running = try connection.execute(
            "UPDATE sluice_job_runs SET cancel_requested = 1 WHERE id = ? AND state = 'running'", [.int(id)])
        if running == 1 { return .running }
        let state = try run(id).state
        if state == .running { return .running }
        throw JobsError(.invalidState, "run \(id) is \(state.rawValue); only queued or running runs can be cancelled")
    }

    /// Queues a new attempt of an ended run (failed, cancelled or lost), now, triggered by `trigger`
    /// on behalf of `by`; returns its id.
    public func retry(_ id: Int64, trigger: String = "user", by: String? = nil) throws -> Int64 {
        let old = try run(id)
        guard [.failed, .cancelled, .lost].contains(old.state) else {
            throw JobsError(
                .invalidState, "run \(id) is \(old.state.rawValue); only failed, cancelled or lost runs can be retried")
        }
        try connection.execute(
            """
            INSERT INTO sluice_job_runs (job_name, kind, run_trigger, triggered_by, params, attempt, max_retries,
              backoff_ms, timeout_ms, allow_overlap, store_id, not_before)
            SELECT job_name, kind, ?, ?, params, attempt + 1, max_retries, backoff_ms, timeout_ms, allow_overlap,
              store_id, UTC_TIMESTAMP(6) FROM sluice_job_runs WHERE id = ?
            """, [.string(trigger), Self.byline("\(by.map { "\($0), " } ?? "")retry of run \(id)"), .int(id)])
        return Int64(connection.lastInsertID)
    }

    /// Deletes ended runs (and their logs) that finished more than `days` days ago; returns the runs deleted.
    @discardableResult
    public func prune(olderThanDays days: Int) throws -> Int {
        let cutoff = "UTC_TIMESTAMP(6) - INTERVAL \(max(0, days)) DAY"
        return try transaction {
            try connection.execute(
                """
                DELETE l FROM sluice_job_logs l JOIN sluice_job_runs r ON r.id = l.run_id
                WHERE r.state IN ('succeeded', 'failed', 'cancelled', 'lost') AND r.finished_at < \(cutoff)
                """)
            return Int(
                try connection.execute(
                    "DELETE FROM sluice_job_runs WHERE state IN ('succeeded', 'failed', 'cancelled', 'lost') AND finished_at < \(cutoff)"
                ))
        }
    }

    /// Each job's latest enqueued schedule slot (for catch-up after downtime).
    public func lastSlots() throws -> [String: Date] {
        var slots: [String: Date] = [:]
        for row in try connection.query(
            "SELECT job_name, MAX(slot) FROM sluice_job_runs WHERE slot IS NOT NULL GROUP BY job_name")
        {
            slots[row[0].description] = DBTime.date(row[1])
        }
        return slots
    }

    /// Each job's latest run.
    public func lastRuns() throws -> [String: RunRecord] {
        let rows = try connection.query(
            """
            SELECT \(RunRecord.columns) FROM sluice_job_runs WHERE id IN (SELECT MAX(id) FROM sluice_job_runs GROUP BY job_name)
            """)
        return Dictionary(
            rows.map {
                let run = RunRecord(row: $0); return (run.job, run)
            }, uniquingKeysWith: { $1 })
    }

    /// The schedule overrides (enabled or disabled by name) and the reload generation.
    public func controls() throws -> (overrides: [String: Bool], generation: Int64) {
        var overrides: [String: Bool] = [:]
        var generation: Int64 = 0
        for row in try connection.query("SELECT name, enabled, generation FROM sluice_job_control") {
            if row[0].description == "*" { generation = row[2].int ?? 0 }
            if let enabled = row[1].int { overrides[row[0].description] = enabled != 0 }
        }
        return (overrides, generation)
    }

    /// Enables or disables a job's schedule for every scheduler, and asks them to reload.
    public func setEnabled(_ name: String, _ enabled: Bool) throws {
        try connection.execute(
            "INSERT INTO sluice_job_control (name, enabled) VALUES (?, ?) ON DUPLICATE KEY UPDATE enabled = VALUES(enabled)",
            [.string(name), .int(enabled ? 1 : 0)])
        try requestReload()
    }

    /// Asks every scheduler to reload the job definitions.
    public func requestReload() throws {
        try connection.execute(
            "INSERT INTO sluice_job_control (name, generation) VALUES ('*', 1) ON DUPLICATE KEY UPDATE generation = generation + 1"
        )
    }

    /// Records what a worker reports about its run: a summary (JSON) and, for a failure, its cause.
    public func report(_ id: Int64, summary: JSONValue? = nil, cause: String? = nil) throws {
        try retryingConflicts {
            try connection.execute(
                "UPDATE sluice_job_runs SET summary = COALESCE(?, summary), exit_cause = COALESCE(?, exit_cause) WHERE id = ?",
                [try summary.map { .string(try JSON.text($0)) } ?? .null, cause.map { .string($0) } ?? .null, .int(id)])
        }
    }
}
