/// The part of a request known before its body: method, target, headers and peer.
public struct HTTPRequestHead: Sendable {
    /// The request method as sent, e.g. `GET`.
    public var method: String
    /// The percent-decoded path, without the query (e.g. `/tables/hired employees`).
    public var path: String
    /// The request target exactly as sent: path and query, not decoded.
    public var rawPath: String
    /// The query parameters in order, with `+` and percent escapes decoded.
    public var queryItems: [(name: String, value: String)]
    /// The request header fields; lookups ignore case.
    public var headers: HTTPHeaders
    /// The client's numeric address, e.g. `127.0.0.1` or `::1`.
    public var remoteAddress: String

    /// Creates a request head. The server builds these; tests and routers may build their own.
    public init(
        method: String,
        path: String,
        rawPath: String,
        queryItems: [(name: String, value: String)] = [],
        headers: HTTPHeaders = HTTPHeaders(),
        remoteAddress: String = ""
    ) {
        self.method = method
        self.path = path
        self.rawPath = rawPath
        self.queryItems = queryItems
        self.headers = headers
        self.remoteAddress = remoteAddress
    }

    /// Whether a body follows the head: a `Content-Length` other than 0, or a `Transfer-Encoding`.
    public var hasBody: Bool {
        if headers["Transfer-Encoding"] != nil { return true }
        guard let length = headers["Content-Length"] else { return false }
        return !length.allSatisfy { $0 == "0" || $0 == " " || $0 == "\t" }
    }

    /// The first value of the query parameter `name`, or `nil` when absent.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}

/// A complete request: its head and its whole body (at most the configured cap).
public struct HTTPRequest: Sendable {
    /// Method, target, headers and peer.
    public var head: HTTPRequestHead
    /// The request body; empty when there was none.
    public var body: [UInt8]

    /// Creates a request from a head and a body.
    public init(head: HTTPRequestHead, body: [UInt8] = []) {
        self.head = head
        self.body = body
    }
}
