import ArgumentParser
import Avro
import Backup
import Foundation
import Hosts
import JSON
import MariaDB
import Offsite

/// `sluice backup [create|list|prune]`: Avro backups from one consistent snapshot, and their retention.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back tables up to Avro object container files from one consistent snapshot, list and prune backups.",
        subcommands: [Create.self, List.self, Prune.self], defaultSubcommand: Create.self)

    /// `sluice backup [create]`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
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
        @OptionGroup var offsite: OffsiteOptions

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
            if let store {
                try BackupRegistry().register(
                    manifest, store: store.id, host: HostIdentity.current.hostName, on: connection)
            }
            try offsite.copy(folder + "/" + manifest.id, manifest)
            let catalog = BackupCatalog(directory: folder)
            let pruned =
                try store.map { try BackupRegistry().prune(catalog, retention.policy, store: $0.id, on: connection) }
                ?? catalog.prune(retention.policy)
            for id in pruned { print("pruned backup \(id)") }
            for id in try offsite.backups()?.prune(retention.policy) ?? [] { print("pruned backup \(id) off site") }
        }
    }

    /// `sluice backup list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List complete backups, newest first: every host's, as the database registers them.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "List the backups in this folder instead (not the registered ones).") var dir:
            String?
        @Flag(name: .long, help: "Print each backup's manifest as JSON.") var json = false
        @Option(
            name: .long, help: ArgumentHelp("List the backups on this rclone remote instead.", valueName: "remote:path")
        )
        var offsite: String?

        func run() throws {
            if let offsite {
                let backups = try OffsiteBackups(remote: try OffsiteOptions.remote(offsite)).list()
                return try show(backups, backups.map { Self.line($0.manifest) })
            }
            if let dir {
                let backups = try BackupCatalog(directory: dir).list()
                return try show(backups, backups.map { Self.line($0.manifest) })
            }
            let store = try global.fileStore()
            let backups = try BackupRegistry().list(on: try Connection(url: try global.resolveDatabase())).map {
                Listed(
                    manifest: $0.manifest,
                    path: $0.store == store.id ? store.backupDirectory + "/" + $0.manifest.id : nil,
                    host: $0.host, store: $0.store)
            }
            try show(backups, backups.map { Self.line($0.manifest) + "  on \($0.host)" })
        }

        /// Prints `entries` as JSON with `--json`, else `lines`.
        private func show(_ entries: some Encodable, _ lines: [String]) throws {
            if json { return print(String(decoding: try JSON.encodePretty(entries), as: UTF8.self)) }
            for line in lines { print(line) }
        }

        /// A registered backup as `--json` prints it: its manifest, its folder when this host's store
        /// holds it, and the host and store that hold it.
        struct Listed: Encodable {
            let manifest: BackupManifest
            let path: String?
            let host: String
            let store: String
        }

        /// One backup's line: id, codec, bytes and each table's rows.
        private static func line(_ manifest: BackupManifest) -> String {
            let rows = manifest.tables.map { "\($0.table) \($0.rows)" }.joined(separator: ", ")
            let bytes = manifest.tables.reduce(Int64(0)) { $0 + $1.bytes }
            return "\(manifest.id)  \(manifest.codec)  \(bytes) bytes  \(rows)"
        }
    }

    /// `sluice backup prune`.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Delete the backups the retention policy does not keep.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "The folder backups are in (default: <store>/backups, and their registrations).")
        var dir: String?
        @OptionGroup var retention: RetentionOptions
        @Flag(name: .long, help: "Only print what would be deleted.") var dryRun = false
        @OptionGroup var offsite: OffsiteOptions

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
            let remote = try offsite.backups()?.prune(retention.policy, dryRun: dryRun) ?? []
            for id in remote { print(dryRun ? "would prune backup \(id) off site" : "pruned backup \(id) off site") }
            if pruned.isEmpty && remote.isEmpty { print("nothing to prune") }
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
