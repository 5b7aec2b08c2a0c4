import Backup
import Foundation

extension WorkerRunner {
    /// The `restore` kind: `{"table": T, "backup": ID}` (a backup in the backup folder, by id) or
    /// `{"table": T, "from": PATH}` (a backup folder or an Avro file, for job files written by the
    /// operator), with optional `"dryRun": true`.
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
        Self.say("restoring \(table) from \(source)\(dryRun ? " (dry run)" : "")")
        let rows = try RestoreRunner(dictionary: try dictionary()).restore(
            table: table, from: source, dryRun: dryRun, on: try connect())
        let summary: [String: Any] = ["table": table, "rows": rows, "dryRun": dryRun, "source": source]
        return String(
            decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self)
    }
}
