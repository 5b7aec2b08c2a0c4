import Foundation
import MariaDB
import Testing
import TestSupport

extension GaleraClusterTests {
    /// A `sluice scheduler` on each node and `sluice serve` (no scheduler of its own) on the first:
    /// 12 runs queued through the API each run once; the scheduler running a long run is killed with
    /// SIGKILL, another marks the run lost and retries it once, elsewhere. Returns the conflicts the
    /// schedulers logged as retried.
    func schedulersOnThreeNodes(_ urls: [DatabaseURL]) throws -> Int {
        try withTemporaryDirectory { folder in
            try writeJob("nap", #"{"kind": "sleep", "params": {"seconds": 0.2}}"#, in: folder)
            try writeJob(
                "long", #"{"kind": "sleep", "params": {"seconds": 4}, "retries": {"max": 1, "backoff": "1s"}}"#,
                in: folder)
            let server = try ServeProcess(
                on: urls[0], dataDirectory: folder, arguments: ["--no-scheduler", "--jobs-dir", folder + "/jobs"],
                log: folder + "/serve.log")
            defer { server.kill(SIGTERM) }
            let schedulers = try urls.indices.map {
                try SchedulerProcess(url: urls[$0], folder: folder, name: "s\($0)")
            }
            defer { for scheduler in schedulers { scheduler.stop() } }
            let key = try #require(server.firstKey)
            let submit = { (job: String) throws -> Int in
                let answer = try HTTPExchange.send(
                    "POST", server.baseURL + "/api/v1/jobs", json: #"{"job": "\#(job)"}"#,
                    headers: ["Authorization": "Bearer \(key)"])
                #expect(
                    answer.status == 201,
                    "\(answer.json): \((try? String(contentsOfFile: folder + "/serve.log", encoding: .utf8)) ?? "")")
                return answer.json["id"] as? Int ?? 0
            }
            let node = try Connection(url: urls[1])
            for _ in 0..<12 { _ = try submit("nap") }
            let naps = "SELECT COUNT(*) FROM sluice_job_runs WHERE job_name = 'nap' AND state = 'succeeded'"
            let napped = try waitUntil(60) { try node.scalar(naps) == "12" }
            let leftovers = napped ? "" : try unfinished(on: node)
            #expect(napped, "\(leftovers)\n\(schedulers.map(\.output))")
            let spread = try node.query(
                "SELECT COUNT(*), COUNT(DISTINCT lease_owner), MAX(attempt) FROM sluice_job_runs WHERE job_name = 'nap'"
            )
            #expect(spread.first?[0].description == "12" && spread.first?[2].description == "1", "\(spread)")

            let long = try submit("long")
            let running = "SELECT CONCAT(state, '/', worker_pid IS NOT NULL) FROM sluice_job_runs WHERE id = ?"
            #expect(try waitUntil(20) { try node.scalar(running, [.int(Int64(long))]) == "running/1" })
            let owner = try node.scalar("SELECT lease_owner FROM sluice_job_runs WHERE id = ?", [.int(Int64(long))])
            let doomed = try #require(
                schedulers.first { "\($0.process.processIdentifier)" == owner.split(separator: ":").dropFirst().first })
            doomed.killHard()
            let retry =
                "SELECT CONCAT(state, '/', attempt, '/', lease_owner <> ?) FROM sluice_job_runs WHERE retry_of = ?"
            #expect(
                try waitUntil(30) { try node.scalar(retry, [.string(owner), .int(Int64(long))]) == "succeeded/2/1" },
                "\(schedulers.map(\.output))")
            #expect(try node.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(Int64(long))]) == "lost")
            #expect(try node.scalar("SELECT COUNT(*) FROM sluice_job_runs WHERE job_name = 'long'") == "2")
            for scheduler in schedulers where scheduler !== doomed { #expect(scheduler.stop() == 0) }
            print("Galera: nap runs per scheduler node: \(spread.first?[1].description ?? "?") schedulers ran them")
            return schedulers.map { $0.output.components(separatedBy: "write conflict retried").count - 1 }
                .reduce(0, +)
        }
    }

    /// The nap runs that did not succeed, with their causes and log lines, for a failure's message.
    func unfinished(on connection: Connection) throws -> String {
        try connection.query(
            """
            SELECT r.id, r.state, r.exit_cause, GROUP_CONCAT(l.line ORDER BY l.seq SEPARATOR ' | ')
            FROM sluice_job_runs r LEFT JOIN sluice_job_logs l ON l.run_id = r.id
            WHERE r.job_name = 'nap' AND r.state <> 'succeeded' GROUP BY r.id
            """
        ).map { $0.map(\.description).joined(separator: " ") }.joined(separator: "\n")
    }
}
