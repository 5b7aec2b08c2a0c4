import DataDictionary
import Errors
import MicroHTTPD

/// One route of the API, declared once: its method, path template (`/api/v1/jobs/{id}/cancel`),
/// the ``Permission`` its caller needs (nil for public routes), the audit action it records (if
/// any), its handler and its OpenAPI operation. The server dispatches, checks permissions, audits
/// and counts metrics from these entries, and the OpenAPI document's `paths` are written from them.
package struct Route: Sendable {
    /// The HTTP methods the API serves.
    enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case patch = "PATCH"
        case delete = "DELETE"
    }

    /// What the route does with a request.
    enum Handler: Sendable {
        /// Answers a request whose whole body has arrived.
        case buffered(@Sendable (APIService, RouteCall) throws -> APIResponse)
        /// Receives the body as it arrives (an upload); the sink answers through `respond`.
        case sink(
            @Sendable (APIService, RouteCall, _ respond: @escaping (() throws -> APIResponse) -> HTTPResponse) throws ->
                any HTTPBodySink)
    }

    /// One segment of a path template.
    enum Segment: Equatable, Sendable {
        case literal(String)
        case parameter(String)
    }

    let method: Method
    /// The path template, e.g. `/api/v1/jobs/{id}/cancel`; also the route's metrics label.
    let template: String
    let segments: [Segment]
    /// What the caller (a key's scopes, a user's role) must be granted, or nil for a public route.
    let permission: Permission?
    /// The action the audit trail records for every answer of this route (`run.submit`), if any.
    let audit: String?
    /// The most bytes the body of a public route may have (the sign-in form's); 0: it takes none.
    let publicBodyLimit: Int
    let handler: Handler
    /// The route's OpenAPI operations, by documented path: the template itself, or one path per
    /// table for the ingest route.
    let documentation: @Sendable (DataDictionary) -> [String: OpenAPIOperation]

    /// A route documented at its own template; `scope` is the ``Permission`` it needs.
    init(
        _ method: Method, _ template: String, scope: Permission?, audit: String? = nil, publicBodyLimit: Int = 0,
        _ handler: Handler, operation: @escaping @Sendable (DataDictionary) -> OpenAPIOperation
    ) {
        self.init(
            method, template, scope: scope, audit: audit, publicBodyLimit: publicBodyLimit, handler,
            documentation: { [template: operation($0)] })
    }

    /// A route documented at the paths `documentation` gives; `scope` is the ``Permission`` it needs.
    init(
        _ method: Method, _ template: String, scope: Permission?, audit: String? = nil, publicBodyLimit: Int = 0,
        _ handler: Handler, documentation: @escaping @Sendable (DataDictionary) -> [String: OpenAPIOperation]
    ) {
        self.method = method
        self.template = template
        self.segments = Self.parts(of: template).map { part in
            part.hasPrefix("{") && part.hasSuffix("}")
                ? .parameter(String(part.dropFirst().dropLast())) : .literal(part)
        }
        self.permission = scope
        self.audit = audit
        self.publicBodyLimit = publicBodyLimit
        self.handler = handler
        self.documentation = documentation
    }

    /// The path parameters by name, if `parts` (a path's segments) match the template.
    func parameters(matching parts: [String]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal) where literal != part: return nil
            case .literal: continue
            case .parameter(let name): parameters[name] = part
            }
        }
        return parameters
    }

    /// The non-empty segments of `path`: `/api/v1/jobs/` and `/api/v1/jobs` are the same route.
    static func parts(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }
}

/// A request as a route's handler sees it: the request, its path parameters by name, and the
/// caller that was checked (nil on a public route).
struct RouteCall: Sendable {
    let request: APIRequest
    let parameters: [String: String]
    let caller: Caller?

    /// The path parameter `name` of the route's template.
    subscript(_ name: String) -> String { parameters[name, default: ""] }

    /// Who sent the request, in words for a run's `triggeredBy`.
    var byline: String? { caller?.byline }

    /// The checked caller, which every route with a permission has; a public route has none.
    func requireCaller() throws -> Caller {
        guard let caller else { throw APIError("unauthorized", status: 401, "no caller was checked for this request") }
        return caller
    }
}

/// The routes, matched in order.
package struct RouteTable: Sendable {
    /// What a request's method and path find.
    package enum Match {
        /// The route and its path parameters.
        case found(Route, [String: String])
        /// The path matches `template`, but only for the `allowed` methods.
        case wrongMethod(template: String, allowed: [String])
        case notFound
    }

    let routes: [Route]

    /// The route for `method` and `path`.
    package func match(method: String, path: String) -> Match {
        let parts = Route.parts(of: path)
        var pathMatches: [Route] = []
        for route in routes {
            guard let parameters = route.parameters(matching: parts) else { continue }
            if route.method.rawValue == method { return .found(route, parameters) }
            pathMatches.append(route)
        }
        guard let first = pathMatches.first else { return .notFound }
        return .wrongMethod(template: first.template, allowed: pathMatches.map(\.method.rawValue))
    }
}
