import Foundation
import JSON
import MicroHTTPD

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

/// The API's answer, independent of the server library.
public struct APIResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// Headers to send.
    public var headers: [(String, String)]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
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
