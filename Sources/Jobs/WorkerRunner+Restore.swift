import Backup
import Errors
import Foundation
import Ingest

extension WorkerRunner {
    /// The `restore` kind: `{"table": T, "backup": ID}` (a backup in the backup folder, by id) or
    /// `{"table": T, "from": PATH}` (a backup folder or an Avro file, for job files written by the
    /// operator), with optional `"dryRun": true` and `"maxRejects": N or "P%"`.
    func restore(_ params: [String: Any]) throws -> String {
        guard let table = params["table"] as? String else {
            throw JobsError(.invalidParams, #"restore needs params {"table": T, "backup": ID}"#)
        }
        let source: String
        if let id = params["backup"] as? String {
            guard let backup = try BackupCatalog(directory: backupDirectory).entry(id: id) else {
                throw JobsError(.notFound, "no complete backup \(id) in \(backupDirectory)")
            }
            source = backup.path
        } else if let path = params["from"] as? String {
            source = path
        } else {
            throw JobsError(.invalidParams, #"restore needs "backup": ID or "from": PATH"#)
        }
        let dryRun = params["dryRun"] as? Bool ?? false
        var maxRejects: RejectLimit?
        if let limit = params["maxRejects"] {
            guard let parsed = RejectLimit(parsing: "\(limit)") else {
                throw JobsError(.invalidParams, "maxRejects takes a count (100) or a percentage (\"5%\")")
            }
            maxRejects = parsed
        }
        Self.say("restoring \(table) from \(source)\(dryRun ? " (dry run)" : "")")
        let outcome = try RestoreRunner(dictionary: try dictionary()).restore(
            table: table, from: source, dryRun: dryRun, maxRejects: maxRejects, on: try connect())
        Self.say(
            "\(table): \(outcome.restored) rows \(dryRun ? "would be restored" : "restored"), \(outcome.rejected) rejected"
        )
        return try Self.summary(outcome)
    }
}
