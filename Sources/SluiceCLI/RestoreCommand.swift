import ArgumentParser
import Backup
import Foundation
import Hosts
import Loading
import MariaDB
import Offsite
import Restore

/// `sluice restore --table T (--from BACKUP_OR_FILE | --backup ID [--offsite REMOTE:PATH]) [--dry-run]
/// [--max-rejects N|P%]`: all or nothing.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract:
            "Restore a table from a backup folder, an Avro file (Sluice's or another tool's) or an off-site backup, all or nothing.",
        discussion: """
            Rows are validated against the dictionary in a scratch table, counted and checksummed against the \
            manifest, and foreign keys checked both ways; only then is the scratch table swapped in with one \
            atomic RENAME TABLE. Any failure leaves the live table as it was and exits 3 with a stable code. \
            With --offsite and --backup, the backup's manifest and the table's file are first copied from the \
            rclone remote into a temporary folder under the backups folder (checked against the manifest's \
            SHA-256) and removed afterwards.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions
    @Option(name: .long, help: "The table to restore.") var table: String
    @Option(name: .long, help: "A backup folder (with manifest.json) or an Avro file.") var from: String?
    @Option(
        name: .long, help: ArgumentHelp("The rclone remote and folder that hold the backup.", valueName: "remote:path"))
    var offsite: String?
    @Option(
        name: .long,
        help: "A backup's id: a registered one in this host's store (--store), or one on the --offsite remote.")
    var backup: String?
    @Flag(name: .long, help: "Check everything, change nothing.") var dryRun = false
    @Option(
        name: .long, help: "Leave out (and log) up to N rows, or P% of them, that break the dictionary; default none.")
    var maxRejects: String?

    func validate() throws {
        guard (from == nil) != (backup == nil), offsite == nil || backup != nil else {
            throw ValidationError("give --from PATH, or --backup ID (with --offsite REMOTE:PATH for a remote backup)")
        }
        _ = try offsite.map(OffsiteOptions.remote)
        if let maxRejects, RejectLimit(parsing: maxRejects) == nil {
            throw ValidationError("--max-rejects takes a count (100) or a percentage (5%), not '\(maxRejects)'")
        }
    }

    func run() throws {
        let connection = try Connection(url: try global.resolveDatabase())
        do {
            let outcome = try fromSource(on: connection) { source in
                try RestoreRunner(
                    dictionary: try dictionaryOptions.load(), sqlDirectory: try dictionaryOptions.sqlDirectory()
                ).restore(
                    table: table, from: source, dryRun: dryRun,
                    maxRejects: maxRejects.flatMap(RejectLimit.init(parsing:)), on: connection)
            }
            let rejects = outcome.rejected > 0 ? ", \(outcome.rejected) rejected (see sluice_rejects)" : ""
            print(
                dryRun
                    ? "\(table): \(outcome.restored) rows would be restored\(rejects) (dry run, nothing changed)"
                    : "\(table): restored \(outcome.restored) rows\(rejects)")
        } catch let error as RestoreError {
            try? FileHandle.standardError.write(contentsOf: Data("error: \(error)\n".utf8))
            throw ExitCode(3)
        }
    }

    /// Calls `body` with `--from`, the registered backup's folder in this host's store, or a
    /// temporary copy of the off-site backup.
    private func fromSource<T>(on connection: Connection, _ body: (String) throws -> T) throws -> T {
        if let from { return try body(from) }
        guard let offsite else { return try body(try folder(ofBackup: backup ?? "", on: connection)) }
        return try OffsiteBackups(remote: try OffsiteOptions.remote(offsite)).withLocalCopy(
            id: backup ?? "", table: table, under: global.backupDirectory, body)
    }

    /// The folder of the registered backup `id` in this host's store; exits 3 when there is no such
    /// backup, or when another host's store holds it (naming that host).
    private func folder(ofBackup id: String, on connection: Connection) throws -> String {
        let store = try global.fileStore()
        guard let entry = try BackupRegistry().find(id: id, preferring: store.id, on: connection) else {
            try? FileHandle.standardError.write(contentsOf: Data("error: backup_not_found: no backup \(id)\n".utf8))
            throw ExitCode(3)
        }
        guard entry.store == store.id else {
            let message =
                "file_on_other_host: backup \(id) is in the store of host \(entry.host) (store \(entry.store))"
            try? FileHandle.standardError.write(contentsOf: Data("error: \(message)\n".utf8))
            throw ExitCode(3)
        }
        return store.backupDirectory + "/" + id
    }
}
