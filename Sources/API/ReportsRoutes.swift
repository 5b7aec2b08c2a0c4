import JSON
import MariaDB
extension Route {
    /// The report routes (reports scope), for Power BI.
    static let reports: [Route] = [
        Route(.get, "/api/v1/reports", scope: .reports, .buffered { api, _ in try api.reports.list() }) { _ in
            OpenAPIOperation("The report catalogue", responses: ["200": .plain("OK")])
        },
        Route(
            .get, "/api/v1/reports/{name}", scope: .reports,
            .buffered { api, call in
                try api.reports.report(call["name"], request: call.request, metrics: api.metrics)
            }
        ) { _ in
            OpenAPIOperation(
                "One report's rows for a year, as a flat JSON array (or CSV)",
                parameters: [
                    .path("name", ["type": "string"]),
                    .query("year", ["type": "integer", "minimum": 1000, "maximum": 9999]),
                    .query("format", ["type": "string", "enum": ["json", "csv"]]),
                ],
                responses: [
                    "200": .plain("OK"), "304": .plain("unchanged"), "400": .error("bad parameter"),
                    "404": .error("no such report"),
                    "503": .error(
                        "database down; or replica_lagging / replica_unavailable: the reports replica is behind "
                            + "or down and `serve --reports-fallback none` forbids answering from the primary"),
                ])
        },
    ]
}
