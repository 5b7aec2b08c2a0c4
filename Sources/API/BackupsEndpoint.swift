import Backup
import DataDictionary
import Errors
import Foundation
import Hosts
import JSON
import Jobs
import Loading
import MariaDB
import MicroHTTPD

/// The backup routes (admin scope): `GET /api/v1/backups` lists the complete backups of every
/// host's store (registered in `sluice_backups`) with their manifests, host and store, newest first;
/// `GET /api/v1/backups/{id}` shows one; `POST /api/v1/restores` with
/// `{"table": T, "backup": ID, "dryRun": false, "maxRejects": "1%"}` queues a restore run (answered 202 with the run, to
/// follow at `/api/v1/jobs/{id}`), claimed by a scheduler that has the backup's store; with
/// `"offsite": "REMOTE:PATH"` the run reads the backup from that rclone remote instead (any
/// scheduler may claim it). A backup is named by its id only, never by a path.
struct BackupsEndpoint {
    /// This host's backup folder, in its store.
    let catalog: BackupCatalog
    /// This host's store.
    let fileStore: FileStore
    let dictionary: DataDictionary
    let jobs: JobService
    let pool: ConnectionPool

    /// `GET /api/v1/backups`: complete backups with their manifests, host and store, newest first.
    func list(_ call: RouteCall) throws -> APIResponse {
        try .encoded(["items": pool.withConnection { try BackupRegistry().list(on: $0) }])
    }

    /// `GET /api/v1/backups/{id}`: one backup's manifest, host and store.
    func show(_ call: RouteCall) throws -> APIResponse { try .encoded(try backup(call["id"])) }

    /// `GET /api/v1/backups/{id}/files/{table}`: the backup's Avro file of `table`, sent from its
    /// descriptor as an attachment. The table is checked as a name (400 `invalid_table_name`), then
    /// against the catalog (404 `backup_not_found`), the dictionary (404 `unknown_table`) and the
    /// manifest (404 `table_not_in_backup`); the path is built from the manifest's checked entry only.
    /// A backup in another host's store is answered 409 `file_on_other_host`, naming that host.
    func file(_ call: RouteCall) throws -> APIResponse {
        let table = call["table"]
        guard DataDictionary.isIdentifier(table) else {
            throw APIError("invalid_table_name", status: 400, "a table name is 1-64 letters, digits or underscores")
        }
        let entry = try backup(call["id"])
        let definition = try dictionary.requireTable(table)
        let name = "\(definition.name).avro"
        guard entry.manifest.tables.contains(where: { $0.table == definition.name && $0.file == name }) else {
            throw APIError(
                "table_not_in_backup", status: 404, "backup \(entry.manifest.id) has no \(definition.name) table")
        }
        guard entry.store == fileStore.id else { throw try onOtherHost(entry, path: call.request.path) }
        do {
            return try .file(
                catalog.directory + "/" + entry.manifest.id + "/" + name, contentType: "application/avro",
                headers: [("Content-Disposition", #"attachment; filename="\#(entry.manifest.id)-\#(name)""#)])
        } catch is HTTPServerError {
            throw APIError("backup_file_missing", status: 404, "backup \(entry.manifest.id) lost its \(name) file")
        }
    }

    /// `POST /api/v1/restores`: queues a restore run (202, with its `Location`).
    func restore(_ call: RouteCall) throws -> APIResponse {
        let run = try submitRestore(call.request.body, by: call.byline)
        var response = try APIResponse.encoded(run, status: 202)
        response.headers.append(("Location", "/api/v1/jobs/\(run.id)"))
        return response
    }

    private func backup(_ id: String) throws -> BackupRegistry.Entry {
        guard
            let entry = try pool.withConnection({ try BackupRegistry().find(id: id, preferring: fileStore.id, on: $0) })
        else {
            throw APIError("backup_not_found", status: 404, "no complete backup has the id '\(id)'")
        }
        return entry
    }

    /// 409 `file_on_other_host`: the backup's folder is in a store this host does not have; says
    /// which host has it and where its API is (`details.host`, `details.url`).
    private func onOtherHost(_ entry: BackupRegistry.Entry, path: String) throws -> APIError {
        let holders = try pool.withConnection { try StoreHolder.all(of: entry.store, on: $0) }
        let api = holders.first { $0.role == .api && $0.publicURL != nil }
        var details = ["host": api?.host ?? entry.host, "store": entry.store]
        var message = "backup \(entry.manifest.id) is in the store of host \(details["host"] ?? entry.host)"
        if let api, let base = api.publicURL {
            details["url"] = (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
            message += api.isUp ? "; download it from \(details["url"] ?? base)" : ", which is down"
        }
        return APIError("file_on_other_host", status: 409, message, details: details)
    }

    private func submitRestore(_ body: [UInt8], by: String?) throws -> RunRecord {
        let usage =
            #"send {"table": T, "backup": ID} and optionally "dryRun": true, "maxRejects": N or "P%", "offsite": "REMOTE:PATH""#
        guard let object = (try? JSON.decode(JSONValue.self, from: body))?.object else {
            throw APIError.malformedJSON(usage)
        }
        let unknown = Set(object.keys).subtracting(["table", "backup", "dryRun", "maxRejects", "offsite"])
        guard unknown.isEmpty else {
            throw APIError("unknown_field", status: 400, "unknown field(s) \(unknown.sorted()); \(usage)")
        }
        guard case .string(let table)? = object["table"], case .string(let id)? = object["backup"] else {
            throw APIError("invalid_field", status: 400, usage)
        }
        var dryRun = false
        switch object["dryRun"] {
        case nil: break
        case .bool(let flag)?: dryRun = flag
        default: throw APIError("invalid_field", status: 400, "dryRun must be true or false")
        }
        let definition = try dictionary.requireTable(table)
        var params: [String: JSONValue] = [
            "table": .string(definition.name), "backup": .string(id), "dryRun": .bool(dryRun),
        ]
        switch object["offsite"] {
        case nil:
            let entry = try backup(id)
            guard entry.manifest.tables.contains(where: { $0.table == definition.name }) else {
                throw APIError("table_not_in_backup", status: 422, "backup \(id) has no \(definition.name) table")
            }
        case .string(let remote)? where BackupCatalog.isBackupID(id):
            // Only the remote has the backup: the worker fetches its manifest and the table's file,
            // and the restore kind checks the remote's name at submission.
            params["offsite"] = .string(remote)
        case .string?: throw APIError("backup_not_found", status: 404, "'\(id)' is not a backup's id")
        default: throw APIError("invalid_field", status: 400, "offsite must be a remote, as REMOTE:PATH")
        }
        if let limit = object["maxRejects"] {
            let text: String?
            switch limit {
            case .string(let value): text = value
            case .integer(let value): text = String(value)
            default: text = nil
            }
            guard let text, RejectLimit(parsing: text) != nil else {
                throw APIError("invalid_field", status: 400, #"maxRejects takes a count (100) or a percentage ("5%")"#)
            }
            params["maxRejects"] = .string(text)
        }
        return try jobs.submit(kind: "restore", params: params, by: by, name: "restore-\(definition.name)")
    }
}
