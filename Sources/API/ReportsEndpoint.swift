import Crypto
import Errors
import Foundation
import MariaDB
import Reports

/// `GET /api/v1/reports` (the catalogue) and `GET /api/v1/reports/{name}?year=&format=json|csv`, for
/// Power BI: a flat JSON array (or CSV), an ETag so unchanged refreshes cost a 304, and
/// `Cache-Control` for a short private cache. With a reports replica, the answer says which server
/// gave it and how far behind the replica was.
struct ReportsEndpoint {
    let runner: ReportRunner
    /// Where the report queries run: the primary, or a replica while it keeps up.
    let source: ReportSource

    /// `GET /api/v1/reports`: the catalogue.
    func list() throws -> APIResponse { try .encoded(runner.catalog) }

    func report(_ name: String, request: APIRequest, metrics: APIMetrics) throws -> APIResponse {
        let wantsCSV =
            request.query["format"] == "csv"
            || (request.query["format"] == nil && (request.headers["accept"] ?? "").contains("text/csv"))
        guard request.query["format"].map({ ["csv", "json"].contains($0) }) ?? true else {
            throw APIError("invalid_parameter", status: 400, "format must be json or csv")
        }
        _ = try runner.catalog.report(named: name)
        let parameters = request.query.filter { $0.key != "format" && $0.key != "api_key" }
        let ((result, foldDue), answer) = try source.read { connection, server in
            let result = try runner.run(name, parameters: parameters, fold: server == .primary, on: connection)
            return (result, try server == .replica && runner.foldDue(on: connection))
        }
        if foldDue {
            // The replica reads deltas the primary has not folded yet: fold them there (the fold
            // replicates). A failure leaves them for the next report; this one is answered.
            _ = try? source.primary.withConnection { try runner.foldIfNeeded(on: $0) }
        }
        metrics.recordReportAnswer(answer)
        let body = wantsCSV ? result.csv : result.json
        let etag = "\"" + SHA256.hash(data: Data(body)).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
        let headers =
            [
                ("Content-Type", wantsCSV ? "text/csv; charset=utf-8" : "application/json"), ("ETag", etag),
                ("Cache-Control", "private, max-age=60"),
            ] + Self.sourceHeaders(answer)
        if request.headers["if-none-match"] == etag { return APIResponse(status: 304, headers: headers, body: []) }
        return APIResponse(status: 200, headers: headers, body: body)
    }

    /// With a reports replica: `X-Sluice-Reports-Source` (`replica` or `primary`),
    /// `X-Sluice-Replica-State` (`ok`, `lagging`, `stopped`, `unavailable`) and, when known,
    /// `X-Sluice-Replica-Lag` in seconds. Without one: none.
    static func sourceHeaders(_ answer: ReportSource.Answer) -> [(String, String)] {
        guard let health = answer.replica else { return [] }
        return [
            ("X-Sluice-Reports-Source", answer.server.rawValue),
            ("X-Sluice-Replica-State", health.state(maxLag: answer.maxLag)),
        ] + (health.lagSeconds.map { [("X-Sluice-Replica-Lag", String($0))] } ?? [])
    }
}
