public import Backup
import Foundation

/// The backups on a remote: sub-folders named by a backup id that hold a `manifest.json`. Other
/// names, and folders whose manifest is missing (a copy cut short), are never listed or deleted.
/// Backups are copied there with ``upload(folder:manifest:)`` and fetched for a restore with
/// ``withLocalCopy(id:table:under:_:)``.
public struct OffsiteBackups {
    /// One backup on the remote.
    public struct Entry: Sendable, Encodable {
        /// Its folder on the remote (credentials taken out).
        public var path: String
        /// Its manifest.
        public var manifest: BackupManifest
    }

    /// The program.
    public let rclone: Rclone
    /// Where the backups are.
    public let remote: OffsiteRemote

    /// The backups on `remote`, reached with the `rclone` this process's environment names; with
    /// `prompt`, rclone waits no longer than someone waiting on the answer would
    /// (``Rclone/promptWaits(environment:)``).
    /// - Throws: ``OffsiteError`` `offsite_failed` when rclone is not installed.
    public init(remote: OffsiteRemote, prompt: Bool = false) throws {
        var rclone = try Rclone()
        if prompt { rclone.flags = Rclone.promptWaits(environment: ProcessInfo.processInfo.environment) }
        self.rclone = rclone
        self.remote = remote
    }

    /// The ids of the complete backups, newest first (none when the folder does not exist yet).
    public func ids() throws -> [String] {
        let arguments = [
            "lsf", "--files-only", "--max-depth", "2", "--include", "/*/manifest.json", remote.location(),
        ]
        let output = try rclone.execute(arguments)
        // 3: the folder is not there, so it holds no backups.
        if output.status == 3 { return [] }
        guard output.status == 0 else { throw Rclone.failure(output, doing: "listing the backups on \(remote)") }
        let lines = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n")
        let ids = lines.compactMap { line -> String? in
            guard line.hasSuffix("/manifest.json") else { return nil }
            return String(line.dropLast("/manifest.json".count))
        }
        return ids.filter(BackupCatalog.isBackupID).sorted(by: >)
    }

    /// The complete backups with their manifests, newest first; a manifest that cannot be read, or
    /// names another id than its folder, is skipped.
    public func list() throws -> [Entry] {
        try ids().compactMap { id in
            guard let manifest = try manifest(id: id) else { return nil }
            return Entry(path: remote.shown(id), manifest: manifest)
        }
    }

    /// The manifest of backup `id`, or nil when the remote holds no such complete backup.
    public func manifest(id: String) throws -> BackupManifest? {
        guard BackupCatalog.isBackupID(id) else { return nil }
        let output = try rclone.execute(["cat", remote.location(id + "/manifest.json")])
        if output.status == 3 || output.status == 4 { return nil }
        guard output.status == 0 else { throw Rclone.failure(output, doing: "reading backup \(id) on \(remote)") }
        guard let manifest = try? JSONDecoder().decode(BackupManifest.self, from: output.stdout), manifest.id == id
        else { return nil }
        return manifest
    }

    /// Deletes the backups `policy` does not keep (none with `dryRun`); returns their ids, newest
    /// first. Each loses its manifest first, so one half deleted is no longer taken for a backup.
    @discardableResult
    public func prune(_ policy: RetentionPolicy, dryRun: Bool = false) throws -> [String] {
        guard !policy.isKeepAll else { return [] }
        let ids = try ids()
        let kept = policy.kept(ids)
        let doomed = ids.filter { !kept.contains($0) }
        if !dryRun {
            for id in doomed {
                try rclone.run(
                    ["deletefile", remote.location(id + "/manifest.json")], doing: "pruning \(id) on \(remote)")
                try rclone.run(["purge", remote.location(id)], doing: "pruning \(id) on \(remote)")
            }
        }
        return doomed
    }
}
