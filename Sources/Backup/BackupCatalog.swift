import Foundation

/// The backups in one folder: each complete backup is a sub-folder named by its id holding a
/// `manifest.json`; anything else (a `.partial` folder being written, stray files) is not a backup
/// and is never listed or deleted as one.
public struct BackupCatalog: Sendable {
    /// One complete backup.
    public struct Entry: Sendable, Codable {
        /// Its folder.
        public var path: String
        /// Its manifest.
        public var manifest: BackupManifest
    }

    /// The folder the backups are in.
    public let directory: String

    /// A catalog of `directory` (which need not exist yet).
    public init(directory: String) {
        self.directory = directory
    }

    /// The complete backups, newest first. A folder whose manifest cannot be read is skipped.
    public func list() throws -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let decoder = JSONDecoder()
        return names.filter(Self.isBackupID).sorted(by: >).compactMap { name in
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path + "/manifest.json"),
                let manifest = try? decoder.decode(BackupManifest.self, from: data), manifest.id == name
            else { return nil }
            return Entry(path: path, manifest: manifest)
        }
    }

    /// The backup with `id`, if it is complete.
    public func entry(id: String) throws -> Entry? {
        guard Self.isBackupID(id) else { return nil }
        return try list().first { $0.manifest.id == id }
    }

    /// Deletes the backups `policy` does not keep (none with `dryRun`); returns their ids, newest first.
    @discardableResult
    public func prune(_ policy: RetentionPolicy, dryRun: Bool = false) throws -> [String] {
        let backups = try list()
        let kept = policy.kept(backups.map(\.manifest.id))
        let doomed = backups.filter { !kept.contains($0.manifest.id) }
        if !dryRun {
            for backup in doomed { try FileManager.default.removeItem(atPath: backup.path) }
        }
        return doomed.map(\.manifest.id)
    }

    /// Whether `name` has the shape of a backup id, `YYYYMMDDTHHMMSS` + digits + `Z`, so that no
    /// other name (`..`, a path, a hidden folder) is ever taken for one.
    public static func isBackupID(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count >= 17, bytes.count <= 32, bytes[8] == UInt8(ascii: "T"), bytes.last == UInt8(ascii: "Z")
        else {
            return false
        }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 8 || index == bytes.count - 1 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}
