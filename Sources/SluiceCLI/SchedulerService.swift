import Jobs
import ServiceLifecycle

/// The job scheduler as a service: its loop runs on a thread of its own (it talks to MariaDB and
/// waits between ticks); at graceful shutdown (or cancellation) it stops claiming, gives its workers
/// the grace period, then SIGTERM and SIGKILL, and `run` returns once every worker is reaped.
struct SchedulerService: Service {
    /// Opens the scheduler (on the scheduler's thread: it is not Sendable) that `stop` stops.
    let makeScheduler: @Sendable (SchedulerStop) throws -> Scheduler

    func run() async throws {
        let stop = SchedulerStop()
        let makeScheduler = makeScheduler
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await onOwnThread(named: "sluice.scheduler") { try makeScheduler(stop).run() }
        } onCancelOrGracefulShutdown: {
            stop.request()
        }
    }
}
