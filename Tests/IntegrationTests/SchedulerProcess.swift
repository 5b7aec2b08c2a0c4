import Foundation
import MariaDB
import Testing
import TestSupport

/// A `sluice scheduler` process (of the test binary, whose workers know `sleep`) for end-to-end tests, its output in a file; killed if still running
/// when the test is done.
final class SchedulerProcess {
    let process = Process()
    let logPath: String

    init(url: DatabaseURL, folder: String, name: String, extra: [String] = []) throws {
        logPath = folder + "/\(name).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: try SluiceBinary.testPath)
        process.arguments =
            [
                "scheduler", "--jobs-dir", folder + "/jobs", "--data-dir", folder, "--database-url",
                url.connectionString,
                "--lease", "2", "--grace", "2",
            ] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["SLUICE_SQL_DIR"] = repositoryRoot + "/sql"
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// SIGTERM, then waits up to `timeout` seconds for a graceful exit (SIGKILL after that).
    @discardableResult
    func stop(timeout: TimeInterval = 15) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        let deadline = Date() + timeout
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        return exitStatus(of: process)
    }

    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        _ = exitStatus(of: process)
    }

    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            _ = exitStatus(of: process)
        }
    }
}

/// Writes `jobs/<name>.json` under `folder`.
func writeJob(_ name: String, _ json: String, in folder: String) throws {
    try FileManager.default.createDirectory(atPath: folder + "/jobs", withIntermediateDirectories: true)
    try json.write(toFile: folder + "/jobs/\(name).json", atomically: true, encoding: .utf8)
}

extension Connection {
    /// The first column of the first row as text ("" when there is none).
    func scalar(_ sql: String, _ binds: [Value] = []) throws -> String {
        try query(sql, binds).first?.first?.description ?? ""
    }
}

/// Whether process `pid` still runs (a zombie waiting to be reaped by init does not count).
func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// A fresh test database with the schema applied and two `sluice scheduler` processes on it (stopped
/// on every path); `body` gets the connection, the arguments the `schedules` commands take
/// (`--database-url`, `--jobs-dir`) and the two schedulers.
func withTwoSchedulers(
    _ body: (Connection, [String], SchedulerProcess, SchedulerProcess) throws -> Void
) throws {
    try withTestDatabase { connection, url in
        try withTemporaryDirectory { folder in
            try FileManager.default.createDirectory(atPath: folder + "/jobs", withIntermediateDirectories: true)
            let base = ["--database-url", url.connectionString, "--jobs-dir", folder + "/jobs"]
            #expect(try SluiceBinary.runTest(["schema", "apply", "--database-url", url.connectionString]).status == 0)
            let first = try SchedulerProcess(url: url, folder: folder, name: "a")
            let second = try SchedulerProcess(url: url, folder: folder, name: "b")
            defer {
                first.stop()
                second.stop()
            }
            try body(connection, base, first, second)
        }
    }
}
