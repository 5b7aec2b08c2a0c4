import Errors
import Foundation
public import MariaDB

/// Sluice's zero-configuration database: a private `mariadbd` under the data directory, with its
/// own datadir, socket and loopback port, started with `--no-defaults` (never the system server).
///
/// The datadir is initialised once; the server keeps running between commands (it runs in its own
/// session, so it outlives the command that started it) until `stop()`. Logins use the Unix socket
/// with socket authentication as the current OS user, so no password exists anywhere.
public struct LocalServer: Sendable {
    /// What `status()` found.
    public enum Status: Sendable, Equatable {
        /// The server runs with this process id, port and socket.
        case running(pid: Int32, port: Int, socket: String)
        /// No server runs for this data directory.
        case stopped
    }

    /// The database Sluice's tables live in.
    public static let databaseName = "sluice"

    private let layout: ServerLayout

    /// A server whose files live under `dataDirectory` (e.g. `.sluice`).
    public init(dataDirectory: String) {
        layout = ServerLayout(dataDirectory: dataDirectory)
    }

    /// The URL to reach the server (valid once it runs).
    public var url: DatabaseURL {
        get throws {
            let state = try layout.readState()
            return DatabaseURL(
                user: ServerLayout.osUser, host: "localhost", port: state.port, database: Self.databaseName,
                socket: state.socket)
        }
    }

    /// Whether the server runs, and where.
    public func status() -> Status {
        guard let pid = layout.runningPID(), let state = try? layout.readState() else { return .stopped }
        return .running(pid: pid, port: state.port, socket: state.socket)
    }

    /// Starts the server if it is not running (initialising its datadir the first time) and
    /// returns its URL once it accepts connections.
    @discardableResult
    public func start(timeout: Duration = .seconds(60)) throws -> DatabaseURL {
        if case .running = status() { return try url }
        try layout.prepareDirectories()
        if !layout.isInitialised { try layout.initialiseDatadir() }
        var state = (try? layout.readState()) ?? ServerState(port: 0, socket: layout.defaultSocketPath)
        if state.port == 0 || !PortProbe.isFree(state.port) { state.port = try PortProbe.freePort() }
        try layout.writeState(state)
        let pid = try ProcessLauncher.spawnDetached(
            executable: try ServerLayout.findExecutable("mariadbd"), arguments: layout.serverArguments(state),
            logFile: layout.errorLog)
        let deadline = ContinuousClock.now + timeout
        let bootstrap = try url.withDatabase("mysql")
        while true {
            if let connection = try? Connection(url: bootstrap, connectTimeoutSeconds: 2) {
                try connection.execute(
                    "CREATE DATABASE IF NOT EXISTS \(quoteIdentifier(Self.databaseName)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
                return try url
            }
            guard ContinuousClock.now < deadline, ProcessLauncher.isAlive(pid) else {
                throw LocalServerError(
                    code: .serverStartFailed,
                    message: "mariadbd did not start; the end of \(layout.errorLog):\n\(layout.errorLogTail())")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Stops the server (SIGTERM, then SIGKILL after `timeout`) and waits for it to exit.
    public func stop(timeout: Duration = .seconds(60)) throws {
        guard let pid = layout.runningPID() else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while ProcessLauncher.isAlive(pid) {
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                Thread.sleep(forTimeInterval: 0.2)
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try? FileManager.default.removeItem(atPath: layout.pidFile)
    }
}
