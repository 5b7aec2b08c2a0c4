import Foundation
import MariaDB
import Testing
import TestSupport

/// Reports from a MariaDB replica (`serve --reports-database-url`): a primary and a replica started
/// here with MariaDB's own replication (binlog, GTID), the challenge data loaded into the primary,
/// and two servers reading reports from the replica, one falling back to the primary and one strict
/// (`--reports-fallback none`, at most 1 s behind), while the replica keeps up, lags, stops
/// applying, resumes and is killed.
@Suite(.serialized, clusterOnly) struct ReplicaClusterTests {
    static let report = "/api/v1/reports/hires-by-quarter?year=2021"

    @Test func reportsComeFromTheReplicaWhileItKeepsUpAndSaySoWhenNot() throws {
        try withTemporaryDirectory { folder in
            let (primaryDirectory, replicaDirectory) = (folder + "/primary", folder + "/replica")
            defer {
                for directory in [primaryDirectory, replicaDirectory] {
                    _ = try? SluiceBinary.run(["db", "stop", "--data-dir", directory])
                }
            }
            let (primary, replica) = try ManagedServer.startPair(
                (primaryDirectory, ["--log-bin=mariadb-bin", "--server-id=1", "--binlog-format=ROW"]),
                (replicaDirectory, ["--server-id=2", "--read-only=1"]))
            try Self.replicate(from: primary, to: replica)
            let base = ["--database-url", primary.url.connectionString, "--data-dir", folder + "/data"]
            let migrate = ["migrate", "--dir", ChallengeMigrationTests.challengeFolder]
            #expect(try SluiceBinary.run(migrate + base).status == 0)
            // The reports user has what the README asks for: SELECT and REPLICA MONITOR, no writes.
            let replicaURL = "mariadb://reports:reports-pw@127.0.0.1:\(replica.port)/sluice"
            let lenient = try ServeProcess(
                on: primary.url, dataDirectory: folder + "/data",
                arguments: ["--no-scheduler", "--reports-database-url", replicaURL], log: folder + "/lenient.log")
            defer { lenient.stop() }
            let strict = try ServeProcess(
                on: primary.url, dataDirectory: folder + "/data",
                arguments: [
                    "--no-scheduler", "--reports-database-url", replicaURL, "--reports-fallback", "none",
                    "--reports-max-lag", "1",
                ],
                log: folder + "/strict.log")
            defer { strict.stop() }
            let key = try #require(lenient.firstKey)
            func get(_ server: ServeProcess, _ path: String = Self.report, etag: String? = nil) throws -> HTTPExchange {
                var headers = ["Authorization": "Bearer \(key)"]
                if let etag { headers["If-None-Match"] = etag }
                return try HTTPExchange.send("GET", server.baseURL + path, headers: headers)
            }
            func primaryAnswer() throws -> String {
                try SluiceBinary.run(["report", "hires-by-quarter", "--year", "2021"] + base).stdout
                    .trimmingCharacters(in: .newlines)
            }

            // Caught up: the replica answers, the same as the primary, and says so.
            let loaded = try primaryAnswer()
            var answer = try get(lenient)
            #expect(
                try waitUntil(30) {
                    answer = try get(lenient)
                    return answer.headers["x-sluice-reports-source"] == "replica" && answer.body == loaded
                }, "\(answer.headers) \(answer.body.prefix(200))")
            #expect(answer.headers["x-sluice-replica-state"] == "ok" && answer.headers["x-sluice-replica-lag"] != nil)
            let unchanged = try get(lenient, etag: answer.headers["etag"])
            #expect(unchanged.status == 304 && unchanged.headers["x-sluice-reports-source"] == "replica")
            #expect(try get(strict).headers["x-sluice-reports-source"] == "replica")

            func hire(_ id: Int) throws {
                let row =
                    #"[{"id":\#(id),"name":"Ada","datetime":"2021-03-01T00:00:00Z","department_id":1,"job_id":1}]"#
                let posted = try HTTPExchange.send(
                    "POST", lenient.baseURL + "/api/v1/tables/hired_employees/rows", json: row,
                    headers: ["Authorization": "Bearer \(key)"])
                #expect(posted.status == 200, "\(posted.body)")
            }

            // The replica applies 8 s late (MASTER_DELAY) after a hire: within 30 s the replica
            // answers, with the old counts and its lag; past the strict server's 1 s, 503.
            let replicaAdmin = try Connection(url: replica.url)
            for statement in ["STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY=8", "START SLAVE"] {
                try replicaAdmin.execute(statement)
            }
            try hire(5000)
            #expect(
                try waitUntil(6) {
                    answer = try get(lenient)
                    return Int(answer.headers["x-sluice-replica-lag"] ?? "") ?? 0 >= 2
                }, "\(answer.headers)")
            #expect(answer.headers["x-sluice-reports-source"] == "replica" && answer.body == loaded)
            #expect(try waitUntil(6) { try get(strict).code == "replica_lagging" })

            // The replica stops applying while the primary takes another hire: answers come from
            // the primary (saying why), or 503 replica_lagging under the strict policy.
            for statement in ["STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY=0", "START SLAVE IO_THREAD"] {
                try replicaAdmin.execute(statement)
            }
            try hire(5001)
            let written = try primaryAnswer()
            #expect(written != loaded)
            #expect(
                try waitUntil(10) {
                    answer = try get(lenient)
                    return answer.headers["x-sluice-reports-source"] == "primary" && answer.body == written
                }, "\(answer.headers)")
            #expect(answer.headers["x-sluice-replica-state"] == "stopped")
            let fromPrimary = answer.headers["etag"]
            #expect(
                try replicaAdmin.query("SELECT COUNT(*) FROM hired_employees WHERE id >= 5000").first?.first?.int == 0)
            #expect(try waitUntil(10) { try get(strict).code == "replica_lagging" })
            #expect(try get(strict).status == 503)

            // Applying again: back to the replica, with the same answer and so the same ETag.
            try replicaAdmin.execute("START SLAVE SQL_THREAD")
            #expect(
                try waitUntil(30) {
                    answer = try get(lenient)
                    return answer.headers["x-sluice-reports-source"] == "replica" && answer.body == written
                }, "\(answer.headers)")
            #expect(answer.headers["etag"] == fromPrimary)
            #expect(try waitUntil(10) { try get(strict).headers["x-sluice-reports-source"] == "replica" })
            let metrics = try get(lenient, "/metrics").body
            for line in [
                "sluice_reports_replica_lag_seconds ", #"sluice_reports_replica_state{state="ok"} 1"#,
                #"sluice_reports_answers_total{server="replica"}"#, #"sluice_reports_answers_total{server="primary"}"#,
            ] {
                #expect(metrics.contains(line), "\(line)")
            }

            // The replica killed: the primary answers, or 503 replica_unavailable; serve goes on.
            kill(replica.pid, SIGKILL)
            #expect(
                try waitUntil(10) {
                    answer = try get(lenient)
                    return answer.headers["x-sluice-replica-state"] == "unavailable"
                }, "\(answer.headers)")
            #expect(answer.status == 200 && answer.headers["x-sluice-reports-source"] == "primary")
            #expect(answer.body == written)
            #expect(try waitUntil(10) { try get(strict).code == "replica_unavailable" })
            #expect(try get(lenient, "/health/ready").status == 200)
            #expect(try get(lenient, "/metrics").body.contains(#"sluice_reports_replica_state{state="unavailable"} 1"#))
        }
    }

    /// Makes `replica` replicate `primary` from its first GTID, with a replication user and the
    /// reports user (created on the primary, so they replicate too).
    static func replicate(from primary: ManagedServer, to replica: ManagedServer) throws {
        let admin = try Connection(url: primary.url)
        for statement in [
            "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl-pw'",
            "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'",
            "CREATE USER 'reports'@'127.0.0.1' IDENTIFIED BY 'reports-pw'",
            "GRANT SELECT ON sluice.* TO 'reports'@'127.0.0.1'",
            "GRANT REPLICA MONITOR ON *.* TO 'reports'@'127.0.0.1'",
        ] {
            try admin.execute(statement)
        }
        let follower = try Connection(url: replica.url)
        try follower.execute(
            "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=\(primary.port), MASTER_USER='repl', "
                + "MASTER_PASSWORD='repl-pw', MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=slave_pos")
        try follower.execute("START SLAVE")
    }
}

/// A server `sluice db start` runs for the test under a folder of its own, with more mariadbd options.
struct ManagedServer: Sendable {
    /// Root over the Unix socket.
    let url: DatabaseURL
    /// Its TCP port on 127.0.0.1.
    let port: Int
    /// The `mariadbd` process.
    let pid: Int32

    /// Starts two servers at once (each initialises its datadir first, which takes a few seconds).
    static func startPair(_ first: (String, [String]), _ second: (String, [String])) throws -> (Self, Self) {
        let results = [first, second].map { _ in Locked<Result<ManagedServer, any Error>?>(nil) }
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let (directory, options) = index == 0 ? first : second
            results[index].set(Result { try start(directory, options: options) })
        }
        return (try #require(results[0].get()).get(), try #require(results[1].get()).get())
    }

    private static func start(_ directory: String, options: [String]) throws -> ManagedServer {
        let started = try SluiceBinary.run(
            ["db", "start", "--data-dir", directory] + options.map { "--server-option=" + $0 })
        guard started.status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/mariadb/install.log", encoding: .utf8)) ?? ""
            throw FixtureError("db start failed: \(started.stderr)\n\(log.suffix(2000))")
        }
        let status = try SluiceBinary.run(["db", "status", "--data-dir", directory]).stdout
        let url = try SluiceBinary.run(["db", "url", "--data-dir", directory]).stdout
        guard let match = status.firstMatch(of: /pid (\d+), port (\d+)/), let pid = Int32(match.1),
            let port = Int(match.2)
        else { throw FixtureError("db status: \(status)") }
        return ManagedServer(
            url: try DatabaseURL(parsing: url.trimmingCharacters(in: .whitespacesAndNewlines)), port: port, pid: pid)
    }
}
