import Errors
import Foundation
import JSON
import Jobs

/// The stored schedules' routes: `POST /api/v1/schedules`, `GET|PUT|DELETE /api/v1/schedules/{name}`,
/// and `GET /api/v1/schedules/preview?schedule=&timezone=&from=&count=`.
extension JobsEndpoint {
    /// `GET /api/v1/schedules/{name}`.
    func schedule(_ call: RouteCall) throws -> APIResponse {
        try .encoded(service.schedule(call["name"]))
    }

    /// `POST /api/v1/schedules`: stores a schedule (201).
    func createSchedule(_ call: RouteCall) throws -> APIResponse {
        try .encoded(service.createSchedule(try definition(call.request.body)), status: 201)
    }

    /// `PUT /api/v1/schedules/{name}`: replaces a stored schedule's whole definition.
    func replaceSchedule(_ call: RouteCall) throws -> APIResponse {
        try .encoded(service.replaceSchedule(call["name"], try definition(call.request.body)))
    }

    /// `DELETE /api/v1/schedules/{name}` (204).
    func deleteSchedule(_ call: RouteCall) throws -> APIResponse {
        try service.deleteSchedule(call["name"])
        return APIResponse(status: 204, body: [])
    }

    /// `GET /api/v1/schedules/preview`: `{"next": [instants]}`.
    func preview(_ call: RouteCall) throws -> APIResponse {
        let query = call.request.query
        let schedule = try Schedule(parsing: query["schedule"] ?? "")
        let zoneName = query["timezone"].flatMap { $0.isEmpty ? nil : $0 } ?? "UTC"
        guard let timeZone = TimeZone(identifier: zoneName) else {
            throw JobsError(.unknownTimezone, "'\(zoneName)' is not an IANA time zone name")
        }
        var from = Date()
        if let text = query["from"], !text.isEmpty {
            guard let instant = InstantText.date(text) else {
                throw APIError("invalid_parameter", status: 400, "from must be an ISO-8601 instant")
            }
            from = instant
        }
        var count = 5
        if let text = query["count"] {
            guard let value = Int(text), (1...Route.maxPreview).contains(value) else {
                throw APIError("invalid_parameter", status: 400, "count must be 1 to \(Route.maxPreview)")
            }
            count = value
        }
        let slots = schedule.slots(after: from, count: count, in: timeZone)
        return try .encoded(["next": slots.map { InstantText.string($0) }])
    }

    /// The body as a definition object, refused when its params name server paths.
    private func definition(_ body: [UInt8]) throws -> JSONValue {
        guard let value = try? JSON.decode(JSONValue.self, from: body), let object = value.object else {
            throw APIError.malformedJSON("send the schedule's definition as one JSON object")
        }
        if case .string(let kind)? = object["kind"] { try refusePaths(object["params"]?.object, kind: kind) }
        return value
    }
}
