import ArgumentParser
import Foundation
import Hosts
import Jobs
import Loading
import Logging
import MariaDB
import Offsite
import Webhooks

/// How a scheduler runs, for `sluice scheduler` and the one inside `sluice serve`.
struct SchedulerOptions: ParsableArguments {
    @Option(name: .long, help: "Runs executed at once (default: the number of cores).") var maxConcurrent: Int?
    @Option(name: .long, help: "Per-kind limits, KIND=N, repeatable.") var kindLimit: [String] = []
    @Option(name: .long, help: "Seconds between SIGTERM and SIGKILL, and for workers to finish at shutdown.")
    var grace = 10.0
    @Option(name: .long, help: "Seconds a run's lease lasts without a heartbeat.") var lease = 15.0
    @Option(name: .long, help: "Milliseconds between scheduler ticks.") var tickMs = 50
    @Option(
        name: .long,
        help: "The admin site's origin as people reach it, for the run links in webhook notices.")
    var publicURL = "http://localhost:8080"
    @OptionGroup var offsite: OffsiteOptions

    func validate() throws {
        if let maxConcurrent, maxConcurrent < 1 { throw ValidationError("--max-concurrent must be at least 1") }
        for limit in kindLimit where Self.parseLimit(limit) == nil {
            throw ValidationError("--kind-limit takes KIND=N, not '\(limit)'")
        }
        guard grace > 0, lease >= 1, tickMs >= 1 else {
            throw ValidationError("--grace, --lease and --tick-ms must be positive")
        }
        guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ValidationError("--public-url takes an http or https URL, not '\(publicURL)'")
        }
    }

    static func parseLimit(_ text: String) -> (String, Int)? {
        let parts = text.split(separator: "=")
        guard parts.count == 2, let count = Int(parts[1]), count > 0 else { return nil }
        return (String(parts[0]), count)
    }

    /// A scheduler service over the database at `url`, reading job definitions from `jobsDirectory`,
    /// whose workers are this program (`sluice worker`) with the same database, data directory and
    /// file store; it registers this process as a scheduler with that store in `sluice_hosts`, and
    /// claims the runs that need no store or that one.
    func service(
        url: DatabaseURL, dataDirectory: String, fileStore: FileStore, jobsDirectory: String
    ) -> SchedulerService {
        var configuration = SchedulerConfiguration()
        if let maxConcurrent { configuration.maxConcurrent = maxConcurrent }
        for limit in kindLimit { if let (kind, count) = Self.parseLimit(limit) { configuration.perKind[kind] = count } }
        configuration.grace = .milliseconds(Int64(grace * 1000))
        configuration.lease = .milliseconds(Int64(lease * 1000))
        configuration.heartbeatEvery = configuration.lease / 3
        configuration.stores = [fileStore.id]
        var environment = ProcessInfo.processInfo.environment
        environment["SLUICE_DATABASE_URL"] = url.connectionString
        environment["SLUICE_DATA_DIR"] = dataDirectory
        if let remote = offsite.offsite { environment[OffsiteRemote.environmentKey] = remote }
        environment["SLUICE_STORE"] = fileStore.root
        let worker = Scheduler.WorkerCommand(
            executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, environment: environment)
        let kinds = RegisteredKinds.current
        let tickInterval = Duration.milliseconds(Int64(tickMs))
        let sender = WebhookSender()
        let announcer = RunAnnouncer(publicURL: URL(string: publicURL)!) { body, urls, report in
            sender.send(body, to: urls, report: report)
        }
        return SchedulerService { [configuration] stop in
            try Scheduler(
                openStore: { try JobStore(connection: try Connection(url: url)) }, jobsDirectory: jobsDirectory,
                kinds: kinds, configuration: configuration, worker: worker, logger: Logger(label: "sluice.scheduler"),
                stop: stop, announcer: announcer,
                presence: try HostPresence(
                    role: .scheduler, lease: configuration.lease, storeID: fileStore.id, sqlDirectory: .locate()),
                tickInterval: tickInterval)
        }
    }
}
