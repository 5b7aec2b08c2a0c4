import API
import ArgumentParser
import Backup
import Foundation
import Hosts
import Jobs
import Loading
import Logging
import MariaDB
import MicroHTTPD
import Reports
import ServiceLifecycle

/// `sluice serve`: the HTTP server (ingestion API, health, metrics) on the chosen database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Start the HTTP server and the admin pages, with a job scheduler; stops gracefully on SIGTERM or SIGINT.")

    /// Idle database connections kept for a thread per connection: enough for the busy ones.
    static let idleConnections = max(ProcessInfo.processInfo.activeProcessorCount * 4, 8)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions
    @OptionGroup var jobsOptions: JobsOptions
    @Option(name: .long, help: "The port to listen on (0 picks a free one).") var port = 8080
    @Option(name: .long, help: "The IPv4 address to listen on.") var bind = "127.0.0.1"
    @Option(
        name: .long,
        help:
            "Serve from a pool of this many threads, each holding many connections (default: a thread per connection, so a request waiting on the database holds up no other)."
    ) var threads: Int?
    @Option(name: .long, help: "The largest file POST /api/v1/uploads accepts, in bytes.")
    var maxUploadBytes: UInt64 = 4 << 30
    @Option(
        name: .long,
        help:
            "How long a request waits on a slow database in all (every checkout, connect, statement and row lock), in seconds, before it answers 503 database_unavailable (0: no limit)."
    )
    var databaseTimeout: UInt32 = 15
    @Flag(name: .long, help: "Do not run the job scheduler in this process (run `sluice scheduler` elsewhere).")
    var noScheduler = false
    @OptionGroup var scheduling: SchedulerOptions
    @OptionGroup var tls: TLSOptions
    @OptionGroup var reportsOptions: ReportsOptions
    @Option(name: .long, help: "Chart.js for the admin dashboard (Debian's libjs-chart.js).")
    var chartJS = "/usr/share/javascript/chart.js/chart.min.js"

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "sluice.serve")
        let dictionary = try dictionaryOptions.load()
        let url = try global.resolveDatabase()
        let connection = try Connection(url: url)
        try SchemaInstaller(dictionary: dictionary, sqlDirectory: try dictionaryOptions.sqlDirectory()).apply(
            on: connection)
        if try APIKeyStore().list(on: connection).isEmpty {
            let key = try APIKeyStore().create(name: "first admin key", scopes: [.admin], on: connection)
            print("created the first API key (admin scope); it is shown only this once:\n  \(key)")
        }
        let fileStore = try global.fileStore()
        let backups = BackupCatalog(directory: fileStore.backupDirectory)
        try BackupRegistry().adopt(backups, store: fileStore.id, host: HostIdentity.current.hostName, on: connection)
        let sqlFolder = try dictionaryOptions.sqlDirectory()
        let sqlDirectory = sqlFolder.path
        let jobsDirectory = jobsOptions.jobsDirectory
        var configuration = HTTPServer.Configuration()
        configuration.port = port
        configuration.address = bind
        configuration.threading = threads.map { .pool($0) } ?? .perConnection
        configuration.maxUploadBytes = maxUploadBytes
        configuration.tls = try tls.credentials()
        let pool = ConnectionPool(url: url, maxIdle: threads ?? Self.idleConnections, timeoutSeconds: databaseTimeout)
        let reportSource = try reportsOptions.source(
            primary: pool, maxIdle: threads ?? Self.idleConnections, timeoutSeconds: databaseTimeout)
        let service = APIService(
            dictionary: dictionary, pool: pool, metrics: APIMetrics(),
            reports: try ReportRunner(sqlDirectory: sqlDirectory), reportSource: reportSource,
            site: StaticFiles(
                root: sqlFolder.sibling("public"), folders: ["powerbi", "admin", "admin/architecture"],
                extra: ["/vendor/chart.min.js": chartJS]),
            jobs: JobService(database: url, jobsDirectory: jobsDirectory, kinds: RegisteredKinds.current),
            backups: backups, offsite: try scheduling.offsite.remote(), uploads: try UploadStore(fileStore: fileStore),
            logger: logger,
            tls: configuration.tls != nil)
        let server = try HTTPServer(configuration: configuration, handler: service)
        let scheme = server.isTLS ? "https" : "http"
        let banner =
            [
                "Sluice is serving at \(scheme)://\(bind):\(server.port)/ (API document: /api/v1/openapi.json)",
                "admin pages: \(scheme)://\(bind):\(server.port)/admin/",
            ] + (try reportsOptions.describe().map { [$0] } ?? [])
        // Shut down in reverse: HTTP first (finishing requests in flight), then the host row, the
        // scheduler, then the pool.
        var services: [any Service] = [pool, reportSource.replicaPool].compactMap { $0.map(PoolService.init) }
        if !noScheduler {
            services.append(
                scheduling.service(
                    url: url, dataDirectory: global.dataDirectory, fileStore: fileStore, jobsDirectory: jobsDirectory))
        }
        let lease = Duration.milliseconds(Int64(scheduling.lease * 1000))
        let address = bind == "0.0.0.0" ? ProcessInfo.processInfo.hostName : bind
        let presence = try HostPresence(
            role: .api, lease: lease, publicURL: "\(scheme)://\(address):\(server.port)/", storeID: fileStore.id,
            sqlDirectory: try dictionaryOptions.sqlDirectory())
        services.append(HostService(presence: presence, pool: pool, every: lease / 3, logger: logger))
        services.append(HTTPService(server: server, gracePeriod: .seconds(10), banner: banner, logger: logger))
        try await runServices(services, logger: logger)
    }
}
