public import Foundation
public import JSON

/// One job, as declared by a file in `jobs/`: what to run, with which parameters, and when.
public struct JobDefinition: Sendable, Equatable {
    /// What happens to slots missed while no scheduler ran.
    public enum CatchUp: String, Sendable, Equatable, CaseIterable {
        /// Missed slots are dropped; the next run is the next future slot.
        case skip
        /// The latest missed slot runs once.
        case once
        /// Every missed slot runs (up to `SchedulerConfiguration.maxCatchUpSlots`).
        case all
    }

    /// How failed runs are retried.
    public struct RetryPolicy: Sendable, Equatable {
        /// Retries after the first attempt (0: never retried).
        public var max: Int
        /// Delay before the first retry; doubled for each further one.
        public var backoff: Duration

        /// Creates a policy.
        public init(max: Int = 0, backoff: Duration = .seconds(30)) {
            self.max = max
            self.backoff = backoff
        }

        /// The delay before attempt `attempt + 1`, after attempt `attempt` (1-based) failed.
        public func delay(afterAttempt attempt: Int) -> Duration {
            backoff * (1 << Swift.min(Swift.max(attempt - 1, 0), 16))
        }
    }

    /// Who is told when a run ends: webhooks called on failure, and on success when asked.
    public struct Notify: Sendable, Equatable {
        /// The URLs (http or https) a notice is POSTed to.
        public var webhooks: [URL]
        /// Whether a run that succeeded is announced too (failures always are).
        public var onSuccess: Bool

        /// Creates a notification setting.
        public init(webhooks: [URL] = [], onSuccess: Bool = false) {
            self.webhooks = webhooks
            self.onSuccess = onSuccess
        }

        /// Whether a run that ended in `state` is announced: a failure (`failed`, `lost`) always,
        /// a success when `onSuccess` is set, a cancelled run never.
        public func announces(_ state: RunState) -> Bool {
            guard !webhooks.isEmpty else { return false }
            return state == .failed || state == .lost || (state == .succeeded && onSuccess)
        }
    }

    /// The job's unique name (its file's base name).
    public var name: String
    /// What the job is for, in the words of whoever wrote it (nil when not given).
    public var description: String?
    /// What the worker does: `migrate`, `backup`, `restore`, `prune`, ...
    public var kind: String
    /// Kind-specific parameters (a JSON object).
    public var params: JSONValue
    /// When the job runs; nil for a job that only runs on demand.
    public var schedule: Schedule?
    /// The time zone the schedule is read in.
    public var timeZone: TimeZone
    /// What to do with slots missed during downtime.
    public var catchUp: CatchUp
    /// The longest a run may take before it is terminated (then counted as failed).
    public var timeout: Duration
    /// How failed runs are retried.
    public var retries: RetryPolicy
    /// Whether a run may start while another run of the same job is running.
    public var allowOverlap: Bool
    /// Whether the schedule fires (a disabled job can still be run by hand).
    public var enabled: Bool
    /// Who is told when a run ends (no webhooks: nobody).
    public var notify = Notify()

    /// Creates a definition.
    public init(
        name: String, kind: String, params: JSONValue = .object([:]), schedule: Schedule? = nil,
        timeZone: TimeZone = .gmt, catchUp: CatchUp = .skip,
        timeout: Duration = .seconds(3600), retries: RetryPolicy = RetryPolicy(), allowOverlap: Bool = false,
        enabled: Bool = true
    ) {
        self.name = name
        self.kind = kind
        self.params = params
        self.schedule = schedule
        self.timeZone = timeZone
        self.catchUp = catchUp
        self.timeout = timeout
        self.retries = retries
        self.allowOverlap = allowOverlap
        self.enabled = enabled
    }
}
