import Foundation
import JSON
public import MicroHTTPD

/// An HTTP request as the API sees it, independent of the server library.
public struct APIRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The decoded path, without the query.
    public var path: String
    /// Query parameters (the first value of each name).
    public var query: [String: String]
    /// Headers, names in lower case.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]
    /// The id this request is logged and answered with.
    public var requestID: String
    /// The client's numeric address.
    public var remoteAddress: String
}

extension APIRequest {
    /// The request `head` and `body` as the API sees them: query parameters and headers by name
    /// (the first value of each; header names in lower case), and a request id: the client's
    /// `X-Request-Id` when it is 1 to 64 visible ASCII characters, else a new UUID.
    init(head: HTTPRequestHead, body: [UInt8]) {
        let headers = Dictionary(
            head.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.init(
            method: head.method, path: head.path,
            query: Dictionary(head.queryItems.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }),
            headers: headers, body: body,
            requestID: headers["x-request-id"].flatMap { Self.isUsableRequestID($0) ? $0 : nil } ?? UUID().uuidString,
            remoteAddress: head.remoteAddress)
    }

    /// Whether a client's request id can be logged, answered and stored (`request_id VARCHAR(64)`)
    /// as it is: 1 to 64 bytes, each a visible ASCII character.
    static func isUsableRequestID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

/// The API's answer: a status, headers, and a body held in memory, sent from an open file, or
/// generated chunk by chunk (a download; see ``file(_:contentType:headers:)`` and
/// ``stream(contentType:headers:next:)``).
public struct APIResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// Headers to send.
    public var headers: [(String, String)]
    /// The body.
    public var body: HTTPResponse.Body

    /// Creates a response whose body is held in memory.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8]) {
        self.init(status: status, headers: headers, content: .bytes(body))
    }

    private init(status: Int, headers: [(String, String)], content: HTTPResponse.Body) {
        self.status = status
        self.headers = headers
        self.body = content
    }

    /// The body's bytes when it is held in memory (every answer but a download), else nil.
    public var bytes: [UInt8]? {
        guard case .bytes(let bytes) = body else { return nil }
        return bytes
    }

    /// A 200 whose body is the file at `path`, sent by the kernel from its descriptor, never read
    /// into memory. The file is opened now, so a missing one throws here.
    static func file(_ path: String, contentType: String, headers: [(String, String)] = []) throws -> APIResponse {
        APIResponse(
            status: 200, headers: [("Content-Type", contentType)] + headers,
            content: .file(try HTTPFileBody(path: path)))
    }

    /// A 200 whose body `next` generates chunk by chunk on the connection's thread, until it returns
    /// nil; sent chunked. What `next` throws cuts the body short (the connection is closed without the
    /// last chunk): the status was already sent, so a handler reads what can fail before it answers.
    static func stream(
        contentType: String, headers: [(String, String)] = [], next: @escaping @Sendable () throws -> [UInt8]?
    ) -> APIResponse {
        APIResponse(status: 200, headers: [("Content-Type", contentType)] + headers, content: .stream(next))
    }

    /// A JSON response.
    public static func json(_ status: Int, _ body: [UInt8]) -> APIResponse {
        APIResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    /// `value` encoded as JSON by the shared ``JSON`` encoder.
    static func encoded(_ value: some Encodable, status: Int = 200) throws -> APIResponse {
        .json(status, Array(try JSON.encode(value)))
    }

    /// The error's JSON response.
    public static func error(_ error: APIError) -> APIResponse {
        .json(error.status, error.body)
    }
}
