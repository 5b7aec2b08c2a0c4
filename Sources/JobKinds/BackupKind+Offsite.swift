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

extension BackupKind.Params {
    /// The remote the backup is copied to: `offsite`, else `$SLUICE_OFFSITE` (the worker's own), else none.
    /// - Throws: `JobsError` `invalid_params` naming the field when it is not `REMOTE:PATH`.
    func offsiteRemote() throws -> OffsiteRemote? {
        try OffsiteRemote.param(offsite, field: "offsite")
    }
}

extension OffsiteRemote {
    /// The remote a job's `field` names, else `$SLUICE_OFFSITE` when `orEnvironment`.
    /// - Throws: `JobsError` `invalid_params` naming the field when it is not `REMOTE:PATH`.
    static func param(_ text: String?, field: String, orEnvironment: Bool = true) throws -> OffsiteRemote? {
        do {
            if let text { return try OffsiteRemote(parsing: text) }
            return orEnvironment ? try fromEnvironment(ProcessInfo.processInfo.environment) : nil
        } catch let error as OffsiteError {
            throw JobsError(.invalidParams, "field '\(field)': \(error.message)")
        }
    }
}

extension RestoreKind.Params {
    /// The remote that holds the backup, if `offsite` names one (the worker's `$SLUICE_OFFSITE` is
    /// where backups go, not where restores read).
    /// - Throws: `JobsError` `invalid_params` naming the field when it is not `REMOTE:PATH`.
    func offsiteRemote() throws -> OffsiteRemote? {
        try OffsiteRemote.param(offsite, field: "offsite", orEnvironment: false)
    }
}
