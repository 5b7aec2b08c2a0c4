import DataDictionary
import Dispatch
import Foundation
import JSON
import Jobs
import Loading
import MariaDB
import Synchronization
import Testing
import TestSupport

/// The claim protocol on a three-node MariaDB Galera cluster, where row locks hold on one node only
/// and two nodes writing one row are told apart at commit by certification: a slot enqueued from
/// three nodes at once is inserted once, runs claimed from three nodes at once are claimed once
/// each, and `sluice scheduler`s on the three nodes (with `sluice serve` on one) run every run once
/// and retry the run of one killed with SIGKILL once, elsewhere. One cluster serves the whole test,
/// since starting it is most of its time.
@Suite(.serialized, clusterOnly) struct GaleraClusterTests {
    let job = JobDefinition(name: "slot", kind: "sleep", params: .object(["seconds": .integer(0)]))

    @Test func theClaimProtocolRunsEachRunOnceAcrossThreeNodes() throws {
        let start = Date()
        try withGaleraCluster { cluster in
            print("Galera: three nodes synced after \(Int(Date().timeIntervalSince(start))) s")
            let urls = (0..<3).map { cluster.url($0) }
            let sql = SQLDirectory(path: repositoryRoot + "/sql")
            try SchemaInstaller(dictionary: try DataDictionary(contentsOf: sql.dictionaryPath), sqlDirectory: sql)
                .apply(on: try Connection(url: urls[0]))
            let slots = try slotsFromThreeNodes(urls)
            let claims = try claimsFromThreeNodes(urls)
            let schedulers = try schedulersOnThreeNodes(urls)
            print("Galera: conflicts retried: slots \(slots), claims \(claims), schedulers \(schedulers)")
            try cluster.restart(2, adding: ["--innodb-autoinc-lock-mode=1"])
            try refusesANodeWithoutInterleavedAutoIncrement(urls[2])
        }
    }

    /// Every node enqueues the same 20 slots at the same time: each slot is inserted once, and every
    /// node sees each slot once (the runs are deleted afterwards). Returns the conflicts retried.
    func slotsFromThreeNodes(_ urls: [DatabaseURL]) throws -> Int {
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let inserted = Mutex<[Date: Int]>([:])
        let conflicts = try onEachNode(urls) { store, _ in
            for slot in (0..<20).map({ base + Double($0 * 60) }) where try store.enqueue(job, slot: slot) {
                inserted.withLock { $0[slot, default: 0] += 1 }
            }
        }
        inserted.withLock { #expect($0.count == 20 && $0.values.allSatisfy { $0 == 1 }, "\($0)") }
        for url in urls {
            let counts = try Connection(url: url).query(
                "SELECT COUNT(*), COUNT(DISTINCT slot) FROM sluice_job_runs WHERE job_name = 'slot'")
            #expect(counts.first?.map(\.description) == ["20", "20"])
        }
        try Connection(url: urls[0]).execute("DELETE FROM sluice_job_runs WHERE job_name = 'slot'")
        return conflicts
    }

    /// 30 queued runs claimed two at a time from the three nodes at once: each is claimed once, by
    /// the node the database says holds it. Returns the conflicts retried.
    func claimsFromThreeNodes(_ urls: [DatabaseURL]) throws -> Int {
        let store = try JobStore(connection: try Connection(url: urls[0]))
        var free = job
        free.name = "free"
        free.allowOverlap = true
        let ids = try (0..<30).map { _ in try store.submit(free, trigger: "user") }
        let claimed = Mutex<[Int64: [String]]>([:])
        let conflicts = try onEachNode(urls) { store, node in
            var idle = 0
            while idle < 3 {
                let runs: [ClaimedRun]
                do {
                    runs = try store.claim(.init(limit: 2), owner: "node\(node)", host: "h", lease: .seconds(300))
                } catch let error as MariaDBError where error.code == .deadlock {
                    continue  // lost every attempt: a scheduler claims again at its next tick
                }
                idle = runs.isEmpty ? idle + 1 : 0
                claimed.withLock { for run in runs { $0[run.id, default: []].append("node\(node)") } }
            }
        }
        let owners = try Connection(url: urls[2]).query(
            "SELECT id, lease_owner FROM sluice_job_runs WHERE job_name = 'free' AND state = 'running'")
        claimed.withLock { claimed in
            #expect(Set(claimed.keys) == Set(ids) && claimed.values.allSatisfy { $0.count == 1 }, "\(claimed)")
            #expect(owners.count == 30)
            for row in owners { #expect(claimed[row[0].int ?? 0] == [row[1].description]) }
        }
        return conflicts
    }

    /// A node started without `innodb_autoinc_lock_mode=2` is refused: by the queue
    /// (`galera_unsupported`), and so by `sluice scheduler`, which exits at start saying why.
    func refusesANodeWithoutInterleavedAutoIncrement(_ url: DatabaseURL) throws {
        let error = #expect(throws: JobsError.self) { try JobStore(connection: try Connection(url: url)) }
        #expect(error.map { "\($0)" }?.hasPrefix("galera_unsupported") == true, "\(String(describing: error))")
        let refused = try SluiceBinary.runTest([
            "scheduler", "--database-url", url.connectionString, "--jobs-dir", "/nonexistent",
        ])
        #expect(refused.status != 0 && refused.stderr.contains("innodb_autoinc_lock_mode"), "\(refused)")
    }

    /// Runs `body` with a store on each node, the three at once; returns the conflicts they retried.
    func onEachNode(_ urls: [DatabaseURL], _ body: @Sendable (JobStore, Int) throws -> Void) throws -> Int {
        let outcomes = Mutex<[Result<Int, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: urls.count) { node in
            let outcome = Result { () throws -> Int in
                let store = try JobStore(connection: try Connection(url: urls[node]))
                #expect(store.isGaleraNode)
                try body(store, node)
                return store.conflictsRetried
            }
            outcomes.withLock { $0.append(outcome) }
        }
        return try outcomes.withLock { try $0.map { try $0.get() } }.reduce(0, +)
    }
}
