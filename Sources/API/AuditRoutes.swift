import Accounts
import Errors
import Foundation
import JSON
import MariaDB

extension Route {
    /// The audit trail (admin), read-only: the API never changes or deletes an entry.
    static let audit: [Route] = [
        Route(.get, "/api/v1/audit", scope: .admin, .buffered { try $0.auditEntries($1) }) { _ in
            OpenAPIOperation(
                "Audit entries, newest first, a page at a time (the next page is before= the answer's next_before)",
                parameters: [
                    .query("actor", ["type": "string"]),
                    .query("action", ["type": "string", "description": "an action, or a prefix ending in '.'"]),
                    .query("since", ["type": "string", "format": "date-time"]),
                    .query("until", ["type": "string", "format": "date-time"]),
                    .query("before", ["type": "integer", "minimum": 1]),
                    .query("limit", ["type": "integer", "minimum": 1, "maximum": 1000]),
                ],
                responses: ["200": .ok("AuditEntries"), "400": .error("invalid_parameter")])
        }
    ]
}

extension APIService {
    /// `GET /api/v1/audit`: `{"items": [entries], "next_before": id or null}`.
    fileprivate func auditEntries(_ call: RouteCall) throws -> APIResponse {
        let query = call.request.query
        var filter = AuditLog.Filter()
        filter.actor = query["actor"].flatMap { $0.isEmpty ? nil : $0 }
        filter.action = query["action"].flatMap { $0.isEmpty ? nil : $0 }
        func instant(_ name: String) throws -> Date? {
            guard let text = query[name], !text.isEmpty else { return nil }
            guard let date = InstantText.date(text) else {
                throw APIError("invalid_parameter", status: 400, "\(name) must be an ISO-8601 instant")
            }
            return date
        }
        filter.since = try instant("since")
        filter.until = try instant("until")
        if let text = query["before"] {
            guard let before = Int64(text), before > 0 else {
                throw APIError("invalid_parameter", status: 400, "before must be an entry id")
            }
            filter.before = before
        }
        if let text = query["limit"] {
            guard let limit = Int(text), (1...1000).contains(limit) else {
                throw APIError("invalid_parameter", status: 400, "limit must be 1 to 1000")
            }
            filter.limit = limit
        }
        let items = try pool.withConnection { try AuditLog().list(filter, on: $0) }
        return try .encoded(Page(items: items, nextBefore: items.count == filter.limit ? items.last?.id : nil))
    }
}

/// A page of audit entries.
private struct Page: Encodable {
    let items: [AuditLog.Entry]
    let nextBefore: Int64?

    enum CodingKeys: String, CodingKey {
        case items
        case nextBefore = "next_before"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextBefore, forKey: .nextBefore)
    }
}
