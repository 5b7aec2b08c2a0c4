public import Foundation

/// One Sluice process as `GET /api/v1/hosts` shows it: every role it registered, merged.
public struct HostRecord: Sendable, Equatable, Encodable {
    /// A process's state.
    public enum State: String, Sendable, Encodable {
        /// Heartbeats arrive within the lease.
        case up
        /// Silent past its lease: killed, hung, or cut off from the database.
        case down
        /// Shut down cleanly.
        case stopped
    }

    /// A run the process's scheduler lost when its lease expired, and the attempt that retried it.
    public struct LostRun: Sendable, Equatable, Encodable {
        /// The lost run's id.
        public let id: Int64
        /// The retry's run id (run elsewhere), or nil when the run had no retries left.
        public let retry: Int64?

        /// Creates an entry.
        public init(id: Int64, retry: Int64?) {
            self.id = id
            self.retry = retry
        }
    }

    /// The process's id (`host:pid:random`; a scheduler's lease owner).
    public var id: String
    /// The host name.
    public var host: String
    /// The process id on that host.
    public var pid: Int64
    /// The roles it plays, sorted (`api`, `scheduler`).
    public var roles: [String]
    /// The version it runs.
    public var version: String
    /// Where people reach its API, when known.
    public var publicURL: String?
    /// Up, down or stopped: down when any role it did not stop is silent past its lease.
    public var state: State
    /// When it started.
    public var started: Date
    /// Its latest heartbeat.
    public var lastHeartbeat: Date
    /// Seconds since its latest heartbeat, by the database's clock.
    public var heartbeatAgeSeconds: Double
    /// Seconds it has run (until it stopped, or until its last heartbeat when it is down).
    public var uptimeSeconds: Double
    /// When it stopped cleanly.
    public var stopped: Date?
    /// The runs its workers executed at its latest heartbeat.
    public var workers: [Int64]
    /// How many runs its workers executed at its latest heartbeat.
    public var workerCount: Int
    /// The runs its scheduler lost (lease expired), newest first, at most 50.
    public var lostRuns: [LostRun]
    /// The id of the file store it has (`--store`), when it recorded one.
    public var store: String?

    enum CodingKeys: String, CodingKey {
        case id, host, pid, roles, version, publicURL = "publicUrl", state, started, lastHeartbeat
        case heartbeatAgeSeconds, uptimeSeconds, stopped, workers, workerCount, lostRuns, store
    }
}
