import Backup
import DataDictionary
import Foundation
import Ingest
import JSON
import Jobs

/// The backup routes (admin scope): `GET /api/v1/backups` lists complete backups with their
/// manifests, newest first; `GET /api/v1/backups/{id}` shows one; `POST /api/v1/restores` with
/// `{"table": T, "backup": ID, "dryRun": false, "maxRejects": "1%"}` queues a restore run (answered 202 with the run, to
/// follow at `/api/v1/jobs/{id}`). A backup is named by its id only, never by a path.
struct BackupsEndpoint {
    let catalog: BackupCatalog
    let dictionary: DataDictionary
    let jobs: JobService

    /// The route template `parts` match, if it is a backup route.
    static func template(_ parts: [String]) -> String? {
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return nil }
        switch (parts[2], parts.count) {
        case ("backups", 3): return "/api/v1/backups"
        case ("backups", 4): return "/api/v1/backups/{id}"
        case ("restores", 3): return "/api/v1/restores"
        default: return nil
        }
    }

    func handle(_ request: APIRequest, template: String, parts: [String]) throws -> APIResponse {
        switch (request.method, template) {
        case ("GET", "/api/v1/backups"): return try .encoded(["items": catalog.list().map(\.manifest)])
        case ("GET", "/api/v1/backups/{id}"): return try .encoded(try backup(parts[3]).manifest)
        case ("POST", "/api/v1/restores"):
            let run = try submitRestore(request.body)
            var response = try APIResponse.encoded(run, status: 202)
            response.headers.append(("Location", "/api/v1/jobs/\(run.id)"))
            return response
        default: throw APIError("method_not_allowed", status: 405, "\(request.method) is not allowed here")
        }
    }

    private func backup(_ id: String) throws -> BackupCatalog.Entry {
        guard let entry = try catalog.entry(id: id) else {
            throw APIError("backup_not_found", status: 404, "no complete backup has the id '\(id)'")
        }
        return entry
    }

    private func submitRestore(_ body: [UInt8]) throws -> RunRecord {
        let usage = #"send {"table": T, "backup": ID} and optionally "dryRun": true, "maxRejects": N or "P%""#
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw APIError.malformedJSON(usage)
        }
        let unknown = Set(object.keys).subtracting(["table", "backup", "dryRun", "maxRejects"])
        guard unknown.isEmpty else {
            throw APIError("unknown_field", status: 400, "unknown field(s) \(unknown.sorted()); \(usage)")
        }
        guard let table = object["table"] as? String, let id = object["backup"] as? String else {
            throw APIError("invalid_field", status: 400, usage)
        }
        let dryRun = object["dryRun"] as? Bool ?? false
        if object["dryRun"] != nil, !(object["dryRun"] is Bool) {
            throw APIError("invalid_field", status: 400, "dryRun must be true or false")
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
            guard RejectLimit(parsing: "\(limit)") != nil, limit is String || limit is Int else {
                throw APIError("invalid_field", status: 400, #"maxRejects takes a count (100) or a percentage ("5%")"#)
            }
            params["maxRejects"] = .string("\(limit)")
        }
        return try jobs.submit(kind: "restore", params: params, name: "restore-\(definition.name)")
    }
}
