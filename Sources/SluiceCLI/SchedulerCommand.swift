import ArgumentParser
import Jobs
import Loading
import Logging
import MariaDB

/// `sluice scheduler`: enqueue due runs and execute queued runs in worker processes until SIGTERM or SIGINT.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Run the job scheduler (any number of them may share one database) until SIGTERM/SIGINT.",
        discussion: """
            On SIGTERM or SIGINT it stops claiming runs, lets running workers finish for the grace period, \
            then terminates them (SIGTERM, grace, SIGKILL) and exits.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions
    @OptionGroup var jobs: JobsOptions
    @OptionGroup var scheduling: SchedulerOptions

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let url = try global.resolveDatabase()
        let connection = try Connection(url: url)
        try SchemaInstaller(
            dictionary: try dictionaryOptions.load(), sqlDirectory: try dictionaryOptions.sqlDirectory()
        )
        .apply(on: connection)
        let scheduler = scheduling.service(
            url: url, dataDirectory: global.dataDirectory, fileStore: try global.fileStore(),
            jobsDirectory: jobs.jobsDirectory)
        try await runServices([scheduler], logger: Logger(label: "sluice.scheduler"))
    }
}
