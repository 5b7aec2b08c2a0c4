import ArgumentParser
import Backup
import MariaDB

/// `sluice restore --table T --from BACKUP_OR_FILE [--dry-run]`: all or nothing.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a table from a backup folder or an Avro file, all or nothing.",
        discussion: "Rows are validated, counted and checksummed against the manifest, and foreign keys checked both ways in a scratch table before the live table is replaced in one transaction.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions
    @Option(name: .long, help: "The table to restore.") var table: String
    @Option(name: .long, help: "A backup folder (with manifest.json) or an Avro file.") var from: String
    @Flag(name: .long, help: "Check everything, change nothing.") var dryRun = false

    func run() throws {
        let connection = try Connection(url: try global.resolveDatabase())
        let rows = try RestoreRunner(dictionary: try dictionaryOptions.load()).restore(
            table: table, from: from, dryRun: dryRun, on: connection)
        print(dryRun ? "\(table): \(rows) rows would be restored (dry run, nothing changed)" : "\(table): restored \(rows) rows")
    }
}
