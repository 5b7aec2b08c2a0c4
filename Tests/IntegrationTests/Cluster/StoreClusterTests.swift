import Foundation
import MariaDB
import Testing
import TestSupport

/// Three hosts in network namespaces on a bridge (their own addresses and data directories), one
/// MariaDB listening on the bridge, and one store directory they all use (the namespaces share the
/// file system, as hosts that mount one NFS export do). Each host runs `sluice serve` and `sluice
/// scheduler` under its own host name.
@Suite(.serialized, clusterOnly) struct StoreClusterTests {
    static let rows = 60_000
    static let slot =
        "SELECT COUNT(*), COUNT(DISTINCT slot), SUM(state = 'succeeded') FROM sluice_job_runs WHERE job_name = 'often'"

    @Test func threeHostsShareOneStoreAndOneDatabase() throws {
        try withTemporaryDirectory { folder in
            let hosts = try NamespaceHosts(count: 3)
            defer { hosts.tearDown() }
            let database = try BridgeMariaDB(folder: folder + "/db", address: hosts.bridgeAddress)
            defer { database.stop() }
            let url = database.url
            hosts.environment["SLUICE_DATABASE_URL"] = url.connectionString
            try FileManager.default.createDirectory(atPath: folder + "/input", withIntermediateDirectories: true)
            try InterruptedMigrationTests.writeFiles(rows: Self.rows, in: folder + "/input")
            let shared = folder + "/shared"
            let jobs = ["--jobs-dir", folder + "/jobs"]
            try FileManager.default.createDirectory(atPath: folder + "/jobs", withIntermediateDirectories: true)
            #expect(try hosts.run(1, ["schema", "apply"], log: folder + "/schema.log").status == 0)
            let connection = try Connection(url: url)
            try connection.execute("INSERT INTO departments VALUES (1, 'Engineering'), (2, 'Sales')")
            try connection.execute("INSERT INTO jobs VALUES (1, 'Recruiter'), (2, 'Analyst')")

            func serve(_ index: Int) throws -> HostProcess {
                try hosts.start(
                    index,
                    [
                        "serve", "--bind", hosts.address(index), "--port", "8080", "--no-scheduler", "--lease", "2",
                        "--data-dir", folder + "/h\(index)", "--store", shared,
                    ] + jobs, log: folder + "/serve\(index)-\(UUID().uuidString.prefix(4)).log")
            }
            func scheduler(_ index: Int, store: String? = nil) throws -> HostProcess {
                try hosts.start(
                    index,
                    [
                        "scheduler", "--lease", "2", "--grace", "2", "--data-dir", folder + "/h\(index)", "--store",
                        store ?? shared,
                    ] + jobs, log: folder + "/scheduler\(index)-\(UUID().uuidString.prefix(4)).log")
            }
            var serves = [try serve(1)]
            let h1 = try HostAPI(base: "http://\(hosts.address(1)):8080", log: serves[0])
            serves += [try serve(2), try serve(3)]
            for (index, process) in serves.enumerated() {
                #expect(
                    try waitUntil(30) { process.output.contains("serving at") }, "host \(index + 1): \(process.output)")
            }
            var schedulers = [try scheduler(2)]

            // An upload on host 1, migrated by a worker on host 2 (the only scheduler), which dies mid-run.
            let upload = try h1.upload(folder + "/input/hired_employees.csv")
            #expect(upload["host"] as? String == "h1", "\(upload)")
            let uploadID = upload["id"] as? Int ?? 0
            let job =
                #"{"name": "load", "kind": "migrate", "params": {"table": "hired_employees", "upload": \#(uploadID), "batchRows": 250}, "retries": {"max": 2, "backoff": "1s"}}"#
            #expect(
                try hosts.run(1, ["schedules", "create", "--json", job] + jobs, log: folder + "/job.log").status == 0)
            let first = try h1.call("POST", "/api/v1/schedules/load/run")
            let run = first.json["id"] as? Int ?? 0
            #expect(
                try waitUntil(30) {
                    let offset = try connection.scalar(
                        "SELECT next_offset FROM sluice_loads WHERE table_name = 'hired_employees'")
                    return (Int(offset) ?? 0) > 0
                }, "\(schedulers[0].output)")
            schedulers[0].killHard()
            serves[1].killHard()
            #expect(
                try connection.scalar("SELECT worker_host FROM sluice_job_runs WHERE id = ?", [.int(Int64(run))])
                    == "h2")
            #expect(
                try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(Int64(run))])
                    == "running",
                "killed too late to test a retry")

            // Host 3 marks the run lost once its lease passed, and its retry finishes the load: rows exact.
            schedulers.append(try scheduler(3))
            let last = "SELECT state, worker_host FROM sluice_job_runs WHERE job_name = 'load' ORDER BY id DESC LIMIT 1"
            #expect(
                try waitUntil(60) { try connection.query(last).first?.map(\.description) == ["succeeded", "h3"] },
                "\(schedulers[1].output)")
            #expect(
                try connection.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(Int64(run))]) == "lost")
            #expect(try connection.scalar("SELECT COUNT(*) FROM hired_employees") == "\(Self.rows - Self.rows / 1000)")

            // Three schedulers, one a host, and a stored schedule: each slot runs once. `@every 5s` claims its
            // slots as `*/1 * * * *` does (one unique slot key), without a minute's wait a slot.
            serves[1] = try serve(2)
            schedulers += [try scheduler(1), try scheduler(2)]
            let often = #"{"name": "often", "kind": "sleep", "params": {"seconds": 0.05}, "schedule": "@every 5s"}"#
            #expect(
                try hosts.run(1, ["schedules", "create", "--json", often] + jobs, log: folder + "/often.log").status
                    == 0)

            // Backups: one in the shared store, one in host 3's local store. Every host lists both.
            let local = folder + "/h3-local"
            for (index, store, table) in [(1, shared, "jobs"), (3, local, "departments")] {
                let made = try hosts.run(
                    index,
                    [
                        "backup", "--table", table, "--codec", "null", "--data-dir", folder + "/h\(index)", "--store",
                        store,
                    ],
                    log: folder + "/backup\(index).log")
                #expect(made.status == 0, "\(made.output)")
            }
            let localBackup = try connection.scalar("SELECT id FROM sluice_backups WHERE host_name = 'h3'")
            #expect(try waitUntil(30) { serves[1].output.contains("serving at") })
            var listings: [Set<String>] = []
            for index in 1...3 {
                let api = HostAPI(base: "http://\(hosts.address(index)):8080", key: h1.key)
                let items = try api.call("GET", "/api/v1/backups").json["items"] as? [[String: Any]] ?? []
                listings.append(Set(items.compactMap { $0["id"] as? String }))
            }
            #expect(listings[0].count == 2 && listings.allSatisfy { $0 == listings[0] }, "\(listings)")
            let elsewhere = try h1.call("GET", "/api/v1/backups/\(localBackup)/files/departments")
            #expect(elsewhere.status == 409, "\(elsewhere.json)")

            // A restore of the backup in host 3's local store waits (no scheduler has that store) ...
            let restore = try h1.call(
                "POST", "/api/v1/restores",
                json: #"{"table": "departments", "backup": "\#(localBackup)", "dryRun": true}"#)
            let restoreRun = Int64(restore.json["id"] as? Int ?? 0)
            #expect(try waitUntil(30) { (Int(try connection.query(Self.slot).first?[2].description ?? "") ?? 0) >= 2 })
            let waiting = try h1.call("GET", "/api/v1/jobs/\(restoreRun)").json
            #expect(waiting["state"] as? String == "queued" && waiting["waitingFor"] != nil, "\(waiting)")
            // ... until host 3 runs a scheduler that has it.
            schedulers.append(try scheduler(3, store: local))
            let restored = "SELECT state, worker_host FROM sluice_job_runs WHERE id = ?"
            #expect(
                try waitUntil(30) {
                    try connection.query(restored, [.int(restoreRun)]).first?.map(\.description) == ["succeeded", "h3"]
                }, "\(schedulers.last?.output ?? "")")

            let slots = try connection.query(Self.slot).first?.map(\.description) ?? []
            #expect(slots.count == 3 && slots[0] == slots[1], "one run a slot across three schedulers: \(slots)")
            for process in schedulers + serves { process.stop() }
        }
    }
}

/// One host's API over HTTP (curl), with an admin key.
struct HostAPI {
    let base: String
    let key: String

    init(base: String, key: String) {
        self.base = base
        self.key = key
    }

    /// The API of the first host started on a database, with the admin key it printed.
    init(base: String, log process: HostProcess) throws {
        var key: String?
        _ = waitUntil(30) {
            key = process.output.firstMatch(of: /slk_\S+/).map { String($0.0) }
            return key != nil && process.output.contains("serving at")
        }
        guard let key else { throw FixtureError("the first host printed no admin key: \(process.output)") }
        self.init(base: base, key: key)
    }

    /// Sends a request (with a JSON body when `json` is given); returns the status and the JSON answer.
    func call(_ method: String, _ path: String, json: String? = nil) throws -> (status: Int, json: [String: Any]) {
        try curl(
            ["-X", method, base + path] + (json.map { ["-H", "Content-Type: application/json", "--data", $0] } ?? []))
    }

    /// Uploads `file`; returns the upload.
    func upload(_ file: String) throws -> [String: Any] {
        try curl(["-F", "file=@\(file)", base + "/api/v1/uploads"]).json
    }

    private func curl(_ arguments: [String]) throws -> (status: Int, json: [String: Any]) {
        let result = try SluiceBinary.run(
            ["-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(key)"] + arguments, binary: "/usr/bin/curl")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.dropLast().joined(separator: "\n")
        return (
            Int(lines.last ?? "") ?? 0,
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        )
    }
}
