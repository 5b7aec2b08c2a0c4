import Crypto
import Errors
import Foundation
import MariaDB
import Reports

/// `GET /api/v1/reports` (the catalogue) and `GET /api/v1/reports/{name}?year=&format=json|csv`, for
/// Power BI: a flat JSON array (or CSV), an ETag so unchanged refreshes cost a 304, and
/// `Cache-Control` for a short private cache.
struct ReportsEndpoint {
    let runner: ReportRunner

    /// `GET /api/v1/reports`: the catalogue.
    func list() throws -> APIResponse { try .encoded(runner.catalog) }

    func report(_ name: String, request: APIRequest, on connection: Connection) throws -> APIResponse {
        let wantsCSV =
            request.query["format"] == "csv"
            || (request.query["format"] == nil && (request.headers["accept"] ?? "").contains("text/csv"))
        guard request.query["format"].map({ ["csv", "json"].contains($0) }) ?? true else {
            throw APIError("invalid_parameter", status: 400, "format must be json or csv")
        }
        let parameters = request.query.filter { $0.key != "format" && $0.key != "api_key" }
        let result = try runner.run(name, parameters: parameters, on: connection)
        let body = wantsCSV ? result.csv : result.json
        let etag = "\"" + SHA256.hash(data: Data(body)).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
        let headers = [
            ("Content-Type", wantsCSV ? "text/csv; charset=utf-8" : "application/json"), ("ETag", etag),
            ("Cache-Control", "private, max-age=60"),
        ]
        if request.headers["if-none-match"] == etag { return APIResponse(status: 304, headers: headers, body: []) }
        return APIResponse(status: 200, headers: headers, body: body)
    }
}
