public import Foundation
import Errors
import Processes

/// The `rclone` program, run through Sluice's one spawner (`posix_spawn`, no shell, arguments as an
/// array). Remotes and their secrets come from rclone's own config file or `RCLONE_CONFIG_*`
/// environment, which the child inherits; Sluice never sees or logs them.
public struct Rclone: Sendable {
    /// The environment variable that names the program, when it is not `rclone` on `$PATH`.
    public static let environmentKey = "SLUICE_RCLONE"

    /// What one run printed and how it ended.
    public struct Output: Sendable {
        /// The exit status (3 and 4: the directory or file is not there).
        public var status: Int32
        /// Standard output.
        public var stdout: Data
        /// Standard error, with credentials in URLs taken out.
        public var stderr: String
    }

    /// The program's absolute path.
    public let executable: String
    /// Flags put before the arguments of every run (e.g. ``promptWaits(environment:)``).
    public var flags: [String] = []

    /// rclone's waits for a caller who is waiting on the answer (an admin page): a connection within
    /// 10 s, no transfer idle for 20 s, and no low-level retry, where rclone's own defaults are 1 min, 5 min and
    /// 10 retries. Each is left out when the environment sets it (`RCLONE_CONTIMEOUT`, `RCLONE_TIMEOUT`,
    /// `RCLONE_LOW_LEVEL_RETRIES`), so an operator's setting wins.
    public static func promptWaits(environment: [String: String]) -> [String] {
        let waits = [
            ("RCLONE_CONTIMEOUT", "--contimeout=10s"), ("RCLONE_TIMEOUT", "--timeout=20s"),
            ("RCLONE_LOW_LEVEL_RETRIES", "--low-level-retries=1"),
        ]
        return waits.filter { environment[$0.0] == nil }.map(\.1)
    }

    /// Finds the program as this process's environment says (see ``init(environment:)``).
    /// - Throws: ``OffsiteError`` `offsite_failed` when it is not installed.
    public init() throws {
        try self.init(environment: ProcessInfo.processInfo.environment)
    }

    /// Finds the program: `$SLUICE_RCLONE`, else `rclone` in a `$PATH` folder.
    /// - Throws: ``OffsiteError`` `offsite_failed` when it is not installed.
    public init(environment: [String: String]) throws {
        if let named = environment[Self.environmentKey], !named.isEmpty {
            executable = named
            return
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        guard
            let found = folders.map({ "\($0)/rclone" }).first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { throw OffsiteError(.failed, "rclone is not installed (Debian: apt-get install rclone)") }
        executable = found
    }

    /// Runs `rclone arguments` and returns its output, whatever its exit status. Blocks the thread.
    /// - Throws: ``OffsiteError`` `offsite_failed` when it cannot be started.
    public func execute(_ arguments: [String]) throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-rclone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (out, err) = (folder.appendingPathComponent("out").path, folder.appendingPathComponent("err").path)
        let outcome: ProcessOutcome
        do {
            outcome = try ChildProcess.spawn(
                ProcessSpec(
                    executable: executable, arguments: flags + arguments,
                    files: [0: .devNull, 1: .file(out, append: false), 2: .file(err, append: false)])
            ).wait()
        } catch {
            throw OffsiteError(.failed, "cannot start \(executable): \(error)")
        }
        let status: Int32 =
            switch outcome {
            case .exited(let code): code
            case .signalled(let signal): 128 + signal
            }
        return Output(
            status: status, stdout: FileManager.default.contents(atPath: out) ?? Data(),
            stderr: OffsiteRemote.redacted(
                String(decoding: FileManager.default.contents(atPath: err) ?? Data(), as: UTF8.self)))
    }

    /// Runs `rclone arguments` and returns its standard output.
    /// - Throws: ``OffsiteError`` `offsite_unreachable` when the remote could not be reached,
    ///   `offsite_failed` for any other failure; the message says what `doing` was and rclone's last words.
    @discardableResult
    public func run(_ arguments: [String], doing: String) throws -> Data {
        let output = try execute(arguments)
        guard output.status != 0 else { return output.stdout }
        throw Self.failure(output, doing: doing)
    }

    /// The error for a failed run: `offsite_unreachable` when rclone says the network failed.
    static func failure(_ output: Output, doing: String) -> OffsiteError {
        let lines = output.stderr.split(separator: "\n").filter { !$0.contains("NOTICE:") }
        // rclone starts each line with the time (`2026/01/02 03:04:05 `), which the run's log has already.
        let detail = lines.suffix(2).map { $0.drop { $0.isNumber || "/: ".contains($0) } }.joined(separator: "; ")
        let said = output.stderr.lowercased()
        let network = [
            "connection refused", "no such host", "i/o timeout", "network is unreachable", "no route to host",
            "connection reset", "handshake timeout", "context deadline exceeded", "dial tcp",
        ]
        let code: OffsiteError.Code = network.contains(where: said.contains) ? .unreachable : .failed
        return OffsiteError(code, "\(doing): rclone exited \(output.status): \(detail)")
    }
}
