public import DataDictionary
import Errors
import Foundation
public import Logging
public import MariaDB
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
        self.openAPI = OpenAPIDocument(dictionary: dictionary, routes: Route.all.routes).json
    }

    /// Routes a buffered request and answers it, with its request id, logged and counted.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = ContinuousClock.now
        let apiRequest = APIRequest(head: request.head, body: request.body)
        let (template, response) = respond(to: apiRequest)
        return finish(response, route: template, request: apiRequest, started: started)
    }

    /// A sink for a request whose route takes its body as a stream (`POST /api/v1/uploads`), once
    /// its key is checked; every other request is buffered.
    public func uploadSink(for head: HTTPRequestHead) -> (any HTTPBodySink)? {
        guard case .found(let route, let parameters) = Route.all.match(method: head.method, path: head.path),
            case .sink(let makeSink) = route.handler
        else { return nil }
        let started = ContinuousClock.now
        let request = APIRequest(head: head, body: [])
        do {
            let call = RouteCall(request: request, parameters: parameters, key: try key(request, route))
            return try makeSink(self, call) { body in
                finish(answer(request, body), route: route.template, request: request, started: started)
            }
        } catch {
            return RefusingSink(
                finish(answer(request) { throw error }, route: route.template, request: request, started: started))
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

    /// The route template (the metrics label) and the response: the route's handler runs once the
    /// key is checked; a known path with another method is 405, an unknown path 404.
    private func respond(to request: APIRequest) -> (String, APIResponse) {
        switch Route.all.match(method: request.method, path: request.path) {
        case .notFound:
            return ("unmatched", .error(APIError("not_found", status: 404, "no such resource")))
        case .wrongMethod(let template, let allowed):
            var response = APIResponse.error(
                APIError("method_not_allowed", status: 405, "\(request.method) is not allowed here"))
            response.headers.append(("Allow", allowed.joined(separator: ", ")))
            return (template, response)
        case .found(let route, let parameters):
            return (
                route.template,
                answer(request) {
                    let call = RouteCall(request: request, parameters: parameters, key: try key(request, route))
                    guard case .buffered(let serve) = route.handler else {
                        throw APIError("not_streamed", status: 400, "this route takes a streamed body")
                    }
                    return try serve(self, call)
                }
            )
        }
    }

    /// The key of `request` if `route` needs one (checked for the route's scope), else nil.
    private func key(_ request: APIRequest, _ route: Route) throws -> APIKeyStore.Key? {
        try route.scope.map { try authorize(request, scope: $0) }
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
        } catch {
            let answer = APIError(mapping: error)
            if answer.code == .internalError {
                logger.error(
                    "request failed", metadata: ["http.request.id": "\(request.requestID)", "error": "\(error)"])
            }
            return .error(answer)
        }
    }
}
