import ArgumentParser
import Foundation
import Jobs
import Loading

/// Options for the jobs commands: where the job definitions are.
struct JobsOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The folder of job definitions (default: $SLUICE_JOBS_DIR, else ./jobs, the installed jobs/ beside sql/, /etc/sluice/jobs)."
    )
    var jobsDir: String?

    /// The folder in use.
    var jobsDirectory: String {
        InstallLayout.jobsDirectory(configured: jobsDir)
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
