import ArgumentParser
import Foundation
import Jobs

/// Options for the jobs commands: where the job definitions are.
struct JobsOptions: ParsableArguments {
    @Option(name: .long, help: "The folder of job definitions (default: $SLUICE_JOBS_DIR, else ./jobs).")
    var jobsDir: String?

    /// The folder in use.
    var jobsDirectory: String {
        jobsDir ?? ProcessInfo.processInfo.environment["SLUICE_JOBS_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "jobs"
    }

    /// The service on the resolved database.
    func service(_ global: GlobalOptions) throws -> JobService {
        JobService(
            database: try global.resolveDatabase(), jobsDirectory: jobsDirectory, kinds: RegisteredKinds.current)
    }
}

/// The options of the `jobs` and `schedules` subcommands: the database and the job definitions.
struct JobsServiceOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var jobs: JobsOptions

    /// The jobs service on the resolved database.
    func service() throws -> JobService { try jobs.service(global) }

    /// Who queues a run from the command line, for its `triggeredBy`: `USER (command line)`.
    static var byline: String { "\(NSUserName()) (command line)" }
}
