public import DataDictionary
import Foundation
import Ingest
public import Logging
import MariaDB
import Metrics
public import MicroHTTPD
public import Reports
public import Jobs
public import Backup

/// The HTTP API: routes each request, checks its key, answers with JSON, and never answers 500 for
/// bad input: every refusal carries a stable error code.
public struct APIService: HTTPHandler {
    let dictionary: DataDictionary
    let pool: ConnectionPool
    let metrics: APIMetrics
    let logger: Logger
    let openAPI: [UInt8]
    let keys = APIKeyCache()
    let reports: ReportsEndpoint
    let site: StaticFiles
    let jobs: JobsEndpoint
    let backups: BackupsEndpoint
    let uploads: UploadsEndpoint

    /// Creates the service; `reports` runs the catalogued report queries, `site` holds the admin files,
    /// `jobs` reads and controls the job queue, `backups` is the folder of backups, `uploads` keeps
    /// uploaded files.
    public init(
        dictionary: DataDictionary, pool: ConnectionPool, metrics: APIMetrics, reports: ReportRunner, site: StaticFiles,
        jobs: JobService, backups: BackupCatalog, uploads: UploadStore, logger: Logger
    ) {
        self.uploads = UploadsEndpoint(store: uploads)
        self.jobs = JobsEndpoint(service: jobs, uploads: self.uploads, dictionary: dictionary, pool: pool)
        self.backups = BackupsEndpoint(catalog: backups, dictionary: dictionary, jobs: jobs)
        self.reports = ReportsEndpoint(runner: reports)
        self.site = site
        self.dictionary = dictionary
        self.pool = pool
        self.metrics = metrics
        self.logger = logger
        self.openAPI = OpenAPIDocument(dictionary: dictionary).json
    }

    /// Routes a buffered request and answers it, with its request id, logged and counted.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = ContinuousClock.now
        let apiRequest = APIRequest(head: request.head, body: request.body)
        let (route, response) = route(apiRequest)
        return finish(response, route: route, request: apiRequest, started: started)
    }

    /// Streams `POST /api/v1/uploads` to an ``UploadSink`` once its key is checked; every other
    /// request is buffered.
    public func uploadSink(for head: HTTPRequestHead) -> (any HTTPBodySink)? {
        guard head.method == "POST",
            UploadsEndpoint.template(head.path.split(separator: "/").map(String.init)) == "/api/v1/uploads"
        else { return nil }
        let started = ContinuousClock.now
        let request = APIRequest(head: head, body: [])
        let route = "/api/v1/uploads"
        do {
            let key = try authorize(request, scope: .admin)
            return try UploadSink(
                store: uploads.store, pool: pool, keyID: key.id, contentType: request.headers["content-type"],
                filename: request.query["filename"]
            ) { body in
                finish(answer(request, body), route: route, request: request, started: started)
            }
        } catch {
            return RefusingSink(
                finish(answer(request) { throw error }, route: route, request: request, started: started))
        }
    }

    /// Logs and counts an answer and adds the request id to it.
    func finish(_ response: APIResponse, route: String, request: APIRequest, started: ContinuousClock.Instant)
        -> HTTPResponse
    {
        metrics.record(route: route, status: response.status, duration: ContinuousClock.now - started)
        logger.info(
            "request",
            metadata: [
                "http.request.id": "\(request.requestID)", "http.method": "\(request.method)", "http.route": "\(route)",
                "http.status": "\(response.status)",
            ])
        var headers = HTTPHeaders(response.headers.map { (name: $0.0, value: $0.1) })
        headers.add(name: "X-Request-Id", value: request.requestID)
        return HTTPResponse(status: response.status, headers: headers, body: response.body)
    }

    /// The route template and the response.
    private func route(_ request: APIRequest) -> (String, APIResponse) {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let tableRows = parts.count == 5 && parts[0...2] == ["api", "v1", "tables"] && parts[4] == "rows"
        let report = parts.count == 4 && parts[0...2] == ["api", "v1", "reports"]
        if let jobRoute = JobsEndpoint.template(request.method, parts) {
            return (
                jobRoute,
                guarded(request, scope: .admin) { _ in try jobs.handle(request, template: jobRoute, parts: parts) }
            )
        }
        if let uploadRoute = UploadsEndpoint.template(parts) {
            return (
                uploadRoute,
                guarded(request, scope: .admin) { _ in
                    try uploads.handle(request, template: uploadRoute, parts: parts, pool: pool)
                }
            )
        }
        if let backupRoute = BackupsEndpoint.template(parts) {
            return (
                backupRoute,
                guarded(request, scope: .admin) { _ in try backups.handle(request, template: backupRoute, parts: parts)
                }
            )
        }
        let template =
            tableRows
            ? "/api/v1/tables/{table}/rows"
            : report ? "/api/v1/reports/{name}" : "/" + parts.joined(separator: "/")
        switch (request.method, template) {
        case ("GET", "/admin"):
            return (template, APIResponse(status: 302, headers: [("Location", "/admin/index.html")], body: []))
        case ("GET", "/"):
            return (
                template,
                APIResponse(
                    status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(homePage.utf8))
            )
        case ("GET", _) where site.response(for: request.path) != nil:
            return (
                "/{file}",
                site.response(for: request.path) ?? .error(APIError("not_found", status: 404, "no such file"))
            )
        case ("GET", "/health/live"):
            return (template, .json(200, Array(#"{"status":"ok"}"#.utf8)))
        case ("GET", "/health/ready"):
            return (template, ready())
        case ("GET", "/metrics"):
            return (
                template,
                APIResponse(
                    status: 200, headers: [("Content-Type", "text/plain; version=0.0.4")], body: metrics.exposition())
            )
        case ("GET", "/api/v1/openapi.json"):
            return (template, .json(200, openAPI))
        case ("POST", "/api/v1/tables/{table}/rows"):
            return (
                template,
                guarded(request, scope: .ingest) { key in
                    try IngestEndpoint(dictionary: dictionary, metrics: metrics).handle(
                        request, table: parts[3], key: key, pool: pool)
                }
            )
        case ("GET", "/api/v1/reports"):
            return (template, guarded(request, scope: .reports) { _ in try reports.list() })
        case ("GET", "/api/v1/reports/{name}"):
            return (
                template,
                guarded(request, scope: .reports) { _ in
                    try pool.withConnection { try reports.report(parts[3], request: request, on: $0) }
                }
            )
        case ("GET", "/api/v1/rejects"):
            return (
                template,
                guarded(request, scope: .ingest) { _ in
                    try pool.withConnection { try RejectsEndpoint().handle(request, on: $0) }
                }
            )
        case (_, "/api/v1/tables/{table}/rows"), (_, "/api/v1/rejects"), (_, "/api/v1/openapi.json"), (_, "/metrics"),
            (_, "/api/v1/reports"), (_, "/api/v1/reports/{name}"):
            return (
                template, .error(APIError("method_not_allowed", status: 405, "\(request.method) is not allowed here"))
            )
        default:
            return ("unmatched", .error(APIError("not_found", status: 404, "no such resource")))
        }
    }

    /// Checks the key for `scope`, then runs `body`; database outages become 503, never 500.
    func guarded(_ request: APIRequest, scope: APIKeyStore.Scope, _ body: (APIKeyStore.Key) throws -> APIResponse)
        -> APIResponse
    {
        answer(request) { try body(try authorize(request, scope: scope)) }
    }

    /// The key sent with `request` (Bearer, `X-API-Key` or `?api_key=`), if it grants `scope`.
    /// Throws `unauthorized` (401) or `forbidden` (403).
    func authorize(_ request: APIRequest, scope: APIKeyStore.Scope) throws -> APIKeyStore.Key {
        let presented =
            request.headers["authorization"].flatMap { value -> String? in
                let parts = value.split(separator: " ", maxSplits: 1)
                return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
            } ?? request.headers["x-api-key"] ?? request.query["api_key"]
        guard let presented else {
            throw APIError("unauthorized", status: 401, "send an API key: Authorization: Bearer KEY")
        }
        guard let key = try keys.verify(presented, pool: pool) else {
            throw APIError("unauthorized", status: 401, "the API key is unknown or revoked")
        }
        guard key.allows(scope) else {
            throw APIError("forbidden", status: 403, "this key lacks the '\(scope.rawValue)' scope")
        }
        return key
    }

    /// Runs `body`, turning what it throws into an error answer with a stable code: database
    /// outages become 503, never 500.
    func answer(_ request: APIRequest, _ body: () throws -> APIResponse) -> APIResponse {
        do {
            return try body()
        } catch let error as APIError {
            return .error(error)
        } catch let error as MariaDBError where error.isConnectionError {
            return .error(APIError("database_unavailable", status: 503, "the database is unavailable; retry later"))
        } catch let error as DictionaryError {
            return .error(APIError(error.code.rawValue, status: error.code == .unknownTable ? 404 : 400, error.message))
        } catch {
            logger.error("request failed", metadata: ["http.request.id": "\(request.requestID)", "error": "\(error)"])
            return .error(APIError("internal_error", status: 503, "the request could not be completed; retry later"))
        }
    }

    private func ready() -> APIResponse {
        let reachable = (try? pool.withConnection { $0.ping() }) ?? false
        return reachable
            ? .json(200, Array(#"{"status":"ready","database":"ok"}"#.utf8))
            : .error(APIError("database_unavailable", status: 503, "the database does not answer"))
    }

    private var homePage: String {
        let files = site.paths.map { #"<li><a href="\#($0)">\#($0.split(separator: "/").last ?? "")</a></li>"# }
            .joined()
        return """
            <!doctype html><html><head><meta charset="utf-8"><title>Sluice</title></head><body>
            <h1>Sluice</h1><ul>
            <li><a href="/admin/index.html">Admin</a></li>
            <li><a href="/api/v1/openapi.json">API document (OpenAPI 3.1)</a></li>
            <li><a href="/health/ready">Health</a></li>
            <li><a href="/metrics">Metrics</a></li>
            </ul><h2>Power BI queries</h2><ul>\(files)</ul></body></html>
            """
    }
}
