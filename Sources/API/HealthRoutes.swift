import Errors
import JSON
import MariaDB
import Logging
extension Route {
    /// The public routes for operators and clients: liveness, readiness, metrics and the API document.
    static let health: [Route] = [
        Route(.get, "/health/live", scope: nil, .buffered { _, _ in try .encoded(Health(status: "ok")) }) { _ in
            OpenAPIOperation("Liveness", responses: ["200": .ok("Status")])
        },
        Route(.get, "/health/ready", scope: nil, .buffered { api, _ in try api.ready() }) { _ in
            OpenAPIOperation(
                "Readiness: the database answers", responses: ["200": .ok("Status"), "503": .error("database down")])
        },
        Route(
            .get, "/metrics", scope: nil,
            .buffered { api, _ in
                api.metrics.recordLatestCheck(of: api.jobs.service)
                api.metrics.recordReplicaGauges(of: api.reports.source)
                do {
                    try api.metrics.recordJobGauges(pool: api.pool)
                } catch {
                    api.logger.warning("cannot read the job gauges", metadata: ["error": "\(error)"])
                }
                return APIResponse(
                    status: 200, headers: [("Content-Type", "text/plain; version=0.0.4")],
                    body: api.metrics.exposition())
            }
        ) { _ in
            OpenAPIOperation("Metrics in the Prometheus text format", responses: ["200": .text("OK", ["text/plain"])])
        },
        Route(.get, "/api/v1/openapi.json", scope: nil, .buffered { api, _ in .json(200, api.openAPI) }) { _ in
            OpenAPIOperation(
                "This document (OpenAPI 3.1)",
                responses: [
                    "200": OpenAPIOperation.Response(
                        description: "OK", content: ["application/json": .init(["type": "object"])])
                ])
        },
    ]

    /// The body of the health routes.
    fileprivate struct Health: Encodable {
        let status: String
        var database: String? = nil
    }
}

extension APIService {
    /// `GET /health/ready`: 200 when the database answers a ping, else 503.
    fileprivate func ready() throws -> APIResponse {
        guard (try? pool.withConnection { $0.ping() }) ?? false else {
            throw APIError("database_unavailable", status: 503, "the database does not answer")
        }
        return try .encoded(Route.Health(status: "ready", database: "ok"))
    }
}
