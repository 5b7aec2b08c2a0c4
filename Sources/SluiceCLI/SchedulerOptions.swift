import ArgumentParser
import Dispatch
import Foundation
import Jobs
import Logging
import MariaDB

/// How a scheduler runs, for `sluice scheduler` and the one inside `sluice serve`.
struct SchedulerOptions: ParsableArguments {
    @Option(name: .long, help: "Runs executed at once (default: the number of cores).") var maxConcurrent: Int?
    @Option(name: .long, help: "Per-kind limits, KIND=N, repeatable.") var kindLimit: [String] = []
    @Option(name: .long, help: "Seconds between SIGTERM and SIGKILL, and for workers to finish at shutdown.")
    var grace = 10.0
    @Option(name: .long, help: "Seconds a run's lease lasts without a heartbeat.") var lease = 15.0
    @Option(name: .long, help: "Milliseconds between scheduler ticks.") var tickMs = 50

    func validate() throws {
        if let maxConcurrent, maxConcurrent < 1 { throw ValidationError("--max-concurrent must be at least 1") }
        for limit in kindLimit where Self.parseLimit(limit) == nil {
            throw ValidationError("--kind-limit takes KIND=N, not '\(limit)'")
        }
        guard grace > 0, lease >= 1, tickMs >= 1 else {
            throw ValidationError("--grace, --lease and --tick-ms must be positive")
        }
    }

    static func parseLimit(_ text: String) -> (String, Int)? {
        let parts = text.split(separator: "=")
        guard parts.count == 2, let count = Int(parts[1]), count > 0 else { return nil }
        return (String(parts[0]), count)
    }

    /// A scheduler over the database at `url`, reading job definitions from `jobsDirectory`, whose
    /// workers are this program (`sluice worker`) with the same database and data directory.
    func scheduler(url: DatabaseURL, dataDirectory: String, jobsDirectory: String) throws -> Scheduler {
        var configuration = SchedulerConfiguration()
        if let maxConcurrent { configuration.maxConcurrent = maxConcurrent }
        for limit in kindLimit { if let (kind, count) = Self.parseLimit(limit) { configuration.perKind[kind] = count } }
        configuration.grace = .milliseconds(Int64(grace * 1000))
        configuration.lease = .milliseconds(Int64(lease * 1000))
        configuration.heartbeatEvery = configuration.lease / 3
        var environment = ProcessInfo.processInfo.environment
        environment["SLUICE_DATABASE_URL"] = url.connectionString
        environment["SLUICE_DATA_DIR"] = dataDirectory
        let worker = Scheduler.WorkerCommand(
            executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, environment: environment)
        return try Scheduler(
            openStore: { try JobStore(connection: try Connection(url: url)) }, jobsDirectory: jobsDirectory,
            kinds: RegisteredKinds.current,
            configuration: configuration, worker: worker, logger: Logger(label: "sluice.scheduler"),
            tickInterval: .milliseconds(Int64(tickMs)))
    }
}

/// Set by SIGTERM or SIGINT (handled on a dispatch queue, never in a signal handler).
///
/// `@unchecked Sendable`: the flag is only touched under `condition`.
final class StopFlag: @unchecked Sendable {
    private let condition = NSCondition()
    private var set = false
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.raise() }
            source.resume()
            sources.append(source)
        }
        signal(SIGPIPE, SIG_IGN)
    }

    private func raise() {
        condition.withLock {
            set = true
            condition.broadcast()
        }
    }

    /// Whether a stop was asked for.
    func isSet() -> Bool { condition.withLock { set } }

    /// Blocks until a stop is asked for.
    func wait() {
        condition.withLock { while !set { condition.wait() } }
    }
}
