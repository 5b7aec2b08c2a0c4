import Backup
import DataDictionary
import Errors
import Foundation
import JSON
import Jobs
import Loading

/// The backup routes (admin scope): `GET /api/v1/backups` lists complete backups with their
/// manifests, newest first; `GET /api/v1/backups/{id}` shows one; `POST /api/v1/restores` with
/// `{"table": T, "backup": ID, "dryRun": false, "maxRejects": "1%"}` queues a restore run (answered 202 with the run, to
/// follow at `/api/v1/jobs/{id}`). A backup is named by its id only, never by a path.
struct BackupsEndpoint {
    let catalog: BackupCatalog
    let dictionary: DataDictionary
    let jobs: JobService

    /// `GET /api/v1/backups`: complete backups with their manifests, newest first.
    func list(_ call: RouteCall) throws -> APIResponse { try .encoded(["items": catalog.list().map(\.manifest)]) }

    /// `GET /api/v1/backups/{id}`: one backup's manifest.
    func show(_ call: RouteCall) throws -> APIResponse { try .encoded(try backup(call["id"]).manifest) }

    /// `POST /api/v1/restores`: queues a restore run (202, with its `Location`).
    func restore(_ call: RouteCall) throws -> APIResponse {
        let run = try submitRestore(call.request.body, by: call.byline)
        var response = try APIResponse.encoded(run, status: 202)
        response.headers.append(("Location", "/api/v1/jobs/\(run.id)"))
        return response
    }

    private func backup(_ id: String) throws -> BackupCatalog.Entry {
        guard let entry = try catalog.entry(id: id) else {
            throw APIError("backup_not_found", status: 404, "no complete backup has the id '\(id)'")
        }
        return entry
    }

    private func submitRestore(_ body: [UInt8], by: String?) throws -> RunRecord {
        let usage = #"send {"table": T, "backup": ID} and optionally "dryRun": true, "maxRejects": N or "P%""#
        guard let object = (try? JSON.decode(JSONValue.self, from: body))?.object else {
            throw APIError.malformedJSON(usage)
        }
        let unknown = Set(object.keys).subtracting(["table", "backup", "dryRun", "maxRejects"])
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
        let entry = try backup(id)
        guard entry.manifest.tables.contains(where: { $0.table == definition.name }) else {
            throw APIError("table_not_in_backup", status: 422, "backup \(id) has no \(definition.name) table")
        }
        var params: [String: JSONValue] = [
            "table": .string(definition.name), "backup": .string(id), "dryRun": .bool(dryRun),
        ]
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
