/// A request as the handler sees it: head and the whole body (capped by the server).
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The percent-decoded path, without the query.
    public var path: String
    /// Decoded query parameters, in order.
    public var query: [(name: String, value: String)]
    /// Headers with lower-case names (repeated headers joined with `, `).
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// The first value of query parameter `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// The handler's answer.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header names and values (Content-Length is added by the server).
    public var headers: [(String, String)]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Answers requests. Called on the server's worker threads, one request at a time per thread; it
/// may block (on a database, say): that is what the thread pool is for.
public protocol HTTPHandler: Sendable {
    /// The response to `request`.
    func handle(_ request: HTTPRequest) -> HTTPResponse
}

/// A failure to start the server.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// `bind_failed` or `start_failed`.
    public var code: String
    /// What went wrong.
    public var message: String

    public var description: String { "\(code): \(message)" }
}
