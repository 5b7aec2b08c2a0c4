import Foundation
import JSON

/// Exercises a live Sluice service end to end over HTTP: liveness and readiness, the OpenAPI
/// document, a dry-run batch per table, each report, and a rows read. Each check is timed; the
/// service passes only if every check does.
public struct SelfCheck: Sendable {
    /// One check's outcome.
    public struct Result: Sendable, Codable, Equatable {
        /// What was checked, e.g. `dry-run hired_employees`.
        public var name: String
        /// Whether it passed.
        public var passed: Bool
        /// The HTTP status answered (0 when the service did not answer).
        public var status: Int
        /// How long the request took, in milliseconds.
        public var milliseconds: Int
        /// Why it failed, when it did.
        public var detail: String?
    }

    let client: CheckClient

    /// A check of the service at `baseURL` (e.g. `http://127.0.0.1:8080`) with the API key `key`,
    /// which needs the ingest, reports and read scopes (or admin) for every check to pass.
    public init(baseURL: String, key: String?) {
        client = CheckClient(baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL, key: key)
    }

    /// Runs every check, in order; the per-table and per-report checks follow from the OpenAPI
    /// document and the report catalogue.
    public func run() -> [Result] {
        var results = [
            check("health live", "GET", "/health/live"),
            check("health ready", "GET", "/health/ready"),
        ]
        let (document, documentResult) = fetch("openapi", "/api/v1/openapi.json")
        results.append(documentResult)
        let paths = document?.object?["paths"]?.object ?? [:]
        let tables = paths.keys.compactMap { path -> String? in
            guard let match = path.wholeMatch(of: /\/api\/v1\/tables\/([A-Za-z0-9_]+)\/rows/),
                paths[path]?.object?["post"] != nil
            else { return nil }
            return String(match.1)
        }.sorted()
        if documentResult.passed, tables.isEmpty {
            results.append(Result(name: "tables", passed: false, status: 0, milliseconds: 0, detail: "no table"))
        }
        for table in tables {
            results.append(
                check(
                    "dry-run \(table)", "POST", "/api/v1/tables/\(table)/rows?dry_run=true", body: Array("[{}]".utf8)))
        }
        let (catalogue, catalogueResult) = fetch("reports", "/api/v1/reports")
        results.append(catalogueResult)
        let reports = catalogue?.object?["reports"]?.array ?? catalogue?.array ?? []
        for name in reports.compactMap({ $0.object?["name"]?.string }) {
            results.append(check("report \(name)", "GET", "/api/v1/reports/\(name)"))
        }
        if let table = tables.first {
            results.append(check("rows \(table)", "GET", "/api/v1/tables/\(table)/rows?limit=1"))
        }
        return results
    }

    private func check(_ name: String, _ method: String, _ path: String, body: [UInt8]? = nil) -> Result {
        client.send(name, method, path, body: body).result
    }

    private func fetch(_ name: String, _ path: String) -> (JSONValue?, Result) {
        let (result, body) = client.send(name, "GET", path, body: nil)
        guard result.passed else { return (nil, result) }
        guard let value = try? JSON.decode(JSONValue.self, from: Data(body)) else {
            var failed = result
            failed.passed = false
            failed.detail = "the answer is not JSON"
            return (nil, failed)
        }
        return (value, result)
    }
}

extension JSONValue {
    fileprivate var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    fileprivate var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
