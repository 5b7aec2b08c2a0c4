import Foundation
import JSON
public import MariaDB

/// The backups every host lists: `sluice_backups` (sql/stores.sql), one row per complete backup with
/// the file store and the host that hold its folder. A backup is registered only once its folder is
/// complete (the manifest stays in the folder too), and pruning deletes the row before the folder.
///
/// Blocking: each call runs its statements on the connection it is given.
public struct BackupRegistry: Sendable {
    /// One registered backup: its manifest, and where its folder is.
    public struct Entry: Sendable, Encodable {
        /// The manifest.
        public var manifest: BackupManifest
        /// The host that wrote the backup.
        public var host: String
        /// The id of the file store holding its folder.
        public var store: String

        enum CodingKeys: String, CodingKey { case host, store }

        /// The manifest's fields, plus `host` and `store`.
        public func encode(to encoder: any Encoder) throws {
            try manifest.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(host, forKey: .host)
            try container.encode(store, forKey: .store)
        }
    }

    /// A registry.
    public init() {}

    /// Records the complete backup `manifest`, held in `store` by `host` (again: no change).
    public func register(_ manifest: BackupManifest, store: String, host: String, on connection: Connection) throws {
        try connection.execute(
            "INSERT IGNORE INTO sluice_backups (id, store_id, host_name, manifest) VALUES (?, ?, ?, ?)",
            [.string(manifest.id), .string(store), .string(host), .string(try JSON.text(manifest))])
    }

    /// Registers the complete backups of `catalog` (the store's backup folder) that are not yet
    /// registered: backups written before stores were recorded, or by `sluice backup --out` into it.
    public func adopt(_ catalog: BackupCatalog, store: String, host: String, on connection: Connection) throws {
        let known = Set(
            try connection.query("SELECT id FROM sluice_backups WHERE store_id = ?", [.string(store)]).map {
                $0[0].description
            })
        for entry in try catalog.list() where !known.contains(entry.manifest.id) {
            try register(entry.manifest, store: store, host: host, on: connection)
        }
    }

    /// Every registered backup, newest first.
    public func list(on connection: Connection) throws -> [Entry] {
        try connection.query("\(Self.select) ORDER BY id DESC, store_id").compactMap(Self.entry)
    }

    /// The backup `id`, preferring the copy in `store` when more than one store holds that id.
    public func find(id: String, preferring store: String, on connection: Connection) throws -> Entry? {
        guard BackupCatalog.isBackupID(id) else { return nil }
        return try connection.query(
            "\(Self.select) WHERE id = ? ORDER BY store_id = ? DESC, store_id", [.string(id), .string(store)]
        ).first.flatMap(Self.entry)
    }

    /// Deletes the backups `policy` does not keep from `catalog`, the folder of `store`: their rows
    /// first (so no host lists a folder being deleted), then their folders. Returns their ids, newest
    /// first; with `dryRun`, only returns them.
    public func prune(
        _ catalog: BackupCatalog, _ policy: RetentionPolicy, store: String, dryRun: Bool = false,
        on connection: Connection
    ) throws -> [String] {
        let doomed = try catalog.prune(policy, dryRun: true)
        guard !dryRun, !doomed.isEmpty else { return doomed }
        for id in doomed {
            try connection.execute(
                "DELETE FROM sluice_backups WHERE id = ? AND store_id = ?", [.string(id), .string(store)])
        }
        return try catalog.prune(policy)
    }

    private static let select = "SELECT manifest, host_name, store_id FROM sluice_backups"

    private static func entry(_ row: [Value]) -> Entry? {
        guard let manifest = try? JSON.decode(BackupManifest.self, from: row[0].description) else {
            return nil
        }
        return Entry(manifest: manifest, host: row[1].description, store: row[2].description)
    }
}
