import Foundation
import MariaDB
import Testing
import TestSupport

/// SIGTERM of `sluice serve` while an upload streams in and runs work: the server exits within its
/// grace periods, an upload is either stored whole or not at all, and no run is marked done that
/// did not finish. Written against behaviour only (how serve shuts down may change).
@Suite(.serialized, chaosOnly) struct GracefulStopChaosTests {
    @Test func sigtermDuringAnUploadAndRuns() async throws {
        try await withOwnDatabaseServer { database, folder in
            let data = folder + "/data"
            let arguments = ["--jobs-dir", folder + "/jobs", "--lease", "2", "--grace", "2"]
            try await withServer(on: database.url, dataDirectory: data, arguments: arguments) { server in
                let db = server.connection
                var runs: [Int] = []
                for job in [
                    #"{"kind": "sleep", "params": {"seconds": 60}}"#,
                    #"{"kind": "sleep", "params": {"seconds": 60, "ignoreTerm": true}}"#,
                ] {
                    runs.append(try await DatabaseKillChaosTests.submit(server, job))
                }
                let big = folder + "/big.csv"
                try String(repeating: "1,Recruiter\n", count: 200_000).write(
                    toFile: big, atomically: true, encoding: .utf8)
                let (key, url) = (server.client.adminKey, server.client.baseURL + "/api/v1/uploads")
                // An upload that takes about 10 s, at 250 kB/s.
                let upload = Task.detached {
                    try curlUpload(key: key, url: url, file: big, rate: "250k")
                }
                let running = {
                    try db.scalar("SELECT COUNT(*) FROM sluice_job_runs WHERE state = 'running'") == "2"
                }
                #expect(try waitUntil(30) { try running() }, "the runs never started")
                #expect(
                    waitUntil(10) {
                        !((try? FileManager.default.contentsOfDirectory(atPath: data + "/uploads/.incoming")) ?? [])
                            .isEmpty
                    },
                    "the upload never began")

                let stoppedAt = Date()
                let status = server.process.kill(SIGTERM)
                let stopTime = seconds(since: stoppedAt)
                #expect(stopTime < 30, "serve took \(stopTime) s to stop (exit \(status))")
                let answer = try await upload.value

                let states = try runs.map {
                    try db.scalar("SELECT state FROM sluice_job_runs WHERE id = ?", [.int(Int64($0))])
                }
                #expect(!states.contains("succeeded"), "a run cut short is marked done: \(states)")
                let sha = try UploadsAPITests.sha256(of: big)
                let stored = FileManagerSupport.visible(data + "/uploads")
                let recorded = try db.query("SELECT sha256, bytes FROM sluice_uploads")
                if answer == 201 {
                    #expect(stored == [sha + ".csv"] && recorded.count == 1, "a whole upload: \(stored) \(recorded)")
                } else {
                    #expect(stored.isEmpty && recorded.isEmpty, "a cut upload left \(stored) \(recorded)")
                }

                let restartedAt = Date()
                let restarted = try ServeProcess(on: database.url, dataDirectory: data, arguments: arguments)
                let again = APIClient(baseURL: restarted.baseURL, adminKey: key)
                let ready = await waitForReady(again)
                let recovery = seconds(since: restartedAt)
                #expect(ready)
                ChaosReport(
                    fault: "SIGTERM sluice serve (upload, 2 runs)",
                    checked: String(
                        format: "stopped in %.1f s; upload %d, whole or absent; runs %@, none done", stopTime, answer,
                        states.joined(separator: "/")),
                    lost: 0, doubled: 0, recovery: recovery
                ).record()
            }
        }
    }
}

/// Streams `file` to `url` with curl at `rate`; returns the HTTP status (0 when cut off).
func curlUpload(key: String, url: String, file: String, rate: String) throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = [
        "-s", "-o", "/dev/null", "-w", "%{http_code}", "--limit-rate", rate, "-H", "Authorization: Bearer \(key)",
        "-H", "Content-Type: text/csv", "--data-binary", "@" + file, url,
    ]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let status = Int(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)) ?? 0
    _ = exitStatus(of: process)
    return status
}
