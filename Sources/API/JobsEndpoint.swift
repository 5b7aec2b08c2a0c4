import DataDictionary
import Errors
import Foundation
import JSON
import Jobs
import MariaDB

/// The job routes (admin scope): run history and control, and schedules.
///
/// `GET /api/v1/jobs?status=&kind=&job=&since=&limit=&offset=`, `GET /api/v1/jobs/{id}`,
/// `GET /api/v1/jobs/{id}/log`, `GET /api/v1/jobs/{id}/rejects.csv`, `POST /api/v1/jobs` (`{"job": NAME}`, `{"kind": K, "params": {...}}` or
/// `{"kind": "migrate", "upload": ID, "table": T}`),
/// `POST /api/v1/jobs/{id}/cancel`, `GET /api/v1/schedules`, `POST /api/v1/schedules/{name}/enable|disable|run`.
struct JobsEndpoint {
    let service: JobService
    let uploads: UploadsEndpoint
    let dictionary: DataDictionary
    let pool: ConnectionPool

    /// A schedule's name and whether it is now enabled.
    struct ScheduleState: Encodable {
        let name: String
        let enabled: Bool
    }

    /// `GET /api/v1/jobs`: runs, newest first, filtered by `status`, `kind`, `job`, `since`, `limit`, `offset`.
    func list(_ call: RouteCall) throws -> APIResponse {
        try .encoded(["items": service.listRuns(try filter(call.request))])
    }

    /// `GET /api/v1/jobs/{id}`.
    func run(_ call: RouteCall) throws -> APIResponse { try .encoded(service.run(try id(call["id"]))) }

    /// `GET /api/v1/jobs/{id}/log`.
    func log(_ call: RouteCall) throws -> APIResponse {
        try .encoded(["items": service.log(try id(call["id"]))])
    }

    /// `GET /api/v1/jobs/{id}/rejects.csv`: a migration's rejected rows as the fixable CSV, streamed.
    func rejects(_ call: RouteCall) throws -> APIResponse {
        try RejectsDownload(service: service, dictionary: dictionary, pool: pool).answer(run: try id(call["id"]))
    }

    /// `POST /api/v1/jobs`: queues a run (201).
    func create(_ call: RouteCall) throws -> APIResponse {
        try .encoded(try submit(call.request.body, by: call.byline), status: 201)
    }

    /// `POST /api/v1/jobs/{id}/cancel`.
    func cancel(_ call: RouteCall) throws -> APIResponse {
        try .encoded(service.cancel(try id(call["id"])))
    }

    /// `GET /api/v1/schedules`.
    func schedules(_ call: RouteCall) throws -> APIResponse {
        try .encoded(["items": service.schedules().schedules])
    }

    /// `POST /api/v1/schedules/{name}/enable` or `/disable`: answers `{"name", "enabled": true|false}`.
    func enable(_ call: RouteCall, _ enabled: Bool) throws -> APIResponse {
        try service.setEnabled(call["name"], enabled)
        return try .encoded(ScheduleState(name: call["name"], enabled: enabled))
    }

    /// `POST /api/v1/schedules/{name}/run`: queues a run of the job now (201).
    func runNow(_ call: RouteCall) throws -> APIResponse {
        try .encoded(service.submit(job: call["name"], by: call.byline), status: 201)
    }

    private static let usage = #"send {"job": NAME} or {"kind": KIND, "params": {...}}"#

    private func submit(_ body: [UInt8], by: String?) throws -> RunRecord {
        guard let object = (try? JSON.decode(JSONValue.self, from: body))?.object else {
            throw APIError.malformedJSON(Self.usage)
        }
        if let upload = object["upload"] { return try submitMigration(of: upload, object, by: by) }
        var params: [String: JSONValue]?
        if let value = object["params"] {
            guard let members = value.object else {
                throw APIError("invalid_params", status: 400, "field 'params': must be a JSON object")
            }
            params = members
        }
        if case .string(let job)? = object["job"] {
            try refusePaths(params, kind: try service.job(job).kind)
            return try service.submit(job: job, params: params.map(JSONValue.object), by: by)
        }
        if case .string(let kind)? = object["kind"] {
            try refusePaths(params, kind: kind)
            return try service.submit(kind: kind, params: params ?? [:], by: by)
        }
        throw APIError.malformedJSON(Self.usage)
    }

    /// Refuses parameters that name a file or folder on the server (the kind says which): only job
    /// files, written by the operator, may set them, never an API client.
    func refusePaths(_ params: [String: JSONValue]?, kind: String) throws {
        let paths = Set(params.map { Array($0.keys) } ?? []).intersection(service.kinds.pathFields(of: kind))
        guard paths.isEmpty else {
            throw APIError(
                "path_not_allowed", status: 400,
                "\(paths.sorted()) name server paths, which the API does not accept; upload a file or name a backup by id"
            )
        }
    }

    /// `{"kind": "migrate", "upload": ID, "table": T, "header": false}`: migrates an upload in a worker
    /// of a scheduler that has the upload's store (the run names the upload, never a path).
    private func submitMigration(of upload: JSONValue, _ object: [String: JSONValue], by: String?) throws -> RunRecord {
        let invalid = APIError(
            "invalid_field", status: 400,
            #"send {"kind": "migrate", "upload": ID, "table": T} (and optionally "header": true)"#)
        guard object["kind"] == .string("migrate"), case .string(let table)? = object["table"] else { throw invalid }
        let uploadID: String
        switch upload {
        case .integer(let number): uploadID = String(number)
        case .string(let text): uploadID = text
        default: throw invalid
        }
        var params: [String: JSONValue] = [:]
        switch object["header"] {
        case nil: break
        case .bool(let header)?: params["header"] = .bool(header)
        default: throw invalid
        }
        let definition = try dictionary.requireTable(table)
        let found = try uploads.find(uploadID, pool: pool)
        params["table"] = .string(definition.name)
        params["upload"] = .integer(found.id)
        return try service.submit(kind: "migrate", params: params, by: by, name: "migrate-upload-\(found.id)")
    }

    private func filter(_ request: APIRequest) throws -> RunFilter {
        var filter = RunFilter()
        if let status = request.query["status"] {
            guard let state = RunState(rawValue: status) else {
                throw APIError(
                    "invalid_parameter", status: 400, "status must be one of \(RunState.allCases.map(\.rawValue))")
            }
            filter.state = state
        }
        filter.kind = request.query["kind"]
        filter.job = request.query["job"]
        if let since = request.query["since"] {
            guard let instant = InstantText.date(since) else {
                throw APIError("invalid_parameter", status: 400, "since must be an ISO-8601 instant")
            }
            filter.since = instant
        }
        if let limit = request.query["limit"] {
            guard let value = Int(limit), (1...1000).contains(value) else {
                throw APIError("invalid_parameter", status: 400, "limit must be 1 to 1000")
            }
            filter.limit = value
        }
        if let offset = request.query["offset"] {
            guard let value = Int(offset), value >= 0 else {
                throw APIError("invalid_parameter", status: 400, "offset must be 0 or more")
            }
            filter.offset = value
        }
        return filter
    }

    private func id(_ text: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else { throw APIError("not_found", status: 404, "no job run \(text)") }
        return id
    }
}
