import Errors
public import Foundation
public import JSON
public import MariaDB

/// The queue: enqueue, claim, heartbeat and finish runs in `sluice_job_runs`, so that any number
/// of schedulers on any number of hosts run each run once.
///
/// Blocking, on one connection (which stays with this object). The session runs in UTC. Every
/// transaction, and every write of the claim protocol, runs again when it loses a conflict (an
/// InnoDB deadlock, or a Galera certification conflict with another node).
public final class JobStore {
    let connection: Connection
    /// Whether the database is a Galera cluster node (`wsrep_on`): reads on it are causal.
    public let isGaleraNode: Bool
    /// How many times work was run again after losing a conflict, since this store was opened.
    public private(set) var conflictsRetried = 0

    /// Uses `connection`, switching its session to UTC, and on a Galera node to causal reads; throws
    /// `galera_unsupported` on a Galera node whose settings the claim protocol cannot rely on.
    public init(connection: Connection) throws {
        self.connection = connection
        try connection.execute("SET time_zone = '+00:00'")
        isGaleraNode = try Self.prepareForGalera(connection)
    }

    /// Inserts the queued run of a schedule slot; false when a scheduler already did (the unique key).
    /// A slot more than a minute old when enqueued is a catch-up (no scheduler ran at its time). A run
    /// that reads `file` is claimed only by a scheduler that has the store holding it.
    @discardableResult
    public func enqueue(_ definition: JobDefinition, slot: Date, file: StoredFile? = nil) throws -> Bool {
        let catchUp = slot < Date() - 60 ? " (catch-up)" : ""
        let store = try storeID(of: file)
        let id = try retryingConflicts {
            try insert(
                definition, trigger: "schedule", by: "schedule \(definition.name)\(catchUp)", slot: slot,
                params: definition.params, store: store)
        }
        return id != nil
    }

    /// Inserts a queued run started by `trigger` (`user`, `api`) on behalf of `by` (who, in words)
    /// and returns its id. A run that reads `file` is claimed only by a scheduler that has the store
    /// holding it.
    public func submit(
        _ definition: JobDefinition, trigger: String, by: String? = nil, params: JSONValue? = nil,
        file: StoredFile? = nil
    ) throws -> Int64 {
        guard
            let id = try retryingConflicts({
                try insert(
                    definition, trigger: trigger, by: by, slot: nil, params: params ?? definition.params,
                    store: try storeID(of: file))
            })
        else {
            throw JobsError(.invalidState, "run of \(definition.name) was not inserted")
        }
        return id
    }

    private func insert(
        _ definition: JobDefinition, trigger: String, by: String?, slot: Date?, params: JSONValue, store: String?
    ) throws -> Int64? {
        let changed = try connection.execute(
            """
            INSERT IGNORE INTO sluice_job_runs (job_name, kind, run_trigger, triggered_by, slot, params, max_retries,
              backoff_ms, timeout_ms, allow_overlap, store_id, not_before)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))
            """,
            [
                .string(definition.name), .string(definition.kind), .string(trigger), Self.byline(by),
                DBTime.value(slot),
                .string(try JSON.text(params)),
                .int(Int64(definition.retries.max)), .int(Self.millis(definition.retries.backoff)),
                .int(Self.millis(definition.timeout)), .int(definition.allowOverlap ? 1 : 0),
                store.map { .string($0) } ?? .null,
            ])
        return changed == 1 ? Int64(connection.lastInsertID) : nil
    }

    /// Claims up to `request.limit` runs that are due, skipping rows other schedulers hold locked,
    /// and leases them to `owner` for `lease`. Only runs that need no file store, or one of `stores`
    /// (the claimer's), are claimed.
    public func claim(
        _ request: ClaimRequest, owner: String, host: String, lease: Duration, stores: [String] = []
    ) throws -> [ClaimedRun] {
        var excluded = ""
        if !request.fullKinds.isEmpty {
            excluded = " AND kind NOT IN (" + request.fullKinds.map { _ in "?" }.joined(separator: ", ") + ")"
        }
        excluded += " AND (store_id IS NULL" + stores.map { _ in " OR store_id = ?" }.joined() + ")"
        return try transaction {
            let rows = try connection.query(
                """
                SELECT id, job_name, kind, attempt, max_retries, backoff_ms, timeout_ms, allow_overlap
                FROM sluice_job_runs WHERE state = 'queued' AND not_before <= UTC_TIMESTAMP(6)\(excluded)
                ORDER BY not_before, id LIMIT \(request.limit * 4) FOR UPDATE SKIP LOCKED
                """, (request.fullKinds.sorted() + stores).map { .string($0) })
            var room = request.kindRoom
            var claimed: [ClaimedRun] = []
            for row in rows where claimed.count < request.limit {
                let run = ClaimedRun(
                    id: row[0].int ?? 0, job: row[1].description, kind: row[2].description,
                    attempt: Int(row[3].int ?? 1),
                    retries: .init(max: Int(row[4].int ?? 0), backoff: .milliseconds(row[5].int ?? 0)),
                    timeout: .milliseconds(row[6].int ?? 0), allowOverlap: (row[7].int ?? 0) != 0)
                if let left = room[run.kind] {
                    guard left > 0 else { continue }
                    room[run.kind] = left - 1
                }
                do {
                    try connection.execute(
                        """
                        UPDATE sluice_job_runs SET state = 'running', exclusive_job = ?, started_at = UTC_TIMESTAMP(6),
                          heartbeat_at = UTC_TIMESTAMP(6), lease_owner = ?, worker_host = ?,
                          lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND WHERE id = ?
                        """,
                        [
                            run.allowOverlap ? .null : .string(run.job), .string(owner), .string(host),
                            .int(Self.millis(lease) * 1000), .int(run.id),
                        ])
                    claimed.append(run)
                } catch MariaDBError.Code.duplicateEntry {
                    if let left = room[run.kind] { room[run.kind] = left + 1 }  // the job already runs elsewhere
                }
            }
            return claimed
        }
    }

    /// Records the worker's process id.
    public func started(_ id: Int64, pid: Int32) throws {
        try retryingConflicts {
            try connection.execute(
                "UPDATE sluice_job_runs SET worker_pid = ? WHERE id = ?", [.int(Int64(pid)), .int(id)])
        }
    }

    /// Renews the leases `owner` holds on `ids`; returns the ids whose lease it no longer holds
    /// (another scheduler marked them lost: their workers must stop).
    @discardableResult
    public func heartbeat(_ ids: [Int64], owner: String, lease: Duration) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        let list = ids.map { _ in "?" }.joined(separator: ", ")
        try retryingConflicts {
            try connection.execute(
                """
                UPDATE sluice_job_runs SET heartbeat_at = UTC_TIMESTAMP(6),
                  lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND
                WHERE state = 'running' AND lease_owner = ? AND id IN (\(list))
                """, [.int(Self.millis(lease) * 1000), .string(owner)] + ids.map { .int($0) })
        }
        let held = try connection.query(
            "SELECT id FROM sluice_job_runs WHERE state = 'running' AND lease_owner = ? AND id IN (\(list))",
            [.string(owner)] + ids.map { .int($0) }
        ).compactMap { $0[0].int }
        return ids.filter { !held.contains($0) }
    }

    /// Records how a run `owner` executed ended, and queues its retry when one is due.
    public func finish(_ completion: RunCompletion, owner: String) throws {
        try transaction {
            let changed = try connection.execute(
                """
                UPDATE sluice_job_runs SET state = ?, exit_cause = COALESCE(exit_cause, ?), finished_at = UTC_TIMESTAMP(6),
                  exclusive_job = NULL, lease_expires_at = NULL WHERE id = ? AND state = 'running' AND lease_owner = ?
                """,
                [
                    .string(completion.state.rawValue), completion.cause.map { .string($0) } ?? .null,
                    .int(completion.id), .string(owner),
                ])
            if changed == 1, let retryAt = completion.retryAt { try queueRetry(of: completion.id, at: retryAt) }
        }
    }

    /// Marks `lost` every running run whose lease expired (its scheduler died) and retries it per
    /// its policy; returns the ids marked.
    @discardableResult
    public func expireLeases(now: Date = Date()) throws -> [Int64] {
        try transaction {
            let rows = try connection.query(
                """
                SELECT id, attempt, max_retries, backoff_ms, lease_owner FROM sluice_job_runs
                WHERE state = 'running' AND lease_expires_at < UTC_TIMESTAMP(6) FOR UPDATE SKIP LOCKED
                """)
            for row in rows {
                let id = row[0].int ?? 0
                try connection.execute(
                    """
                    UPDATE sluice_job_runs SET state = 'lost', exit_cause = ?, finished_at = UTC_TIMESTAMP(6),
                      exclusive_job = NULL WHERE id = ?
                    """, [.string("lease expired (scheduler \(row[4].description) stopped renewing it)"), .int(id)])
                let policy = JobDefinition.RetryPolicy(
                    max: Int(row[2].int ?? 0), backoff: .milliseconds(row[3].int ?? 0))
                if let retryAt = policy.retryTime(afterAttempt: Int(row[1].int ?? 1), now: now) {
                    try queueRetry(of: id, at: retryAt)
                }
            }
            return rows.map { $0[0].int ?? 0 }
        }
    }

    /// Queues the next attempt of run `id` (at most one, by the unique key on `retry_of`).
    func queueRetry(of id: Int64, at time: Date, trigger: String? = nil) throws {
        try connection.execute(
            """
            INSERT IGNORE INTO sluice_job_runs (job_name, kind, run_trigger, triggered_by, params, attempt, retry_of,
              max_retries, backoff_ms, timeout_ms, allow_overlap, store_id, not_before)
            SELECT job_name, kind, COALESCE(?, run_trigger), ?, params, attempt + 1, id, max_retries, backoff_ms,
              timeout_ms, allow_overlap, store_id, GREATEST(?, UTC_TIMESTAMP(6)) FROM sluice_job_runs WHERE id = ?
            """,
            [trigger.map { .string($0) } ?? .null, .string("retry of run \(id)"), DBTime.value(time), .int(id)])
    }

    /// `by` as the `triggered_by` column holds it: at most 255 characters, or NULL.
    static func byline(_ by: String?) -> Value {
        by.map { .string(String($0.prefix(255))) } ?? .null
    }

    /// The runs `owner` executes that someone asked to cancel.
    public func cancelRequests(owner: String) throws -> [Int64] {
        try connection.query(
            "SELECT id FROM sluice_job_runs WHERE state = 'running' AND lease_owner = ? AND cancel_requested = 1",
            [.string(owner)]
        ).compactMap { $0[0].int }
    }

    /// Appends lines to a run's log, numbered from `firstSeq`.
    public func appendLog(_ id: Int64, firstSeq: Int, lines: [(stream: String, line: String)]) throws {
        guard !lines.isEmpty else { return }
        let values = lines.map { _ in "(?, ?, ?, ?)" }.joined(separator: ", ")
        var binds: [Value] = []
        for (offset, entry) in lines.enumerated() {
            binds += [.int(id), .int(Int64(firstSeq + offset)), .string(entry.stream), .string(entry.line)]
        }
        try connection.execute("INSERT IGNORE INTO sluice_job_logs (run_id, seq, stream, line) VALUES \(values)", binds)
    }

    /// Appends one line to the end of a run's log, after whatever is there (the scheduler's own
    /// lines about a run, e.g. webhook attempts, written after its worker's output).
    public func appendNote(_ id: Int64, stream: String, line: String) throws {
        try connection.execute(
            """
            INSERT INTO sluice_job_logs (run_id, seq, stream, line)
            SELECT ?, COALESCE(MAX(seq), -1) + 1, ?, ? FROM sluice_job_logs WHERE run_id = ?
            """, [.int(id), .string(stream), .string(line), .int(id)])
    }

    /// Whether an automatic retry of run `id` was queued.
    public func isRetried(_ id: Int64) throws -> Bool {
        try !connection.query("SELECT 1 FROM sluice_job_runs WHERE retry_of = ?", [.int(id)]).isEmpty
    }

    /// Runs `body` in a transaction, committed when it returns, rolled back when it throws; the
    /// whole transaction runs again when it loses a conflict.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try retryingConflicts {
            try connection.execute("START TRANSACTION")
            do {
                let result = try body()
                try connection.execute("COMMIT")
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` (a whole transaction or one autocommit statement) again each time it loses a
    /// conflict, counting the retries.
    @discardableResult
    func retryingConflicts<T>(_ body: () throws -> T) throws -> T {
        try ConflictRetry().run(body) { _ in conflictsRetried += 1 }
    }

    static func millis(_ duration: Duration) -> Int64 { Int64(duration.seconds * 1000) }
}

@available(*, unavailable)
extension JobStore: Sendable {}
