import DataDictionary
import Foundation
import JSON
import Jobs
import Loading
import MariaDB
import Testing
import TestSupport

/// The queue's guarantees, checked on the database itself with several connections.
@Suite struct JobStoreTests {
    /// Runs `body` with two stores (two connections, as two schedulers would have) on a fresh database.
    func withStores(_ body: (JobStore, JobStore, Connection) throws -> Void) throws {
        try withTestDatabase { connection, url in
            let sql = SQLDirectory(path: repositoryRoot + "/sql")
            try SchemaInstaller(dictionary: try DataDictionary(contentsOf: sql.dictionaryPath), sqlDirectory: sql)
                .apply(on: connection)
            try body(
                try JobStore(connection: try Connection(url: url)), try JobStore(connection: try Connection(url: url)),
                connection)
        }
    }

    let job = JobDefinition(
        name: "j", kind: "sleep", params: .object(["seconds": .integer(0)]),
        retries: .init(max: 1, backoff: .seconds(60)))
    let everything = ClaimRequest(limit: 10, fullKinds: [], kindRoom: [:])

    @Test func aSlotIsEnqueuedOnceAcrossSchedulers() throws {
        try withStores { first, second, connection throws in
            let slot = Date(timeIntervalSince1970: 1_700_000_000)
            #expect(try first.enqueue(job, slot: slot))
            #expect(try !second.enqueue(job, slot: slot))
            #expect(try second.enqueue(job, slot: slot + 2))
            #expect(try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs") == "2")
            #expect(try first.lastSlots() == ["j": slot + 2])
        }
    }

    @Test func claimsNeverOverlapAndNonOverlappingJobsRunOneAtATime() throws {
        try withStores { first, second, connection throws in
            var overlapping = job
            overlapping.name = "free"
            overlapping.allowOverlap = true
            for _ in 0..<3 {
                _ = try first.submit(job, trigger: "user")
                _ = try first.submit(overlapping, trigger: "user")
            }
            let a = try first.claim(everything, owner: "a", host: "h", lease: .seconds(30))
            let b = try second.claim(everything, owner: "b", host: "h", lease: .seconds(30))
            #expect(Set(a.map(\.id)).isDisjoint(with: b.map(\.id)))
            #expect((a + b).filter { $0.job == "j" }.count == 1, "a non-overlapping job runs once at a time")
            #expect((a + b).filter { $0.job == "free" }.count == 3)
            let running = try #require((a + b).first { $0.job == "j" })
            try first.finish(RunCompletion(id: running.id, state: .succeeded), owner: a.contains(running) ? "a" : "b")
            #expect(try second.claim(everything, owner: "b", host: "h", lease: .seconds(30)).map(\.job) == ["j"])
            #expect(try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs WHERE state = 'queued'") == "1")
        }
    }

    @Test func perKindRoomAndFullKindsAreRespected() throws {
        try withStores { first, _, _ throws in
            for _ in 0..<3 {
                _ = try first.submit(JobDefinition(name: "m", kind: "migrate", allowOverlap: true), trigger: "api")
            }
            _ = try first.submit(JobDefinition(name: "p", kind: "prune"), trigger: "api")
            let claimed = try first.claim(
                ClaimRequest(limit: 10, fullKinds: ["prune"], kindRoom: ["migrate": 2]), owner: "a", host: "h",
                lease: .seconds(30))
            #expect(claimed.map(\.kind) == ["migrate", "migrate"])
        }
    }

    @Test func expiredLeasesAreLostAndRetriedOnce() throws {
        try withStores { first, second, connection throws in
            let id = try first.submit(job, trigger: "user")
            _ = try first.claim(everything, owner: "dead", host: "h", lease: .milliseconds(1))
            Thread.sleep(forTimeInterval: 0.01)
            #expect(try second.expireLeases() == [id])
            #expect(try first.expireLeases().isEmpty)
            #expect(try first.run(id).state == .lost)
            let retry = try #require(try first.list(RunFilter(state: .queued)).first)
            #expect(retry.retryOf == id && retry.attempt == 2)
            #expect(
                try first.heartbeat([id], owner: "dead", lease: .seconds(30)) == [id],
                "the dead owner learns it lost the lease")
            try first.finish(RunCompletion(id: id, state: .succeeded), owner: "dead")
            #expect(try first.run(id).state == .lost, "a late finish does not overwrite lost")
            #expect(try connection.scalar("SELECT COUNT(*) FROM sluice_job_runs") == "2")
        }
    }

    @Test func cancelRetryPruneAndControls() throws {
        try withStores { store, _, connection throws in
            let queued = try store.submit(job, trigger: "user")
            #expect(try store.cancel(queued) == .queued)
            #expect(try store.run(queued).state == .cancelled)
            #expect(throws: JobsError.self) { try store.cancel(queued) }
            let again = try store.retry(queued)
            #expect(try store.run(again).trigger == "user")
            _ = try store.claim(everything, owner: "a", host: "h", lease: .seconds(30))
            #expect(try store.cancel(again) == .running)
            #expect(try store.cancelRequests(owner: "a") == [again])
            #expect(throws: JobsError.self) { try store.retry(again) }
            try store.appendLog(again, firstSeq: 0, lines: [("stdout", "hello"), ("stderr", "oops")])
            #expect(try store.log(again).map(\.line) == ["hello", "oops"])
            try store.finish(RunCompletion(id: again, state: .cancelled, cause: "cancelled"), owner: "a")
            try connection.execute("UPDATE sluice_job_runs SET finished_at = UTC_TIMESTAMP(6) - INTERVAL 40 DAY")
            #expect(try store.prune(olderThanDays: 30) == 2)
            #expect(try connection.scalar("SELECT COUNT(*) FROM sluice_job_logs") == "0")
            try store.setEnabled("j", false)
            let controls = try store.controls()
            #expect(controls.overrides == ["j": false] && controls.generation == 1)
        }
    }
}
