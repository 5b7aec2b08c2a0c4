import Foundation
import TestSupport

/// `rclone serve webdav` over a folder on a private loopback port: a real remote for off-site
/// copies. Stopped by ``stop()`` or, at the latest, when the test drops it.
final class WebDAVRemote {
    let process = Process()
    /// The folder the remote serves.
    let root: String
    /// `http://127.0.0.1:PORT`.
    let url: String

    /// Serves `root` (created if missing); the log goes to `root`'s sibling `webdav.log`.
    init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let logPath = root + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let program = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { "\($0)/rclone" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let program else { throw FixtureError("rclone is not installed (make deps)") }
        process.executableURL = URL(fileURLWithPath: program)
        // No directory cache: what a test writes into the folder directly is seen at once.
        process.arguments = ["serve", "webdav", "--addr", "127.0.0.1:0", "--dir-cache-time", "0s", root]
        process.environment = ["RCLONE_CONFIG": root + ".conf", "PATH": "/usr/bin:/bin"]
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        var address: String?
        _ = waitUntil(10) {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            address = text.range(of: "started on http://").map {
                "http://" + text[$0.upperBound...].prefix { $0 != "/" && !$0.isNewline }
            }
            return address != nil
        }
        guard let address else {
            process.terminate()
            _ = exitStatus(of: process)
            throw FixtureError(
                "rclone serve webdav did not start: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
        }
        self.url = address
    }

    /// The environment that defines rclone remote `name` as this server (no config file), with one
    /// try per operation so that a stopped server fails fast.
    func environment(name: String) -> [String: String] {
        let key = "RCLONE_CONFIG_" + name.uppercased()
        return [
            "RCLONE_CONFIG": root + ".conf", key + "_TYPE": "webdav", key + "_URL": url, "RCLONE_RETRIES": "1",
            "RCLONE_LOW_LEVEL_RETRIES": "1",
        ]
    }

    /// Stops the server and waits for it to exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        _ = exitStatus(of: process)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            _ = exitStatus(of: process)
        }
    }
}
