import Errors
import Backup
import Foundation
import Loading

extension OffsiteBackups {
    /// Brings one table of backup `id` into a temporary folder for a restore: copies the manifest and
    /// `table`'s file (checked against the manifest's size and SHA-256) into a new hidden folder under `parent`, calls
    /// `body` with that folder (a backup folder a restore reads), and removes it on every path.
    /// - Throws: ``OffsiteError`` `offsite_not_found` when the remote holds no complete backup `id`,
    ///   `offsite_mismatch` when the file arrived different; or what `body` throws.
    public func withLocalCopy<T>(id: String, table: String, under parent: String, _ body: (String) throws -> T) throws
        -> T
    {
        guard let manifest = try manifest(id: id) else {
            throw OffsiteError(.notFound, "no complete backup \(id) on \(remote)")
        }
        let folder = parent + "/.offsite-\(id)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shown = "backup \(id) from \(remote)"
        try rclone.run(
            ["copyto", remote.location(id + "/manifest.json"), folder + "/manifest.json"],
            doing: "copying the manifest of \(shown)")
        // A table the backup lacks is the restore's to report (`table_not_in_backup`).
        if let entry = manifest.tables.first(where: { $0.table == table }) {
            guard !entry.file.contains("/"), !entry.file.hasPrefix(".") else {
                throw OffsiteError(.mismatch, "\(shown): the manifest names a file outside its folder")
            }
            let path = folder + "/" + entry.file
            try rclone.run(["copyto", remote.location(id + "/" + entry.file), path], doing: "copying \(shown)")
            let digest = try FileDigest.sha256(path: path)
            guard digest.bytes == entry.bytes, digest.hex == entry.sha256 else {
                throw OffsiteError(.mismatch, "\(shown): \(entry.file) differs from its manifest's size or SHA-256")
            }
        }
        return try body(folder)
    }
}
