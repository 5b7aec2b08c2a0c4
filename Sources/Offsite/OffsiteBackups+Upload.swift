import Errors
public import Backup
import Foundation

extension OffsiteBackups {
    /// What an upload copied and how it was checked, for the run's log and summary.
    public struct UploadReport: Sendable, Encodable {
        /// The backup's folder on the remote (credentials taken out).
        public var remote: String
        /// Files copied, the manifest included.
        public var files: Int
        /// Bytes copied.
        public var bytes: Int64
        /// How the copy was verified: `sha256`, `md5`, `sha1` or `size` (the remote keeps no checksums).
        public var verified: String
    }

    /// Copies the backup in `folder` (described by `manifest`) to `REMOTE:PATH/<id>/`: its Avro files
    /// first, verified against the manifest, then the manifest itself, verified too, so a copy cut
    /// short never looks finished.
    /// - Throws: ``OffsiteError``; the local backup is left as it is, and a copy that arrived
    ///   different is removed from the remote (it has no manifest, so it was never a backup there).
    public func upload(folder: String, manifest: BackupManifest) throws -> UploadReport {
        let target = remote.location(manifest.id)
        let shown = "backup \(manifest.id) to \(remote)"
        let tables = manifest.tables.map {
            OffsiteVerification.Expected(
                name: $0.file, path: folder + "/" + $0.file, bytes: $0.bytes, sha256: $0.sha256)
        }
        let manifestPath = folder + "/manifest.json"
        let manifestSize = (try FileManager.default.attributesOfItem(atPath: manifestPath)[.size] as? Int64) ?? -1
        do {
            try rclone.run(["copy", folder, target, "--exclude", "/manifest.json"], doing: "copying \(shown)")
            let filesVerified = try OffsiteVerification.verify(
                tables, listing: try rclone.run(OffsiteVerification.listArguments(target), doing: "listing \(shown)"))
            try rclone.run(
                ["copyto", manifestPath, target + "/manifest.json"], doing: "copying the manifest of \(shown)")
            let manifestVerified = try OffsiteVerification.verify(
                [.init(name: "manifest.json", path: manifestPath, bytes: manifestSize)],
                listing: try rclone.run(
                    OffsiteVerification.listArguments(target + "/manifest.json"), doing: "listing \(shown)"))
            return UploadReport(
                remote: remote.shown(manifest.id), files: tables.count + 1,
                bytes: tables.reduce(manifestSize) { $0 + $1.bytes },
                verified: filesVerified == manifestVerified ? filesVerified : filesVerified + "+" + manifestVerified)
        } catch let error as OffsiteError where error.code == .mismatch {
            _ = try? rclone.execute(["purge", target])
            throw OffsiteError(.mismatch, "\(shown): \(error.message); the remote copy was removed")
        }
    }
}
