import DataDictionary
import Errors
import Foundation
import JSON
import Logging
import MariaDB
import Rows

/// The rows API over every dictionary table: `GET .../rows` (a page), `GET .../rows/{id}` (one row
/// with its `ETag`), `PATCH`/`PUT .../rows/{id}` (a change checked by ingest's rules, 422 with the
/// violations), `DELETE .../rows/{id}` (409 `row_referenced` while other rows point to it).
/// `If-Match` on a write is checked against the row's current ETag (412 when stale).
struct RowsEndpoint {
    let dictionary: DataDictionary
    let pool: ConnectionPool
    let logger: Logger

    /// `GET /api/v1/tables/{table}/rows`.
    func list(_ call: RouteCall) throws -> APIResponse {
        let table = try dictionary.requireTable(call["table"])
        let query = try RowQuery(table: table, parameters: call.request.query)
        let page = try pool.withConnection { try store(table).list(query, on: $0) }
        return try .encoded(Page(table: table.name, items: page.rows, nextAfter: page.nextAfter))
    }

    /// `GET /api/v1/tables/{table}/rows/{id}`.
    func get(_ call: RouteCall) throws -> APIResponse {
        let table = try dictionary.requireTable(call["table"])
        return try answer(try pool.withConnection { try store(table).row(call["id"], on: $0) })
    }

    /// `PATCH` (`replacing` false) or `PUT` (`replacing` true) `/api/v1/tables/{table}/rows/{id}`.
    func update(_ call: RouteCall, replacing: Bool) throws -> APIResponse {
        let table = try dictionary.requireTable(call["table"])
        guard let object = try? JSON.decode([String: JSONValue].self, from: Data(call.request.body)) else {
            throw APIError.malformedJSON("the body must be a JSON object of column names to values")
        }
        var fields: [String: String?] = [:]
        var violations: [Violation] = []
        for (name, value) in object {
            guard let column = table.column(named: name) else {
                fields[name] = .some(nil)
                continue
            }
            switch BatchDecoder.text(of: value, for: column) {
            case .success(let text): fields[name] = text
            case .failure(let violation): violations.append(violation)
            }
        }
        let outcome = try pool.withConnection {
            try store(table).update(
                call["id"], fields: fields, decodingViolations: violations, replacing: replacing,
                ifMatch: call.request.headers["if-match"], on: $0)
        }
        switch outcome {
        case .written(let row):
            audit(call, table: table, action: replacing ? "replace" : "patch")
            return try answer(row)
        case .invalid(let violations):
            let message = "the changed row breaks \(violations.count) rule(s); nothing was written"
            let error = APIError("row_invalid", status: 422, message)
            return try .encoded(Invalid(error: error.fields, errors: violations), status: 422)
        }
    }

    /// `DELETE /api/v1/tables/{table}/rows/{id}`: 204, or 409 `row_referenced` naming the first
    /// referencing table and its count (every one in `details`).
    func delete(_ call: RouteCall) throws -> APIResponse {
        let table = try dictionary.requireTable(call["table"])
        let outcome = try pool.withConnection {
            try store(table).delete(call["id"], ifMatch: call.request.headers["if-match"], on: $0)
        }
        guard case .referenced(let references) = outcome, let first = references.first else {
            audit(call, table: table, action: "delete")
            return APIResponse(status: 204, body: [])
        }
        let listed = references.map { "\($0.count) row(s) of \($0.table) (\($0.column))" }.joined(separator: ", ")
        throw APIError(
            "row_referenced", status: 409, "\(listed) point to this row; change or delete them first",
            details: ["table": first.table, "column": first.column, "count": String(first.count)])
    }

    private func store(_ table: TableDefinition) -> RowStore { RowStore(table: table, dictionary: dictionary) }

    private func answer(_ row: StoredRow) throws -> APIResponse {
        var response = try APIResponse.encoded(row)
        response.headers.append(("ETag", row.etag))
        return response
    }

    /// The audit trail of row changes: a log line naming the key, the request, the table and the row.
    private func audit(_ call: RouteCall, table: TableDefinition, action: String) {
        logger.notice(
            "row changed",
            metadata: [
                "http.request.id": "\(call.request.requestID)", "api.key.id": "\(call.caller?.id ?? "")",
                "row.table": "\(table.name)", "row.id": "\(call["id"])", "row.action": "\(action)",
            ])
    }

    /// A page of rows.
    private struct Page: Encodable {
        let table: String
        let items: [StoredRow]
        let nextAfter: String?

        enum CodingKeys: String, CodingKey {
            case table, items
            case nextAfter = "next_after"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(table, forKey: .table)
            try container.encode(items, forKey: .items)
            try container.encode(nextAfter, forKey: .nextAfter)
        }
    }

    /// A refused change: the error envelope, and the violations as an ingest item's `errors`.
    private struct Invalid: Encodable {
        let error: APIError.Body.Fields
        let errors: [Violation]
    }
}
