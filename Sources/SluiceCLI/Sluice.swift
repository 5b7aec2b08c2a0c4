public import ArgumentParser
public import Jobs
import JobKinds

/// The `sluice` command: migrates CSV data into MariaDB and keeps it there safely.
///
/// A binary starts it with `Sluice.main(kinds:)`, naming the job kinds its workers run.
public struct Sluice: AsyncParsableCommand {
    /// The command tree.
    public static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Migrate CSV data into MariaDB, ingest rows, back up and restore tables.",
        subcommands: [
            DbCommand.self, SchemaCommand.self, MigrateCommand.self, ServeCommand.self, KeysCommand.self,
            UsersCommand.self,
            JobsCommand.self, SchedulesCommand.self, SchedulerCommand.self, WorkerCommand.self, ReportCommand.self,
            BackupCommand.self, RestoreCommand.self, CheckCommand.self,
        ]
    )

    /// The kinds Sluice ships, with migrations reporting their progress to the terminal.
    public static var productKinds: JobKindRegistry {
        ProductKinds.registry(migrationProgress: { TerminalProgress() })
    }

    /// Parses the command line and runs the command, with `kinds` as the job kinds.
    public static func main(kinds: JobKindRegistry) async {
        await RegisteredKinds.$current.withValue(kinds) { await main() }
    }

    /// Creates the command (the parser fills it in).
    public init() {}
}

/// The job kinds the running binary registered, set by `Sluice.main(kinds:)` for the command's task.
enum RegisteredKinds {
    /// The kinds of the command being run.
    @TaskLocal static var current = JobKindRegistry()
}
