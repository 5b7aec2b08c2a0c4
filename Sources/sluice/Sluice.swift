import ArgumentParser

/// The `sluice` command: migrates CSV data into MariaDB and keeps it there safely.
@main
struct Sluice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Migrate CSV data into MariaDB, ingest rows, back up and restore tables.",
        subcommands: [
            DbCommand.self, SchemaCommand.self, MigrateCommand.self, ServeCommand.self, KeysCommand.self,
            JobsCommand.self, SchedulerCommand.self, WorkerCommand.self, ReportCommand.self, BackupCommand.self, RestoreCommand.self,
        ]
    )
}
