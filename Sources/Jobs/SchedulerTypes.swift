public import Foundation
public import Processes

/// The scheduler's limits and timings.
public struct SchedulerConfiguration: Sendable, Equatable {
    /// Runs this scheduler executes at once (default: the number of cores).
    public var maxConcurrent = ProcessInfo.processInfo.activeProcessorCount
    /// Runs of a kind this scheduler executes at once, for the kinds listed.
    public var perKind: [String: Int] = [:]
    /// Time a worker gets between SIGTERM and SIGKILL, and running workers get at shutdown.
    public var grace: Duration = .seconds(10)
    /// How long a claimed run's lease lasts without a heartbeat.
    public var lease: Duration = .seconds(15)
    /// How often leases of running runs are renewed.
    public var heartbeatEvery: Duration = .seconds(5)
    /// How often expired leases (of dead schedulers) are looked for.
    public var leaseCheckEvery: Duration = .seconds(1)
    /// The most missed slots enqueued for a job with catch-up `all`.
    public var maxCatchUpSlots = 100
    /// The ids of the file stores this scheduler's workers have: it also claims runs that need one.
    public var stores: [String] = []

    /// The default configuration.
    public init() {}
}

/// One slot of a job's schedule, to enqueue (exactly once across schedulers).
public struct ScheduledSlot: Sendable, Equatable {
    /// The job's name.
    public var job: String
    /// The slot's instant.
    public var slot: Date

    /// Creates a slot.
    public init(job: String, slot: Date) {
        self.job = job
        self.slot = slot
    }
}

/// What a scheduler may claim from the queue now.
public struct ClaimRequest: Sendable, Equatable {
    /// The most runs to claim.
    public var limit: Int
    /// Kinds that are at their limit and must not be claimed.
    public var fullKinds: Set<String>
    /// Remaining room of the limited kinds that still have some.
    public var kindRoom: [String: Int]

    /// Creates a request.
    public init(limit: Int, fullKinds: Set<String> = [], kindRoom: [String: Int] = [:]) {
        self.limit = limit
        self.fullKinds = fullKinds
        self.kindRoom = kindRoom
    }
}

/// A run this scheduler claimed and must start.
public struct ClaimedRun: Sendable, Equatable {
    /// The run's id.
    public var id: Int64
    /// The job's name.
    public var job: String
    /// The job's kind.
    public var kind: String
    /// 1 for the first attempt.
    public var attempt: Int
    /// The retry policy recorded with the run.
    public var retries: JobDefinition.RetryPolicy
    /// The longest the run may take.
    public var timeout: Duration
    /// Whether other runs of the job may run at the same time.
    public var allowOverlap: Bool

    /// Creates a claimed run.
    public init(
        id: Int64, job: String, kind: String, attempt: Int = 1, retries: JobDefinition.RetryPolicy = .init(),
        timeout: Duration = .seconds(3600), allowOverlap: Bool = false
    ) {
        self.id = id
        self.job = job
        self.kind = kind
        self.attempt = attempt
        self.retries = retries
        self.timeout = timeout
        self.allowOverlap = allowOverlap
    }
}

/// How a worker process ended (the process spawner's outcome).
public typealias ProcessOutcome = Processes.ProcessOutcome

/// A run's state in the history.
public enum RunState: String, Sendable, Equatable, CaseIterable, Codable {
    /// Waiting for a scheduler to claim it (possibly not before a retry time).
    case queued
    /// A worker executes it under a scheduler's lease.
    case running
    /// The worker exited 0.
    case succeeded
    /// The worker exited non-zero, was killed by a signal, or timed out.
    case failed
    /// Cancelled while queued, or stopped on request while running.
    case cancelled
    /// Its scheduler died: the lease expired without a heartbeat.
    case lost
}

/// How a run ended, to record; with a retry when the policy asks for one.
public struct RunCompletion: Sendable, Equatable {
    /// The run's id.
    public var id: Int64
    /// `succeeded`, `failed` or `cancelled`.
    public var state: RunState
    /// Why it ended (`exit 2`, `signal 9`, `timeout`, `cancelled`), nil on success.
    public var cause: String?
    /// When a retry should run, if one is due.
    public var retryAt: Date?

    /// Creates a completion.
    public init(id: Int64, state: RunState, cause: String? = nil, retryAt: Date? = nil) {
        self.id = id
        self.state = state
        self.cause = cause
        self.retryAt = retryAt
    }
}

/// Exit status a worker uses for a failure that a retry cannot fix (bad params, unknown kind).
public let permanentFailureExitStatus: Int32 = 78

/// An input to `SchedulerCore`.
public enum SchedulerEvent: Sendable {
    /// The definitions were (re)loaded; `lastSlots` is each job's latest enqueued slot.
    case definitionsLoaded([JobDefinition], lastSlots: [String: Date], now: Date)
    /// Time passed.
    case tick(Date)
    /// A claim asked for with `.claim` returned these runs.
    case claimed([ClaimedRun], now: Date)
    /// A worker process ended.
    case runFinished(id: Int64, outcome: ProcessOutcome, now: Date)
    /// Someone asked to cancel a run this scheduler executes.
    case cancelRequested(id: Int64, now: Date)
    /// Stop: claim nothing more, let workers finish within the grace period, then exit.
    case shutdown(Date)
}

/// An output of `SchedulerCore`, for the shell to carry out.
public enum SchedulerAction: Sendable, Equatable {
    /// Insert a queued run for this slot (ignored if another scheduler did).
    case enqueue(ScheduledSlot)
    /// Claim queued runs within these limits, then report them with `.claimed`.
    case claim(ClaimRequest)
    /// Spawn a worker for the run.
    case start(ClaimedRun)
    /// Send a signal to the run's worker process group.
    case signal(runID: Int64, signal: Int32)
    /// Renew the leases of these runs.
    case heartbeat([Int64])
    /// Mark runs whose lease expired `lost`, retrying them per their policy.
    case expireLeases
    /// Record how a run ended.
    case finish(RunCompletion)
    /// Every worker is done after a shutdown: the shell may exit.
    case exit
}
