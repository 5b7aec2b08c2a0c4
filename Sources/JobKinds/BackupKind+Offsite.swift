import Errors
public import Backup
import Foundation
import Jobs
public import Offsite

extension BackupKind {
    /// What a backup run reports: its manifest's fields, plus `offsite` when it was copied off site.
    public struct Summary: Encodable {
        /// The new backup's manifest.
        public var manifest: BackupManifest
        /// What was copied to the remote and how it was verified.
        public var offsite: OffsiteBackups.UploadReport?

        private enum CodingKeys: String, CodingKey {
            case offsite
        }

        /// The manifest's fields, and `offsite` beside them.
        public func encode(to encoder: any Encoder) throws {
            try manifest.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(offsite, forKey: .offsite)
        }
    }

    /// Copies the finished backup in `folder` to `remote`, verified, saying what was copied.
    func copyOffsite(_ folder: String, _ manifest: BackupManifest, to remote: OffsiteRemote, in context: JobContext)
        throws -> OffsiteBackups.UploadReport
    {
        context.say("copying backup \(manifest.id) to \(remote)")
        do {
            let report = try KindFailures.classify {
                try OffsiteBackups(remote: remote).upload(folder: folder, manifest: manifest)
            }
            context.say(
                "copied backup \(manifest.id) to \(report.remote): \(report.files) files, \(report.bytes) bytes, "
                    + "verified by \(report.verified)")
            return report
        } catch {
            context.say("backup \(manifest.id) is complete here (\(folder)) but not off site: nothing was pruned")
            throw error
        }
    }

    /// Prunes the backups on `remote` that `retention` does not keep.
    func pruneOffsite(_ remote: OffsiteRemote, _ retention: RetentionPolicy, in context: JobContext) throws {
        let pruned = try KindFailures.classify {
            try OffsiteBackups(remote: remote).prune(retention)
        }
        for id in pruned { context.say("pruned backup \(id) on \(remote)") }
    }
}
