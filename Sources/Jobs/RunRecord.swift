public import Foundation
public import JSON
import MariaDB

/// One run (one attempt of a job) as the history holds it.
public struct RunRecord: Sendable, Equatable, Codable {
    /// Its id.
    public var id: Int64
    /// The job's name.
    public var job: String
    /// The job's kind.
    public var kind: String
    /// What started it: `schedule`, `user` or `api`.
    public var trigger: String
    /// Who or what started it, in words: `schedule nightly` (`(catch-up)` for a slot missed while no
    /// scheduler ran), `key ops (k1a2b3)`, `root (command line)`, `retry of run 41` (nil for runs
    /// queued before this was recorded).
    public var triggeredBy: String?
    /// The schedule slot it stands for (scheduled first attempts only).
    public var slot: Date?
    /// Its parameters (a JSON object).
    public var params: JSONValue
    /// Where it is.
    public var state: RunState
    /// 1 for the first attempt.
    public var attempt: Int
    /// The run this one retries.
    public var retryOf: Int64?
    /// When it was enqueued.
    public var enqueuedAt: Date?
    /// The earliest it may start.
    public var notBefore: Date?
    /// When a worker started it.
    public var startedAt: Date?
    /// When it ended.
    public var finishedAt: Date?
    /// The worker's process id.
    public var workerPID: Int?
    /// The host of the scheduler that ran it.
    public var workerHost: String?
    /// The scheduler holding its lease.
    public var leaseOwner: String?
    /// When its lease runs out without a heartbeat.
    public var leaseExpiresAt: Date?
    /// The last heartbeat.
    public var heartbeatAt: Date?
    /// Whether someone asked to cancel it.
    public var cancelRequested: Bool
    /// Why it ended (`exit 2`, `signal 9`, `unknown_kind`, `lease expired`, ...).
    public var exitCause: String?
    /// What the worker reported (rows, rejects, bytes).
    public var summary: JSONValue?
    /// The id of the file store holding the file the run reads (an upload, a backup): only a
    /// scheduler that has that store claims it (nil: any scheduler).
    public var store: String?
    /// Why a queued run that needs `store` is not claimed, when no scheduler that has it is up
    /// (shown by `GET /api/v1/jobs/{id}` only).
    public var waitingFor: String?

    /// The columns `init(row:)` reads, in order.
    static let columns = """
        id, job_name, kind, run_trigger, slot, params, state, attempt, retry_of, enqueued_at, not_before, started_at, \
        finished_at, worker_pid, worker_host, lease_owner, lease_expires_at, heartbeat_at, cancel_requested, \
        exit_cause, summary, triggered_by, store_id
        """

    /// Reads a row selected with `columns`.
    init(row: [Value]) {
        id = row[0].int ?? 0
        job = row[1].description
        kind = row[2].description
        trigger = row[3].description
        slot = DBTime.date(row[4])
        params = Self.json(row[5].description)
        state = RunState(rawValue: row[6].description) ?? .lost
        attempt = Int(row[7].int ?? 1)
        retryOf = row[8].int
        enqueuedAt = DBTime.date(row[9])
        notBefore = DBTime.date(row[10])
        startedAt = DBTime.date(row[11])
        finishedAt = DBTime.date(row[12])
        workerPID = row[13].int.map { Int($0) }
        workerHost = row[14].text
        leaseOwner = row[15].text
        leaseExpiresAt = DBTime.date(row[16])
        heartbeatAt = DBTime.date(row[17])
        cancelRequested = (row[18].int ?? 0) != 0
        exitCause = row[19].text
        summary = row[20].text.map(Self.json)
        triggeredBy = row[21].text
        store = row[22].text
    }

    /// A stored JSON column as a value (text that is not JSON stays a string, so nothing is hidden).
    private static func json(_ text: String) -> JSONValue {
        (try? JSON.decode(JSONValue.self, from: text)) ?? .string(text)
    }
}

/// One line a worker printed.
public struct RunLogLine: Sendable, Equatable, Codable {
    /// Its position in the run's log, from 0.
    public var seq: Int
    /// `stdout` or `stderr`.
    public var stream: String
    /// The line, without its newline.
    public var line: String
    /// When the scheduler captured it.
    public var time: Date?
}
