import BatchIngest
import DataDictionary
import Errors
import Foundation
import JSON
import MariaDB

/// `POST /api/v1/tables/{table}/rows`: one batch of 1 to 1,000 rows, JSON or CSV, with a verdict
/// per row. `?mode=partial|atomic`, `?dry_run=true`, `?header=true` (CSV), `Idempotency-Key`.
struct IngestEndpoint {
    let dictionary: DataDictionary
    let metrics: APIMetrics

    func handle(_ call: RouteCall, pool: ConnectionPool) throws -> APIResponse {
        let request = call.request
        let key = try call.requireCaller()
        let table = try dictionary.requireTable(call["table"])
        guard let mode = BatchIngestor.Mode(rawValue: request.query["mode"] ?? "partial") else {
            throw APIError("invalid_parameter", status: 400, "mode must be partial or atomic")
        }
        let dryRun = try flag(request, "dry_run")
        let rows = try BatchDecoder(table: table).decode(
            body: request.body, contentType: request.headers["content-type"], csvHeader: try flag(request, "header"))
        return try pool.withConnection { connection in
            guard let idempotencyKey = request.headers["idempotency-key"], !dryRun else {
                return try ingest(
                    rows, table: table, mode: mode, dryRun: dryRun, request: request, keyID: key.id, on: connection)
            }
            guard idempotencyKey.utf8.count <= 200 else {
                throw APIError("invalid_parameter", status: 400, "Idempotency-Key is longer than 200 bytes")
            }
            let store = IdempotencyStore(keyID: key.id, idempotencyKey: idempotencyKey, request: request)
            switch try store.claim(on: connection) {
            case .replay(let status, let body):
                return APIResponse(
                    status: status, headers: [("Content-Type", "application/json"), ("Idempotent-Replayed", "true")],
                    body: body)
            case .conflict(let why):
                throw APIError("idempotency_conflict", status: 409, why)
            case .new(let placeholder):
                do {
                    return try ingest(
                        rows, table: table, mode: mode, dryRun: false, request: request, keyID: key.id, on: connection
                    ) {
                        try store.complete(placeholder, status: $0.status, body: $0.bytes ?? [], on: connection)
                    }
                } catch {
                    store.release(placeholder, on: connection)
                    throw error
                }
            }
        }
    }

    /// Ingests the batch and answers with its result; `beforeCommit` gets the answer inside the
    /// transaction that writes the rows.
    private func ingest(
        _ rows: [IncomingRow], table: TableDefinition, mode: BatchIngestor.Mode, dryRun: Bool, request: APIRequest,
        keyID: String, on connection: Connection, beforeCommit: ((APIResponse) throws -> Void)? = nil
    ) throws -> APIResponse {
        let answer = { (result: IngestResult) in
            APIResponse.json(mode == .atomic && result.rejected > 0 ? 422 : 200, result.jsonBytes)
        }
        // The answer is written inside the transaction only for whoever keeps it (an idempotent
        // request's store): written there for every batch, it cost as much again as the answer sent.
        let result = try BatchIngestor(dictionary: dictionary).ingest(
            rows, into: table, mode: mode, dryRun: dryRun, requestID: request.requestID, keyID: keyID, on: connection
        ) { result in try beforeCommit?(answer(result)) }
        if !dryRun { metrics.recordRows(table: table.name, inserted: result.inserted, rejected: result.rejected) }
        return answer(result)
    }

    private func flag(_ request: APIRequest, _ name: String) throws -> Bool {
        switch request.query[name] {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        default: throw APIError("invalid_parameter", status: 400, "\(name) must be true or false")
        }
    }
}

/// `GET /api/v1/rejects?table=&load=&since=&limit=`: the newest rejected rows, with their reasons.
/// A caller who may view runs (a person, an operator or admin key) reads every reject; any other
/// key only those of the batches it sent itself.
struct RejectsEndpoint {
    func handle(_ call: RouteCall, on connection: Connection) throws -> APIResponse {
        let request = call.request
        let caller = try call.requireCaller()
        let limit =
            try request.query["limit"].map { text -> Int in
                guard let value = Int(text), (1...1000).contains(value) else {
                    throw APIError("invalid_parameter", status: 400, "limit must be 1 to 1000")
                }
                return value
            } ?? 100
        var conditions: [String] = []
        var binds: [Value] = []
        if !caller.has(.view) {
            conditions.append("key_id = ?")
            binds.append(.string(caller.id))
        }
        if let table = request.query["table"] {
            conditions.append("table_name = ?")
            binds.append(.string(table))
        }
        if let load = request.query["load"] {
            guard let id = Int64(load), id > 0 else {
                throw APIError("invalid_parameter", status: 400, "load must be a migration's load id")
            }
            conditions.append("load_id = ?")
            binds.append(.int(id))
        }
        if let since = request.query["since"] {
            guard let instant = InstantText.date(since) else {
                throw APIError(
                    "invalid_parameter", status: 400, "since must be an ISO-8601 instant like 2021-01-01T00:00:00Z")
            }
            conditions.append("created_at >= ?")
            binds.append(DBTime.value(instant))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try connection.query(
            "SELECT id, origin, table_name, source, position, raw, reasons, CAST(created_at AS CHAR), request_id FROM sluice_rejects \(filter) ORDER BY id DESC LIMIT \(limit)",
            binds)
        let items = rows.map { row in
            Reject(
                id: Int(row[0].description) ?? 0, origin: row[1].description, table: row[2].description,
                source: row[3].description, position: Int(row[4].description) ?? 0, raw: row[5].description,
                reasons: (try? JSON.decode(JSONValue.self, from: row[6].description)) ?? [],
                createdAt: row[7].description, requestID: row[8] == .null ? .null : .string(row[8].description))
        }
        return try .encoded(["items": items])
    }

    /// One rejected row as the API answers it.
    private struct Reject: Encodable {
        let id: Int
        let origin: String
        let table: String
        let source: String
        let position: Int
        let raw: String
        let reasons: JSONValue
        let createdAt: String
        /// The request id, or null for a migration's rows.
        let requestID: JSONValue

        enum CodingKeys: String, CodingKey {
            case id, origin, table, source, position, raw, reasons
            case createdAt = "created_at"
            case requestID = "request_id"
        }
    }
}
