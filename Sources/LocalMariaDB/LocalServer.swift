import Errors
import Foundation
import Processes
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
    /// returns its URL once it accepts connections, or throws when `clock` passes `timeout`.
    /// `serverOptions` are more `mariadbd` options for this start, after Sluice's own (e.g.
    /// `--log-bin` and `--server-id=1` for a replication primary).
    @discardableResult
    public func start(
        serverOptions: [String] = [], timeout: Duration = .seconds(60),
        clock: some Clock<Duration> = ContinuousClock()
    ) throws -> DatabaseURL {
        if case .running = status() { return try url }
        try layout.prepareDirectories()
        if !layout.isInitialised { try layout.initialiseDatadir() }
        var state = (try? layout.readState()) ?? ServerState(port: 0, socket: layout.defaultSocketPath)
        if state.port == 0 || !PortProbe.isFree(state.port) { state.port = try PortProbe.freePort() }
        try layout.writeState(state)
        let server = try ProcessLauncher.spawnDetached(
            executable: try ServerLayout.findExecutable("mariadbd"),
            arguments: layout.serverArguments(state) + serverOptions,
            logFile: layout.errorLog)
        let bootstrap = try url.withDatabase("mysql")
        var connection: Connection?
        // Readiness happens in the server process with no event for us to wait on: poll (a connect
        // attempt every 50 ms) until the deadline on `clock`, or until the server has exited.
        let ready = ProcessStatus.poll(until: clock.now.advanced(by: timeout), on: clock, every: .milliseconds(50)) {
            connection = try? Connection(url: bootstrap, connectTimeoutSeconds: 2)
            return connection != nil || server.poll() != nil
        }
        guard ready, let connection else {
            throw LocalServerError(
                code: .serverStartFailed,
                message: "mariadbd did not start; the end of \(layout.errorLog):\n\(layout.errorLogTail())")
        }
        try connection.execute(
            "CREATE DATABASE IF NOT EXISTS \(quoteIdentifier(Self.databaseName)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
        return try url
    }

    /// Stops the server (SIGTERM, then SIGKILL when `clock` passes `timeout`) and waits for it to exit.
    public func stop(timeout: Duration = .seconds(60), clock: some Clock<Duration> = ContinuousClock()) throws {
        guard let pid = layout.runningPID() else { return }
        kill(pid, SIGTERM)
        // The server is usually not our child (another command started it), so there is no
        // waitpid: poll its state every 50 ms until the deadline on `clock`.
        let exited = { !ProcessStatus.isRunning(pid) }
        if !ProcessStatus.poll(until: clock.now.advanced(by: timeout), on: clock, every: .milliseconds(50), exited) {
            kill(pid, SIGKILL)
            _ = ProcessStatus.poll(
                until: clock.now.advanced(by: .seconds(5)), on: clock, every: .milliseconds(50), exited)
        }
        try? FileManager.default.removeItem(atPath: layout.pidFile)
    }
}
