import Foundation
import Testing

@testable import Jobs
import Processes

/// A mock clock: time moves only when the test says so.
struct MockClock {
    var now: Date
    mutating func advance(_ seconds: TimeInterval) -> Date {
        now += seconds
        return now
    }
}

@Suite struct SchedulerCoreTests {
    let start = instant("2024-01-01T00:00:00Z")

    func job(_ name: String, _ schedule: String?, kind: String = "migrate", catchUp: JobDefinition.CatchUp = .skip)
        throws
        -> JobDefinition
    {
        JobDefinition(name: name, kind: kind, schedule: try schedule.map(Schedule.init(parsing:)), catchUp: catchUp)
    }

    func enqueued(_ actions: [SchedulerAction]) -> [Date] {
        actions.compactMap { if case .enqueue(let slot) = $0 { slot.slot } else { nil } }
    }

    func claims(_ actions: [SchedulerAction]) -> [ClaimRequest] {
        actions.compactMap { if case .claim(let request) = $0 { request } else { nil } }
    }

    @Test func cronSlotsAreEnqueuedWhenDue() throws {
        var core = SchedulerCore()
        var clock = MockClock(now: start)
        #expect(core.handle(.definitionsLoaded([try job("a", "@every 2s")], lastSlots: [:], now: clock.now)).isEmpty)
        #expect(enqueued(core.handle(.tick(clock.advance(1)))).isEmpty)
        #expect(enqueued(core.handle(.tick(clock.advance(1)))) == [start + 2])
        #expect(enqueued(core.handle(.tick(clock.advance(0.5)))).isEmpty)
        #expect(enqueued(core.handle(.tick(clock.advance(1.5)))) == [start + 4])
        #expect(core.nextSlots["a"] == start + 6)
    }

    @Test func catchUpPoliciesAfterDowntime() throws {
        let last = start - 10 * 3600  // the last slot was enqueued ten hours ago
        for (policy, expected) in [
            (JobDefinition.CatchUp.skip, [Date]()), (.once, [start]),
            (.all, (0..<10).map { last + Double($0 + 1) * 3600 }),
        ] {
            var core = SchedulerCore()
            let actions = core.handle(
                .definitionsLoaded([try job("a", "@hourly", catchUp: policy)], lastSlots: ["a": last], now: start + 60))
            #expect(enqueued(actions) == expected, "\(policy)")
            #expect(core.nextSlots["a"] == start + 3600)
        }
        var capped = SchedulerCore(
            configuration: {
                var c = SchedulerConfiguration(); c.maxCatchUpSlots = 3; return c
            }())
        let actions = capped.handle(
            .definitionsLoaded([try job("a", "@hourly", catchUp: .all)], lastSlots: ["a": last], now: start))
        #expect(enqueued(actions) == [start - 7200, start - 3600, start])
    }

    @Test func disabledAndUnscheduledJobsDoNotFire() throws {
        var core = SchedulerCore()
        var disabled = try job("off", "@every 1s")
        disabled.enabled = false
        _ = core.handle(.definitionsLoaded([disabled, try job("manual", nil)], lastSlots: [:], now: start))
        #expect(enqueued(core.handle(.tick(start + 5))).isEmpty)
    }

    @Test func retriesWithExponentialBackoffUntilTheLimit() {
        var core = SchedulerCore()
        let policy = JobDefinition.RetryPolicy(max: 2, backoff: .seconds(10))
        var finishes: [RunCompletion] = []
        for attempt in 1...3 {
            let run = ClaimedRun(id: Int64(attempt), job: "a", kind: "migrate", attempt: attempt, retries: policy)
            #expect(core.handle(.claimed([run], now: start)) == [.start(run)])
            for action in core.handle(.runFinished(id: run.id, outcome: .signalled(9), now: start)) {
                if case .finish(let completion) = action { finishes.append(completion) }
            }
        }
        #expect(finishes.map(\.cause) == ["signal 9", "signal 9", "signal 9"])
        #expect(finishes.map(\.retryAt) == [start + 10, start + 20, nil])
        #expect(finishes.allSatisfy { $0.state == .failed })
    }

    @Test func successAndPermanentFailuresAreNotRetried() {
        var core = SchedulerCore()
        let policy = JobDefinition.RetryPolicy(max: 5, backoff: .seconds(1))
        _ = core.handle(
            .claimed(
                [
                    ClaimedRun(id: 1, job: "a", kind: "x", retries: policy),
                    ClaimedRun(id: 2, job: "b", kind: "y", retries: policy),
                ], now: start))
        #expect(
            core.handle(.runFinished(id: 1, outcome: .exited(0), now: start)) == [
                .finish(RunCompletion(id: 1, state: .succeeded))
            ])
        #expect(
            core.handle(.runFinished(id: 2, outcome: .exited(permanentFailureExitStatus), now: start))
                == [.finish(RunCompletion(id: 2, state: .failed, cause: "exit 78"))])
        #expect(core.handle(.runFinished(id: 2, outcome: .exited(0), now: start)).isEmpty)
    }

    @Test func concurrencyLimitsOverallAndPerKind() {
        var config = SchedulerConfiguration()
        config.maxConcurrent = 3
        config.perKind = ["backup": 1, "migrate": 2]
        var core = SchedulerCore(configuration: config)
        let first = claims(core.handle(.tick(start)))
        #expect(first == [ClaimRequest(limit: 3, fullKinds: [], kindRoom: ["backup": 1, "migrate": 2])])
        #expect(claims(core.handle(.tick(start + 0.1))).isEmpty, "one claim at a time")
        _ = core.handle(
            .claimed(
                [ClaimedRun(id: 1, job: "b", kind: "backup"), ClaimedRun(id: 2, job: "m", kind: "migrate")], now: start)
        )
        #expect(
            claims(core.handle(.tick(start + 0.2))) == [
                ClaimRequest(limit: 1, fullKinds: ["backup"], kindRoom: ["migrate": 1])
            ])
        _ = core.handle(.claimed([ClaimedRun(id: 3, job: "m2", kind: "migrate")], now: start))
        #expect(claims(core.handle(.tick(start + 0.3))).isEmpty, "full")
        _ = core.handle(.runFinished(id: 1, outcome: .exited(0), now: start + 0.4))
        #expect(
            claims(core.handle(.tick(start + 0.5))) == [
                ClaimRequest(limit: 1, fullKinds: ["migrate"], kindRoom: ["backup": 1])
            ])
    }

    @Test func aRunIsNeverStartedTwice() {
        var core = SchedulerCore()
        let run = ClaimedRun(id: 7, job: "a", kind: "x")
        #expect(core.handle(.claimed([run], now: start)) == [.start(run)])
        #expect(core.handle(.claimed([run], now: start)).isEmpty)
    }

    @Test func timeoutTerminatesThenKillsAfterGrace() {
        var config = SchedulerConfiguration()
        config.grace = .seconds(5)
        var core = SchedulerCore(configuration: config)
        var clock = MockClock(now: start)
        _ = core.handle(
            .claimed(
                [
                    ClaimedRun(
                        id: 1, job: "a", kind: "x", retries: .init(max: 1, backoff: .seconds(1)), timeout: .seconds(60))
                ], now: clock.now))
        #expect(!core.handle(.tick(clock.advance(59))).contains(.signal(runID: 1, signal: SIGTERM)))
        #expect(core.handle(.tick(clock.advance(1))).contains(.signal(runID: 1, signal: SIGTERM)))
        #expect(!core.handle(.tick(clock.advance(4))).contains(.signal(runID: 1, signal: SIGKILL)))
        #expect(core.handle(.tick(clock.advance(1))).contains(.signal(runID: 1, signal: SIGKILL)))
        #expect(!core.handle(.tick(clock.advance(1))).contains(.signal(runID: 1, signal: SIGKILL)), "killed once")
        let end = core.handle(.runFinished(id: 1, outcome: .signalled(9), now: clock.now))
        #expect(
            end == [.finish(RunCompletion(id: 1, state: .failed, cause: "timeout after 60s", retryAt: clock.now + 1))])
    }

    @Test func cancelTerminatesAndRecordsCancelled() {
        var core = SchedulerCore()
        _ = core.handle(.claimed([ClaimedRun(id: 1, job: "a", kind: "x", retries: .init(max: 3))], now: start))
        #expect(core.handle(.cancelRequested(id: 1, now: start + 1)) == [.signal(runID: 1, signal: SIGTERM)])
        #expect(core.handle(.cancelRequested(id: 1, now: start + 2)).isEmpty)
        #expect(core.handle(.cancelRequested(id: 99, now: start + 2)).isEmpty)
        #expect(
            core.handle(.runFinished(id: 1, outcome: .signalled(15), now: start + 3)) == [
                .finish(RunCompletion(id: 1, state: .cancelled, cause: "cancelled"))
            ])
    }

    @Test func heartbeatsAndLeaseChecksAreRateLimited() {
        var config = SchedulerConfiguration()
        config.heartbeatEvery = .seconds(5)
        config.leaseCheckEvery = .seconds(1)
        var core = SchedulerCore(configuration: config)
        _ = core.handle(.claimed([ClaimedRun(id: 4, job: "a", kind: "x")], now: start))
        let first = core.handle(.tick(start))
        #expect(first.contains(.heartbeat([4])) && first.contains(.expireLeases))
        let soon = core.handle(.tick(start + 0.5))
        #expect(!soon.contains(.heartbeat([4])) && !soon.contains(.expireLeases))
        #expect(core.handle(.tick(start + 1)).contains(.expireLeases))
        #expect(core.handle(.tick(start + 5)).contains(.heartbeat([4])))
    }

    @Test func shutdownStopsClaimingWaitsThenTerminates() throws {
        var config = SchedulerConfiguration()
        config.grace = .seconds(10)
        var core = SchedulerCore(configuration: config)
        _ = core.handle(.definitionsLoaded([try job("a", "@every 1s")], lastSlots: [:], now: start))
        _ = core.handle(
            .claimed([ClaimedRun(id: 1, job: "a", kind: "x"), ClaimedRun(id: 2, job: "b", kind: "x")], now: start))
        #expect(core.handle(.shutdown(start + 1)).isEmpty)
        let quiet = core.handle(.tick(start + 5))
        #expect(claims(quiet).isEmpty && enqueued(quiet).isEmpty && !quiet.contains(.expireLeases))
        #expect(
            core.handle(.runFinished(id: 1, outcome: .exited(0), now: start + 6)) == [
                .finish(RunCompletion(id: 1, state: .succeeded))
            ])
        #expect(core.handle(.tick(start + 11)).contains(.signal(runID: 2, signal: SIGTERM)))
        #expect(core.handle(.runFinished(id: 2, outcome: .signalled(15), now: start + 12)).last == .exit)
    }

    @Test func shutdownWithNothingRunningExitsAtOnce() {
        var core = SchedulerCore()
        #expect(core.handle(.shutdown(start)) == [.exit])
        #expect(core.handle(.shutdown(start)).isEmpty)
    }

    @Test func reloadKeepsTheNextSlotOfAnUnchangedSchedule() throws {
        var core = SchedulerCore()
        _ = core.handle(
            .definitionsLoaded([try job("a", "@every 10s"), try job("b", "@every 10s")], lastSlots: [:], now: start))
        _ = core.handle(.tick(start + 10))
        _ = core.handle(
            .definitionsLoaded(
                [try job("a", "@every 10s"), try job("b", "@every 60s")], lastSlots: [:], now: start + 15))
        #expect(core.nextSlots == ["a": start + 20, "b": start + 60])
        _ = core.handle(.definitionsLoaded([try job("a", "@every 10s")], lastSlots: [:], now: start + 16))
        #expect(core.nextSlots.keys.sorted() == ["a"])
    }
}
