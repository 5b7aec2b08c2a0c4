/// A response: status, header fields and a body held in memory, read from a file, or generated.
///
/// The server adds `Content-Length` (or chunked framing for generated bodies) itself; a
/// `Content-Length` or `Transfer-Encoding` field set here is ignored.
public struct HTTPResponse: Sendable {
    /// Where the body bytes come from.
    public enum Body: Sendable {
        /// Bytes in memory, copied once into the response.
        case bytes([UInt8])
        /// A region of an open file, sent by the kernel from its descriptor (`sendfile`).
        case file(HTTPFileBody)
        /// Chunks produced on demand on the connection's worker thread, until the closure returns
        /// `nil`; sent with chunked transfer encoding. Empty chunks are skipped. When the closure
        /// throws, the connection is closed without the final chunk, so the client sees the body
        /// cut short instead of taking it for complete.
        case stream(@Sendable () throws -> [UInt8]?)
    }

    /// The status code, e.g. 200. Values outside 100...999 are sent as 500.
    public var status: Int
    /// Header fields to send.
    public var headers: HTTPHeaders
    /// The body.
    public var body: Body

    /// Creates a response with a body of bytes held in memory.
    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.init(status: status, headers: headers, body: .bytes(body))
    }

    /// Creates a response with any kind of body.
    public init(status: Int, headers: HTTPHeaders, body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// An `application/json` response from already-encoded JSON bytes.
    public static func json(_ bytes: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: bytes)
    }

    /// The error shape every Sluice endpoint uses: `{"error":{"code":...,"message":...}}`.
    public static func error(status: Int, code: String, message: String) -> HTTPResponse {
        let json = #"{"error":{"code":"\#(jsonEscaped(code))","message":"\#(jsonEscaped(message))"}}"#
        return .json(Array(json.utf8), status: status)
    }

    /// A response that streams the file at `path` from its descriptor, without reading it into
    /// memory. The file is opened now, so a missing file throws here (`file_open_failed`).
    public static func file(
        path: String,
        contentType: String = "application/octet-stream",
        status: Int = 200,
        headers: HTTPHeaders = HTTPHeaders()
    ) throws -> HTTPResponse {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: contentType)
        return HTTPResponse(status: status, headers: headers, body: .file(try HTTPFileBody(path: path)))
    }

    /// A response whose body is generated chunk by chunk by `next` (called on the worker thread
    /// until it returns `nil` or throws) and sent with chunked transfer encoding.
    public static func stream(
        status: Int = 200,
        headers: HTTPHeaders = HTTPHeaders(),
        next: @escaping @Sendable () throws -> [UInt8]?
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: .stream(next))
    }

    /// Escapes a string for a JSON string literal (quotes, backslashes and control characters).
    private static func jsonEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
