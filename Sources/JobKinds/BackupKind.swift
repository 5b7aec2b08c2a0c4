import Errors
import Avro
import Backup
import Foundation
import Hosts
import Offsite
public import Jobs

/// The `backup` kind: backs tables up to Avro (`"tables"`: names, or all when absent or `"*"`) into
/// the file store's backup folder, registered in `sluice_backups` (or into `"out"`, not registered),
/// compressed with `"codec"` (`null`, `deflate`, `snappy`, `zstandard`), copies it to `"offsite"`
/// (an rclone `REMOTE:PATH`, default `$SLUICE_OFFSITE`) and verifies the copy, then prunes old
/// backups, here and there, by `"keep"`, `"keepDaily"` and `"keepWeekly"`.
public struct BackupKind: JobKind {
    /// `backup`.
    public static let name = "backup"

    /// The parameters of a backup.
    public struct Params: JobParameters {
        /// The tables to back up (nil: all).
        public var tables: TableSelection?
        /// The folder to write into (a server path).
        public var out: String?
        /// The compression (default `deflate`).
        public var codec: String?
        /// Backups to keep: the latest ones, one a day, one a week.
        public var keep: Int?, keepDaily: Int?, keepWeekly: Int?
        /// The rclone `REMOTE:PATH` that gets a verified copy of the backup.
        public var offsite: String?

        /// `out` names a server path.
        public static let pathFields: Set<String> = ["out"]

        /// The codec is one Sluice's backups use; the retention counts are not negative; the
        /// off-site remote is `REMOTE:PATH`.
        public func validate() throws {
            _ = try avroCodec()
            _ = try OffsiteRemote.param(offsite, field: "offsite", orEnvironment: false)
            for (field, count) in [("keep", keep), ("keepDaily", keepDaily), ("keepWeekly", keepWeekly)] {
                if let count, count < 0 { throw JobsError(.invalidParams, "field '\(field)': must be 0 or more") }
            }
        }

        func avroCodec() throws -> AvroCodec {
            guard let codec = AvroCodec(rawValue: codec ?? "deflate") else {
                throw JobsError(.invalidParams, "field 'codec': must be null, deflate, snappy or zstandard")
            }
            return codec
        }
    }

    /// A backup kind.
    public init() {}

    /// Writes the backup, copies it off site, prunes old ones, and returns the new backup's manifest
    /// (with what was copied off site).
    public func run(_ params: Params, in context: JobContext) throws -> Summary {
        let folder = params.out ?? context.backupDirectory
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let manifest = try KindFailures.classify {
            try BackupWriter(dictionary: try context.dictionary()).backup(
                tables: params.tables?.names ?? [], into: folder, codec: try params.avroCodec(), runID: context.runID,
                on: try context.connect())
        }
        context.say(
            "backup \(manifest.id): \(manifest.tables.map { "\($0.table) \($0.rows) rows" }.joined(separator: ", "))")
        // In the store, a backup is registered (listed by every host) before anything can fail after it.
        let registry = params.out == nil ? BackupRegistry() : nil
        let store = context.fileStore.id
        try registry?.register(manifest, store: store, host: HostIdentity.current.hostName, on: try context.connect())
        let offsite = try params.offsiteRemote()
        let copied = try offsite.map { try copyOffsite(folder + "/" + manifest.id, manifest, to: $0, in: context) }
        let retention = RetentionPolicy(
            last: params.keep ?? 0, daily: params.keepDaily ?? 0, weekly: params.keepWeekly ?? 0)
        let catalog = BackupCatalog(directory: folder)
        let pruned =
            try registry?.prune(catalog, retention, store: store, on: try context.connect())
            ?? catalog.prune(retention)
        for id in pruned { context.say("pruned backup \(id)") }
        if let offsite { try pruneOffsite(offsite, retention, in: context) }
        return Summary(manifest: manifest, offsite: copied)
    }
}

/// Tables as parameters name them: a list of names, or `"*"` for all.
public struct TableSelection: Decodable, Sendable {
    /// The names (empty: all tables).
    public var names: [String]

    /// Decodes a list of names or `"*"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let names = try? container.decode([String].self) {
            self.names = names
        } else if try container.decode(String.self) == "*" {
            names = []
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: #"must be a list of table names or "*""#))
        }
    }
}
