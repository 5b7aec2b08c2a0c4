public import Foundation
import Processes

/// The scheduler's decisions, free of I/O: events in, actions out. Time only enters through the
/// events, so tests drive it with a mock clock and no sleeps.
public struct SchedulerCore: Sendable {
    /// A job whose schedule this scheduler follows.
    struct Plan: Sendable {
        var definition: JobDefinition
        var next: Date?
    }

    /// Why a worker was sent SIGTERM.
    enum StopReason: Sendable { case timeout, cancel, shutdown }

    /// A run this scheduler executes.
    struct Running: Sendable {
        var run: ClaimedRun
        var deadline: Date
        var stop: StopReason?
        var terminatedAt: Date?
        var killed = false
    }

    /// The limits and timings.
    public let configuration: SchedulerConfiguration
    private(set) var plans: [String: Plan] = [:]
    private(set) var running: [Int64: Running] = [:]
    private var lastHeartbeat = Date.distantPast
    private var lastLeaseCheck = Date.distantPast
    private var claimPending = false
    private var shutdownAt: Date?
    private var exited = false

    /// Creates a core that follows no job yet.
    public init(configuration: SchedulerConfiguration = .init()) {
        self.configuration = configuration
    }

    /// The ids of the runs in progress here.
    public var runningIDs: [Int64] { running.keys.sorted() }

    /// The next slot of each followed job.
    public var nextSlots: [String: Date] { plans.compactMapValues(\.next) }

    /// Handles one event and says what to do.
    public mutating func handle(_ event: SchedulerEvent) -> [SchedulerAction] {
        switch event {
        case .definitionsLoaded(let definitions, let lastSlots, let now):
            return load(definitions, lastSlots: lastSlots, now: now)
        case .tick(let now):
            return tick(now)
        case .claimed(let runs, let now):
            claimPending = false
            return runs.compactMap { run in
                guard running[run.id] == nil else { return nil }
                running[run.id] = Running(run: run, deadline: now + run.timeout.seconds)
                return .start(run)
            }
        case .runFinished(let id, let outcome, let now):
            guard let entry = running.removeValue(forKey: id) else { return [] }
            var actions: [SchedulerAction] = [.finish(Self.completion(entry, outcome, now))]
            if shutdownAt != nil && running.isEmpty && !exited {
                exited = true
                actions.append(.exit)
            }
            return actions
        case .cancelRequested(let id, let now):
            guard var entry = running[id], entry.stop == nil else { return [] }
            entry.stop = .cancel
            entry.terminatedAt = now
            running[id] = entry
            return [.signal(runID: id, signal: SIGTERM)]
        case .shutdown(let now):
            guard shutdownAt == nil else { return [] }
            shutdownAt = now
            if running.isEmpty {
                exited = true
                return [.exit]
            }
            return []
        }
    }

    private mutating func load(_ definitions: [JobDefinition], lastSlots: [String: Date], now: Date)
        -> [SchedulerAction]
    {
        var actions: [SchedulerAction] = []
        var plans: [String: Plan] = [:]
        for definition in definitions {
            guard definition.enabled, let schedule = definition.schedule else { continue }
            if let old = self.plans[definition.name], old.definition.schedule == schedule,
                old.definition.timeZone == definition.timeZone
            {
                plans[definition.name] = Plan(definition: definition, next: old.next)
                continue
            }
            var next = schedule.next(after: lastSlots[definition.name] ?? now, in: definition.timeZone)
            var missed: [Date] = []
            while let slot = next, slot <= now, missed.count < 100_000 {
                missed.append(slot)
                next = schedule.next(after: slot, in: definition.timeZone)
            }
            let caught: ArraySlice<Date> =
                switch definition.catchUp {
                case .skip: []
                case .once: missed.suffix(1)
                case .all: missed.suffix(configuration.maxCatchUpSlots)
                }
            actions += caught.map { .enqueue(ScheduledSlot(job: definition.name, slot: $0)) }
            plans[definition.name] = Plan(definition: definition, next: next)
        }
        self.plans = plans
        return actions
    }

    private mutating func tick(_ now: Date) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        if shutdownAt == nil {
            for name in plans.keys.sorted() {
                guard var plan = plans[name], let schedule = plan.definition.schedule else { continue }
                var due = 0
                while let slot = plan.next, slot <= now {
                    if due < configuration.maxCatchUpSlots {
                        actions.append(.enqueue(ScheduledSlot(job: name, slot: slot)))
                    }
                    due += 1
                    plan.next = schedule.next(after: slot, in: plan.definition.timeZone)
                }
                plans[name] = plan
            }
        }
        actions += stopOverdueWorkers(now)
        if !running.isEmpty && now.timeIntervalSince(lastHeartbeat) >= configuration.heartbeatEvery.seconds {
            lastHeartbeat = now
            actions.append(.heartbeat(runningIDs))
        }
        guard shutdownAt == nil else { return actions }
        if now.timeIntervalSince(lastLeaseCheck) >= configuration.leaseCheckEvery.seconds {
            lastLeaseCheck = now
            actions.append(.expireLeases)
        }
        if !claimPending, let request = claimRequest() {
            claimPending = true
            actions.append(.claim(request))
        }
        return actions
    }

    /// SIGTERM for runs past their deadline (or past the shutdown grace), SIGKILL a grace period later.
    private mutating func stopOverdueWorkers(_ now: Date) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        let grace = configuration.grace.seconds
        for id in runningIDs {
            guard var entry = running[id] else { continue }
            if entry.stop == nil {
                if now >= entry.deadline {
                    entry.stop = .timeout
                } else if let shutdownAt, now.timeIntervalSince(shutdownAt) >= grace {
                    entry.stop = .shutdown
                }
                if entry.stop != nil {
                    entry.terminatedAt = now
                    actions.append(.signal(runID: id, signal: SIGTERM))
                }
            } else if let terminatedAt = entry.terminatedAt, !entry.killed, now.timeIntervalSince(terminatedAt) >= grace
            {
                entry.killed = true
                actions.append(.signal(runID: id, signal: SIGKILL))
            }
            running[id] = entry
        }
        return actions
    }

    private func claimRequest() -> ClaimRequest? {
        let limit = configuration.maxConcurrent - running.count
        guard limit > 0 else { return nil }
        var full = Set<String>()
        var room: [String: Int] = [:]
        for (kind, cap) in configuration.perKind {
            let left = cap - running.values.filter { $0.run.kind == kind }.count
            if left > 0 { room[kind] = left } else { full.insert(kind) }
        }
        return ClaimRequest(limit: limit, fullKinds: full, kindRoom: room)
    }

    /// The recorded end of a run, with a retry when its policy allows one.
    static func completion(_ entry: Running, _ outcome: ProcessOutcome, _ now: Date) -> RunCompletion {
        let run = entry.run
        if entry.stop == .cancel { return RunCompletion(id: run.id, state: .cancelled, cause: "cancelled") }
        let cause: String
        var retryable = true
        switch (outcome, entry.stop) {
        case (.exited(0), nil): return RunCompletion(id: run.id, state: .succeeded)
        case (_, .timeout?): cause = "timeout after \(Int(run.timeout.seconds))s"
        case (.exited(permanentFailureExitStatus), _):
            cause = "exit \(permanentFailureExitStatus)"
            retryable = false
        case (.exited(let status), _): cause = "exit \(status)"
        case (.signalled(let signal), _): cause = "signal \(signal)"
        }
        let retryAt = retryable ? run.retries.retryTime(afterAttempt: run.attempt, now: now) : nil
        return RunCompletion(id: run.id, state: .failed, cause: cause, retryAt: retryAt)
    }
}

extension JobDefinition.RetryPolicy {
    /// When attempt `attempt + 1` should run after attempt `attempt` ended at `now`; nil when retries are used up.
    public func retryTime(afterAttempt attempt: Int, now: Date) -> Date? {
        attempt <= max ? now + delay(afterAttempt: attempt).seconds : nil
    }
}
