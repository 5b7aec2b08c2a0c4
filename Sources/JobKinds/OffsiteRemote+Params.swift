import Errors
import Foundation
import Jobs
import Offsite

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
