import ArgumentParser
import Avro
import Backup
import Foundation
import Hosts
import JSON
import MariaDB

/// `sluice backup [create|list|prune]`: Avro backups from one consistent snapshot, and their retention.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back tables up to Avro object container files from one consistent snapshot, list and prune backups.",
        subcommands: [Create.self, List.self, Prune.self], defaultSubcommand: Create.self)

    /// `sluice backup [create]`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Back tables up (the default): one Avro file per table and a manifest, in a new folder.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var dictionaryOptions: DictionaryOptions
        @Option(name: .long, help: "A table to back up (repeatable; default: all).") var table: [String] = []
        @Option(
            name: .long,
            help: "The folder backups go in (default: <store>/backups, registered so that every host lists them).")
        var out: String?
        @Option(name: .long, help: "null, deflate (default, readable everywhere), snappy or zstandard.") var codec =
            "deflate"
        @OptionGroup var retention: RetentionOptions

        func validate() throws {
            guard AvroCodec(rawValue: codec) != nil else {
                throw ValidationError("--codec must be null, deflate, snappy or zstandard")
            }
        }

        func run() throws {
            let connection = try Connection(url: try global.resolveDatabase())
            let store = out == nil ? try global.fileStore() : nil
            let folder = out ?? global.backupDirectory
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let manifest = try BackupWriter(dictionary: try dictionaryOptions.load()).backup(
                tables: table, into: folder, codec: AvroCodec(rawValue: codec) ?? .deflate, on: connection)
            for entry in manifest.tables {
                print("\(entry.table): \(entry.rows) rows, \(entry.bytes) bytes, sha256 \(entry.sha256.prefix(12))…")
            }
            print("backup \(manifest.id) written to \(folder)/\(manifest.id) (snapshot \(manifest.snapshotTime))")
            let catalog = BackupCatalog(directory: folder)
            var pruned: [String]
            if let store {
                let registry = BackupRegistry()
                try registry.register(manifest, store: store.id, host: HostIdentity.current.hostName, on: connection)
                pruned = try registry.prune(catalog, retention.policy, store: store.id, on: connection)
            } else {
                pruned = try catalog.prune(retention.policy)
            }
            for id in pruned { print("pruned backup \(id)") }
        }
    }

    /// `sluice backup list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List complete backups, newest first: every host's, as the database registers them.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "List the backups in this folder instead (not the registered ones).") var dir:
            String?
        @Flag(name: .long, help: "Print each backup's manifest as JSON.") var json = false

        func run() throws {
            if let dir {
                let backups = try BackupCatalog(directory: dir).list()
                if json { print(String(decoding: try JSON.encodePretty(backups), as: UTF8.self)) }
                for backup in backups where !json { print(Self.line(backup.manifest)) }
                return
            }
            let store = try global.fileStore()
            let backups = try BackupRegistry().list(on: try Connection(url: try global.resolveDatabase())).map {
                Listed(
                    manifest: $0.manifest,
                    path: $0.store == store.id ? store.backupDirectory + "/" + $0.manifest.id : nil,
                    host: $0.host, store: $0.store)
            }
            if json { print(String(decoding: try JSON.encodePretty(backups), as: UTF8.self)) }
            for backup in backups where !json { print(Self.line(backup.manifest) + "  on \(backup.host)") }
        }

        /// A registered backup as `--json` prints it: its manifest, its folder when this host's store
        /// holds it, and the host and store that hold it.
        struct Listed: Encodable {
            let manifest: BackupManifest
            let path: String?
            let host: String
            let store: String
        }

        private static func line(_ manifest: BackupManifest) -> String {
            let rows = manifest.tables.map { "\($0.table) \($0.rows)" }.joined(separator: ", ")
            let bytes = manifest.tables.reduce(Int64(0)) { $0 + $1.bytes }
            return "\(manifest.id)  \(manifest.codec)  \(bytes) bytes  \(rows)"
        }
    }

    /// `sluice backup prune`.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the backups the retention policy does not keep.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "The folder backups are in (default: <store>/backups, and their registrations).")
        var dir: String?
        @OptionGroup var retention: RetentionOptions
        @Flag(name: .long, help: "Only print what would be deleted.") var dryRun = false

        func validate() throws {
            guard !retention.policy.isKeepAll else {
                throw ValidationError("say what to keep: --keep N, --keep-daily N and/or --keep-weekly N")
            }
        }

        func run() throws {
            let pruned: [String]
            if let dir {
                pruned = try BackupCatalog(directory: dir).prune(retention.policy, dryRun: dryRun)
            } else {
                let store = try global.fileStore()
                pruned = try BackupRegistry().prune(
                    BackupCatalog(directory: store.backupDirectory), retention.policy, store: store.id, dryRun: dryRun,
                    on: try Connection(url: try global.resolveDatabase()))
            }
            for id in pruned { print(dryRun ? "would prune backup \(id)" : "pruned backup \(id)") }
            if pruned.isEmpty { print("nothing to prune") }
        }
    }
}

/// How many backups to keep; nothing is pruned when none is given.
struct RetentionOptions: ParsableArguments {
    @Option(name: .long, help: "Keep the newest N backups.") var keep = 0
    @Option(name: .long, help: "Keep the newest backup of each of the last N days that have one (UTC).") var keepDaily =
        0
    @Option(name: .long, help: "Keep the newest backup of each of the last N ISO weeks that have one.") var keepWeekly =
        0

    var policy: RetentionPolicy { RetentionPolicy(last: keep, daily: keepDaily, weekly: keepWeekly) }
}
