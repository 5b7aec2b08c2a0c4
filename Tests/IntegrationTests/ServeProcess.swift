import Foundation
import MariaDB
import TestSupport

/// A `sluice serve` process on a free loopback port, which a test may stop, kill and start again on
/// the same database; what it logs goes to `log` when one is named. `fileSizeLimit` (in 1 KiB blocks)
/// starts it under `ulimit -f`, so that writing a larger file fails as on a full disk; `environment`
/// is added to the test's own.
final class ServeProcess {
    let process = Process()
    /// `http://127.0.0.1:PORT`.
    let baseURL: String
    /// The admin key the server printed, on the first start of a database only.
    let firstKey: String?

    init(
        on url: DatabaseURL, binary: String? = nil, dataDirectory: String? = nil, arguments: [String] = [],
        log: String? = nil, fileSizeLimit: Int? = nil, environment: [String: String] = [:]
    ) throws {
        let executable = try binary ?? SluiceBinary.testPath
        let serve =
            ["serve", "--port", "0"] + (dataDirectory.map { ["--data-dir", $0] } ?? []) + arguments
        if let fileSizeLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "ulimit -f \(fileSizeLimit); exec \"$0\" \"$@\"", executable] + serve
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = serve
        }
        process.environment = ProcessInfo.processInfo.environment.merging(
            environment.merging(["SLUICE_DATABASE_URL": url.connectionString]) { $1 }
        ) { $1 }
        let output = Pipe()
        process.standardOutput = output
        if let log {
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("serving at"), Date() < deadline, process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let port = text.firstMatch(of: /127\.0\.0\.1:(\d+)/)?.1 else {
            Foundation.kill(process.processIdentifier, SIGKILL)
            _ = exitStatus(of: process)
            throw FixtureError("sluice serve did not start: \(text)")
        }
        baseURL = "http://127.0.0.1:\(port)"
        firstKey = text.firstMatch(of: /slk_\S+/).map { String($0.0) }
    }

    /// Sends `signal` and waits for the process to exit; returns its status.
    @discardableResult
    func kill(_ signal: Int32) -> Int32 {
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
        return exitStatus(of: process)
    }

    /// SIGTERM (a graceful stop), unless it has exited already.
    func stop() {
        if process.isRunning { process.terminate() }
        _ = exitStatus(of: process)
    }

    deinit { stop() }
}
