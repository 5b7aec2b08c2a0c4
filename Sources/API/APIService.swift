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
public import Offsite

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
    let offsite: OffsiteEndpoint
    let uploads: UploadsEndpoint
    /// Whether the server speaks HTTPS: session cookies are then `Secure`.
    let tls: Bool

    /// Creates the service; `reports` runs the catalogued report queries on `reportSource` (the
    /// primary `pool` when nil), `site` holds the admin files, `jobs` reads and controls the job
    /// queue, `backups` is this host's folder of backups, `uploads` keeps uploaded files (both in
    /// this host's file store), `offsite` is the rclone remote backups are copied to, if any; `tls`
    /// says the server speaks HTTPS.
    public init(
        dictionary: DataDictionary, pool: ConnectionPool, metrics: APIMetrics, reports: ReportRunner,
        reportSource: ReportSource? = nil, site: StaticFiles, jobs: JobService, backups: BackupCatalog,
        offsite: OffsiteRemote? = nil, uploads: UploadStore, logger: Logger, tls: Bool = false
    ) {
        self.tls = tls
        self.offsite = OffsiteEndpoint(remote: offsite)
        self.uploads = UploadsEndpoint(store: uploads)
        self.jobs = JobsEndpoint(service: jobs, uploads: self.uploads, dictionary: dictionary, pool: pool)
        self.backups = BackupsEndpoint(
            catalog: backups, fileStore: uploads.fileStore, dictionary: dictionary, jobs: jobs, pool: pool)
        self.reports = ReportsEndpoint(runner: reports, source: reportSource ?? ReportSource(primary: pool))
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

    /// Refuses a request from its head alone, before any byte of its body is read: an unknown path
    /// (404), another method (405), a missing or unknown key or session (401), a caller without the
    /// route's permission or a cookie change without its CSRF token (403), or a body sent to a
    /// public route larger than it takes (413). The server then closes the connection.
    public func refusal(for head: HTTPRequestHead) -> HTTPResponse? {
        let started = ContinuousClock.now
        let request = APIRequest(head: head, body: [])
        let match = Route.all.match(method: request.method, path: request.path)
        if case .found(let route, _) = match, route.permission == nil, head.hasBody,
            route.publicBodyLimit == 0
                || (head.headers["Content-Length"].flatMap { Int($0) } ?? .max) > route.publicBodyLimit
        {
            let refused = APIError(
                "body_not_allowed", status: 413,
                route.publicBodyLimit == 0
                    ? "\(route.template) takes no request body"
                    : "\(route.template) takes a body of at most \(route.publicBodyLimit) bytes, with a Content-Length")
            return finish(.error(refused), route: route.template, request: request, started: started)
        }
        guard let (template, response) = refusal(of: request, match) else { return nil }
        return finish(response, route: template, request: request, started: started)
    }

    /// A sink for a request whose route takes its body as a stream (`POST /api/v1/uploads`), once
    /// its caller is checked; every other request is buffered.
    public func uploadSink(for head: HTTPRequestHead) -> (any HTTPBodySink)? {
        guard case .found(let route, let parameters) = Route.all.match(method: head.method, path: head.path),
            case .sink(let makeSink) = route.handler
        else { return nil }
        let started = ContinuousClock.now
        let request = APIRequest(head: head, body: [])
        let gate = gate(request, route)
        let call = RouteCall(request: request, parameters: parameters, caller: gate.caller)
        do {
            if let refusal = gate.refusal { throw refusal }
            return try makeSink(self, call) { body in
                let response = answer(request, body)
                audit(route, call, response)
                return finish(response, route: route.template, request: request, started: started)
            }
        } catch {
            let response = answer(request) { throw error }
            audit(route, call, response)
            return RefusingSink(finish(response, route: route.template, request: request, started: started))
        }
    }

    /// Logs and counts an answer and adds the request id to it. A download is counted when its
    /// head is ready, before its body is sent.
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
        SecurityHeaders.add(to: &headers)
        return HTTPResponse(status: response.status, headers: headers, body: logged(response.body, request))
    }

    /// `body`, whose failure while it is being sent (when the status is already out and the
    /// connection is closed to cut it short) is logged with the request's id.
    private func logged(_ body: HTTPResponse.Body, _ request: APIRequest) -> HTTPResponse.Body {
        guard case .stream(let next) = body else { return body }
        return .stream { [logger] in
            do {
                return try next()
            } catch {
                logger.error(
                    "response cut short", metadata: ["http.request.id": "\(request.requestID)", "error": "\(error)"])
                throw error
            }
        }
    }

    /// The route template (the metrics label) and the response: the route's handler runs once the
    /// caller is checked; a known path with another method is 405, an unknown path 404.
    private func respond(to request: APIRequest) -> (String, APIResponse) {
        let match = Route.all.match(method: request.method, path: request.path)
        guard case .found(let route, let parameters) = match else {
            return refusal(of: request, match) ?? ("unmatched", .error(.notFound))
        }
        let gate = gate(request, route)
        let call = RouteCall(request: request, parameters: parameters, caller: gate.caller)
        let response = answer(request) {
            if let refusal = gate.refusal { throw refusal }
            guard case .buffered(let serve) = route.handler else {
                throw APIError("not_streamed", status: 400, "this route takes a streamed body")
            }
            return try serve(self, call)
        }
        audit(route, call, response)
        return (route.template, response)
    }

    /// The route template and the refusal of a request whose path is unknown (404), whose method
    /// the path does not take (405), or whose caller does not pass the route's gate (401, 403);
    /// `nil` when the request may go on.
    private func refusal(of request: APIRequest, _ match: RouteTable.Match) -> (String, APIResponse)? {
        switch match {
        case .notFound:
            return ("unmatched", .error(.notFound))
        case .wrongMethod(let template, let allowed):
            var response = APIResponse.error(
                APIError("method_not_allowed", status: 405, "\(request.method) is not allowed here"))
            response.headers.append(("Allow", allowed.joined(separator: ", ")))
            return (template, response)
        case .found(let route, let parameters):
            let gate = gate(request, route)
            guard let refusal = gate.refusal else { return nil }
            let response = answer(request) { throw refusal }
            audit(route, RouteCall(request: request, parameters: parameters, caller: gate.caller), response)
            return (route.template, response)
        }
    }

    /// Runs `body` with one deadline for all its database waits (`serve --database-timeout`),
    /// turning what it throws into an error answer with a stable code: database outages and a
    /// deadline passed become 503, never 500.
    func answer(_ request: APIRequest, _ body: () throws -> APIResponse) -> APIResponse {
        do {
            return try pool.withDeadline(body)
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
