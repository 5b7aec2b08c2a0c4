import Errors
import JSON
extension Route {
    /// The public pages: the home page, the admin pages, the Power BI queries and vendored scripts.
    static let site: [Route] = [
        Route(.get, "/", scope: nil, .buffered { api, _ in api.homePage() }) { _ in
            OpenAPIOperation(
                "The home page: links to the admin pages, this document and the Power BI queries",
                responses: ["200": .text("OK", ["text/html"])])
        },
        Route(
            .get, "/admin", scope: nil,
            .buffered { _, _ in APIResponse(status: 302, headers: [("Location", "/admin/index.html")], body: []) }
        ) { _ in
            OpenAPIOperation("The admin pages", responses: ["302": .plain("to /admin/index.html")])
        },
        file("/admin/{file}", "An admin page, script or style sheet", ["text/html", "text/javascript", "text/css"]),
        file("/admin/architecture/{file}", "An architecture diagram, rendered by Graphviz", ["image/svg+xml"]),
        file("/powerbi/{file}", "A Power BI query (.pq)", ["text/plain"]),
        file("/vendor/{file}", "A vendored script (Chart.js)", ["text/javascript"]),
    ]

    /// A folder of the admin site served read-only; `types` are its files' media types.
    private static func file(_ template: String, _ summary: String, _ types: [String]) -> Route {
        Route(.get, template, scope: nil, .buffered { api, call in try api.file(call.request.path) }) { _ in
            OpenAPIOperation(
                summary, parameters: [.path("file", ["type": "string"])],
                responses: ["200": .text("OK", types), "404": .error("no such file")])
        }
    }
}

extension APIService {
    /// The site file at `path`, or 404 `not_found`.
    fileprivate func file(_ path: String) throws -> APIResponse {
        guard let response = site.response(for: path) else {
            throw APIError("not_found", status: 404, "no such file")
        }
        return response
    }

    /// `GET /`: links to the admin pages, the API document, health and metrics, and the Power BI queries.
    fileprivate func homePage() -> APIResponse {
        let queries = site.paths.filter { $0.hasSuffix(".pq") }
            .map { #"<li><a href="\#($0)">\#($0.split(separator: "/").last ?? "")</a></li>"# }.joined()
        let page = """
            <!doctype html><html><head><meta charset="utf-8"><title>Sluice</title></head><body>
            <h1>Sluice</h1><ul>
            <li><a href="/admin/index.html">Admin</a></li>
            <li><a href="/api/v1/openapi.json">API document (OpenAPI 3.1)</a></li>
            <li><a href="/health/ready">Health</a></li>
            <li><a href="/metrics">Metrics</a></li>
            </ul><h2>Power BI queries</h2><ul>\(queries)</ul></body></html>
            """
        return APIResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(page.utf8))
    }
}
