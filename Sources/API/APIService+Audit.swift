import Accounts
import JSON
import Logging
import MariaDB

extension APIService {
    /// Appends the answer of an audited route to the audit trail: the caller, the route's action,
    /// its target (the path's parameters, or the `id` or `name` of what was created) and the
    /// outcome (`ok` or the error code). Requests no caller authenticated are not recorded (they
    /// did nothing); a failure to record is logged, never turned into a failed request.
    func audit(_ route: Route, _ call: RouteCall, _ response: APIResponse) {
        guard let action = route.audit, let caller = call.caller else { return }
        record(
            AuditLog.Entry(
                actorKind: caller.kind, actor: caller.name, action: action, target: Self.target(route, call, response),
                address: call.request.remoteAddress, requestID: call.request.requestID,
                outcome: Self.outcome(response)),
            request: call.request)
    }

    /// Appends `entry`; a database failure is logged, never thrown.
    func record(_ entry: AuditLog.Entry, request: APIRequest) {
        do {
            try pool.withConnection { try AuditLog().append(entry, on: $0) }
        } catch {
            logger.error(
                "audit entry not recorded",
                metadata: [
                    "http.request.id": "\(request.requestID)", "audit.action": "\(entry.action)", "error": "\(error)",
                ])
        }
    }

    /// `ok` for a 2xx or 3xx answer, else the error's code (or `http_<status>`).
    static func outcome(_ response: APIResponse) -> String {
        if response.status < 400 { return "ok" }
        let code = (try? JSON.decode(JSONValue.self, from: response.bytes ?? []))?.object?["error"]?.object?["code"]
        return code.flatMap(text) ?? "http_\(response.status)"
    }

    /// What an audited call acted on: its path parameters in template order, else the created
    /// resource's `id` or `name`; followed by the `table` or `job` the request's JSON body names,
    /// if any (`12 (jobs)` for the run restoring the table `jobs`).
    private static func target(_ route: Route, _ call: RouteCall, _ response: APIResponse) -> String {
        let parameters = route.segments.compactMap { segment -> String? in
            if case .parameter(let name) = segment { return call[name] }
            return nil
        }
        // The answer is read only when the path names nothing: what was created names itself.
        let subject =
            parameters.isEmpty
            ? created(response).flatMap { $0["id"].flatMap(text) ?? $0["name"].flatMap(text) }
            : parameters.joined(separator: "/")
        let request = try? JSON.decode(JSONValue.self, from: call.request.body).object
        let named = request.flatMap { $0["table"].flatMap(text) ?? $0["job"].flatMap(text) }
        return [subject, named.map { subject == nil ? $0 : "(\($0))" }].compactMap { $0 }.joined(separator: " ")
    }

    /// The members of a successful JSON answer, or nil.
    private static func created(_ response: APIResponse) -> [String: JSONValue]? {
        guard response.status < 300, let bytes = response.bytes else { return nil }
        return (try? JSON.decode(JSONValue.self, from: bytes))?.object
    }

    /// A string or integer member as text.
    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .integer(let number): String(number)
        default: nil
        }
    }
}
