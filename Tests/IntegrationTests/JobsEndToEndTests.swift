import Foundation
import MariaDB
import Testing
import TestSupport

/// The scheduler with real processes: two schedulers sharing one queue, workers and schedulers
/// killed with SIGKILL, and cancellation. Each test is bounded in time.
@Suite(.serialized) struct JobsEndToEndTests {
    static func arguments(_ url: DatabaseURL, _ folder: String) -> [String] {
        ["--database-url", url.connectionString, "--data-dir", folder, "--jobs-dir", folder + "/jobs"]
    }

    /// Queues run 1 of the job `long`, waits until a worker runs it, and returns the worker's pid.
    static func runLongJob(_ connection: Connection, _ base: [String]) throws -> Int32 {
        #expect(try SluiceBinary.runTest(["schema", "apply"] + base.prefix(4)).status == 0)
        #expect(try SluiceBinary.runTest(["jobs", "run", "long"] + base).status == 0)
        #expect(
            try waitUntil(15) {
                // The claim marks the run running; the worker's pid is recorded just after the spawn.
                try connection.scalar(
                    "SELECT CONCAT(state, '/', worker_pid IS NOT NULL) FROM sluice_job_runs WHERE id = 1")
                    == "running/1"
            })
        return try #require(Int32(try connection.scalar("SELECT worker_pid FROM sluice_job_runs WHERE id = 1")))
    }

    @Test func twoSchedulersRunEverySlotExactlyOnce() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                try writeJob(
                    "tick", #"{"kind": "sleep", "params": {"seconds": 0.05}, "schedule": "@every 2s"}"#, in: folder)
                let first = try SchedulerProcess(url: url, folder: folder, name: "a")
                let second = try SchedulerProcess(url: url, folder: folder, name: "b")
                Thread.sleep(forTimeInterval: 10)
                #expect(first.stop() == 0 && second.stop() == 0, "\(first.output)\n\(second.output)")
                let rows = try connection.query("SELECT slot, state, lease_owner FROM sluice_job_runs ORDER BY slot")
                #expect(rows.count >= 4, "\(first.output)\n\(second.output)")
                let slots = rows.map { $0[0].description }
                #expect(Set(slots).count == slots.count, "a slot ran twice")
                #expect(rows.allSatisfy { $0[1].description == "succeeded" })
                let seconds = slots.compactMap { Int($0.dropFirst(17).prefix(2)) }
                for (earlier, later) in zip(seconds, seconds.dropFirst()) {
                    #expect((later - earlier + 60) % 60 == 2, "a slot was missed: \(slots)")
                }
                let done = try connection.query(
                    "SELECT run_id, COUNT(*) FROM sluice_job_logs WHERE line LIKE '%: done %' GROUP BY run_id")
                #expect(done.count == rows.count && done.allSatisfy { $0[1].description == "1" })
            }
        }
    }

    @Test func workerKilledMidMigrationFailsWithItsCauseAndARetryFinishesWithoutDuplicates() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let rows = 300_000
                try InterruptedMigrationTests.writeFiles(rows: rows, in: folder)
                let base = ["--database-url", url.connectionString, "--data-dir", folder]
                #expect(
                    try SluiceBinary.runTest(["migrate", "--table", "departments", folder + "/departments.csv"] + base)
                        .status == 0)
                #expect(
                    try SluiceBinary.runTest(["migrate", "--table", "jobs", folder + "/jobs.csv"] + base).status == 0)
                try writeJob(
                    "load",
                    #"{"kind": "migrate", "params": {"table": "hired_employees", "file": "\#(folder)/hired_employees.csv", "batchRows": 2000}}"#,
                    in: folder)
                let scheduler = try SchedulerProcess(url: url, folder: folder, name: "s")
                defer { scheduler.stop() }
                let queued = try SluiceBinary.runTest(["jobs", "run", "load", "--jobs-dir", folder + "/jobs"] + base)
                #expect(queued.status == 0, "\(queued.stderr)")
                let id = try #require(queued.stdout.split(separator: " ").dropFirst(2).first.map(String.init))
                #expect(
                    try waitUntil(30) {
                        (Int(
                            try connection.scalar(
                                "SELECT next_offset FROM sluice_loads WHERE table_name = 'hired_employees'")) ?? 0) > 0
                    }, "\(scheduler.output)")
                let pid = try #require(
                    Int32(try connection.scalar("SELECT worker_pid FROM sluice_job_runs WHERE id = ?", [.string(id)])))
                kill(pid, SIGKILL)
                #expect(
                    try waitUntil(10) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.string(id)])
                            == "failed"
                    })
                #expect(
                    try connection.scalar("SELECT exit_cause FROM sluice_job_runs WHERE id = ?", [.string(id)])
                        == "signal 9")
                let partial = Int(try connection.scalar("SELECT COUNT(*) FROM hired_employees")) ?? 0
                #expect(partial < rows - rows / 1000, "killed too late to test a resume")

                let retried = try SluiceBinary.runTest(["jobs", "retry", id] + base)
                #expect(retried.status == 0, "\(retried.stderr)")
                #expect(
                    try waitUntil(60) {
                        try connection.scalar(
                            "SELECT state FROM sluice_job_runs WHERE id = (SELECT MAX(id) FROM sluice_job_runs)")
                            == "succeeded"
                    }, "\(scheduler.output)")
                #expect(try connection.scalar("SELECT COUNT(*) FROM hired_employees") == "\(rows - rows / 1000)")
                #expect(
                    try connection.scalar("SELECT COUNT(DISTINCT id) FROM hired_employees") == "\(rows - rows / 1000)")
                let show = try SluiceBinary.runTest(["jobs", "show", id] + base)
                #expect(show.stdout.contains("cause: signal 9"))
                let retryLog = try SluiceBinary.runTest(["jobs", "show", "\((Int(id) ?? 0) + 1)"] + base).stdout
                #expect(
                    retryLog.contains("resuming at byte") && retryLog.contains("hired_employees: loaded"), "\(retryLog)"
                )
            }
        }
    }

    @Test func aKilledSchedulersRunIsMarkedLostAndRetriedByAnother() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                try writeJob(
                    "long", #"{"kind": "sleep", "params": {"seconds": 4}, "retries": {"max": 1, "backoff": "1s"}}"#,
                    in: folder)
                let doomed = try SchedulerProcess(url: url, folder: folder, name: "doomed")
                let base = Self.arguments(url, folder)
                let worker = try Self.runLongJob(connection, base)
                doomed.killHard()
                let survivor = try SchedulerProcess(url: url, folder: folder, name: "survivor")
                defer { survivor.stop() }
                #expect(waitUntil(5) { !isRunning(worker) }, "the orphaned worker should kill itself")
                #expect(
                    try waitUntil(10) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = 1") == "lost"
                    })
                #expect(
                    try connection.scalar("SELECT exit_cause FROM sluice_job_runs WHERE id = 1").hasPrefix(
                        "lease expired"))
                #expect(
                    try waitUntil(15) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE retry_of = 1") == "succeeded"
                    }, "\(survivor.output)")
                #expect(try connection.scalar("SELECT attempt FROM sluice_job_runs WHERE retry_of = 1") == "2")
                #expect(try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs") == "2")
            }
        }
    }

    /// The scheduler runs with a 2 s grace period: a worker that ignores SIGTERM is killed after it.
    @Test(arguments: [false, true])
    func cancellingALongRunStopsItWithinTheGracePeriod(ignoringSIGTERM: Bool) throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                try writeJob(
                    "long",
                    #"{"kind": "sleep", "params": {"seconds": 60, "ignoreTerm": \#(ignoringSIGTERM)}, "retries": {"max": 3}}"#,
                    in: folder)
                let scheduler = try SchedulerProcess(url: url, folder: folder, name: "s")
                defer { scheduler.stop() }
                let base = Self.arguments(url, folder)
                let worker = try Self.runLongJob(connection, base)
                Thread.sleep(forTimeInterval: 0.5)  // let the worker get to its sleep (and ignore SIGTERM)
                let asked = Date()
                #expect(try SluiceBinary.runTest(["jobs", "cancel", "1"] + base).status == 0)
                #expect(
                    try waitUntil(2 + 2) {
                        try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = 1") == "cancelled"
                    })
                let seconds = Date().timeIntervalSince(asked)
                #expect(seconds < (ignoringSIGTERM ? 2 + 1.5 : 1.5), "stopped in \(seconds) s")
                if ignoringSIGTERM { #expect(seconds >= 2, "SIGKILL came before the grace period ended") }
                #expect(kill(worker, 0) != 0, "the worker was reaped")  // our child: no zombie left
                #expect(
                    try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs") == "1",
                    "a cancelled run is not retried")
                #expect(
                    try SluiceBinary.runTest(["jobs", "cancel", "1"] + base).status != 0,
                    "an ended run cannot be cancelled")
            }
        }
    }

    @Test func reloadAndDisableReachARunningScheduler() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                try FileManager.default.createDirectory(atPath: folder + "/jobs", withIntermediateDirectories: true)
                let scheduler = try SchedulerProcess(url: url, folder: folder, name: "s")
                defer { scheduler.stop() }
                let base = Self.arguments(url, folder)
                #expect(waitUntil(15) { scheduler.output.contains("job definitions loaded") })
                try writeJob(
                    "tick", #"{"kind": "sleep", "params": {"seconds": 0}, "schedule": "@every 1s"}"#, in: folder)
                try writeJob("broken", #"{"kind": "sleep", "schedule": "@every 1 s"}"#, in: folder)
                let reload = try SluiceBinary.runTest(["jobs", "reload"] + base)
                #expect(
                    reload.status == 2 && reload.stderr.contains("broken.json:1: field 'schedule'"), "\(reload.stderr)")
                #expect(try waitUntil(5) { try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs") != "0" })
                #expect(try SluiceBinary.runTest(["jobs", "disable", "tick"] + base).status == 0)
                Thread.sleep(forTimeInterval: 2)  // the scheduler checks controls every second
                let count = try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs")
                Thread.sleep(forTimeInterval: 2)
                #expect(try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs") == count, "disabled, yet it ran")
                let schedules = try SluiceBinary.runTest(["jobs", "schedules"] + base)
                #expect(schedules.stdout.contains("disabled  next -  last run"), "\(schedules.stdout)")
            }
        }
    }
}
