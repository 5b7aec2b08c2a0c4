import Foundation
import Jobs
import Loading
import Logging
import MariaDB
import Testing
import TestSupport

/// The scheduler's loop in this process, on its own thread as `sluice serve` runs it, starting real
/// worker processes whose output two reader threads each capture, then stopped: for `make
/// sanitize` to see the loop, the readers, the wake-ups and the stop under both sanitizers.
@Suite struct SchedulerThreadsTests {
    @Test func workersRunTheirOutputIsCapturedAndTheSchedulerStops() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { jobsFolder in
                try SchemaInstaller(dictionary: try PipelineFixture.dictionary(), sqlDirectory: PipelineFixture.sql)
                    .apply(on: connection)
                let store = try JobStore(connection: connection)
                let definition = JobDefinition(name: "echo", kind: "echo", allowOverlap: true)
                let runs = 6
                for _ in 0..<runs { _ = try store.submit(definition, trigger: "user") }
                // The worker is `sh -c SCRIPT sh --run ID`: one line on each stream, then exit 0.
                let worker = Scheduler.WorkerCommand(
                    executable: "/bin/sh", arguments: ["-c", "echo out \"$2\"; echo err \"$2\" >&2", "sh"],
                    environment: [:])
                let stop = SchedulerStop()
                let scheduler = try Scheduler(
                    openStore: { try JobStore(connection: try Connection(url: url)) }, jobsDirectory: jobsFolder,
                    kinds: JobKindRegistry(), configuration: SchedulerConfiguration(), worker: worker,
                    logger: Logger(label: "sluice.test.scheduler"), stop: stop)
                let ended = DispatchSemaphore(value: 0)
                let running = UncheckedTransfer(scheduler)
                Thread {
                    running.value.run()
                    ended.signal()
                }.start()
                let succeeded = waitUntil(120) {
                    (try? connection.query("SELECT COUNT(*) FROM sluice_job_runs WHERE state = 'succeeded'"))?
                        .first?.first?.description == String(runs)
                }
                stop.request()
                #expect(ended.wait(timeout: .now() + 60) == .success, "the scheduler stopped")
                #expect(succeeded, "every run succeeded")
                let lines = try connection.query("SELECT stream, line FROM sluice_job_logs ORDER BY run_id, seq")
                #expect(lines.count == 2 * runs)
                #expect(Set(lines.map { $0[0].description }) == ["stdout", "stderr"])
            }
        }
    }
}
