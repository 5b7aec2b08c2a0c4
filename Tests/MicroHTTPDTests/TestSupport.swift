import Foundation
import Glibc
import MicroHTTPD
import Synchronization

/// A handler built from closures: `routes` by path for buffered requests, `sink` for uploads.
struct TestHandler: HTTPHandler {
    var routes: [String: @Sendable (HTTPRequest) -> HTTPResponse] = [:]
    var sink: @Sendable (HTTPRequestHead) -> (any HTTPBodySink)? = { _ in nil }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        routes[request.head.path]?(request) ?? .error(status: 404, code: "not_found", message: request.head.path)
    }

    func uploadSink(for head: HTTPRequestHead) -> (any HTTPBodySink)? { sink(head) }
}

/// Starts a server on 127.0.0.1 port 0, runs `body`, and always shuts the server down.
func withServer<T>(
    _ configuration: HTTPServer.Configuration = HTTPServer.Configuration(threadPoolSize: 4),
    handler: any HTTPHandler,
    _ body: (HTTPServer) async throws -> T
) async throws -> T {
    let server = try HTTPServer(configuration: configuration, handler: handler)
    defer { server.shutdown(gracePeriod: .seconds(2)) }
    return try await body(server)
}

/// A simple running checksum (Fletcher-style, wrapping), the same on both sides of an upload.
struct Checksum: Equatable, CustomStringConvertible {
    private(set) var a: UInt64 = 1
    private(set) var b: UInt64 = 0

    mutating func update(_ bytes: [UInt8]) {
        var a = a
        var b = b
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                a &+= UInt64(byte)
                b &+= a
            }
        }
        self.a = a
        self.b = b
    }

    var description: String { "\(a):\(b)" }
}

/// Deterministic test data: byte `i` of the stream is `(i * 7 + i / 1009) % 251`.
func testBytes(from start: Int, count: Int) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count {
            let n = start + i
            buffer[i] = UInt8(truncatingIfNeeded: (n &* 7 &+ n / 1009) % 251)
        }
        initialized = count
    }
}

/// A sink that records what it sees and reports it in `finish()`:
/// `chunks=N total=T max=M sum=S` for raw bodies, one `name|filename|type|size|sum` line per part
/// for multipart bodies.
final class RecordingSink: HTTPBodySink {
    private var chunks = 0
    private var total = 0
    private var largestChunk = 0
    private var checksum = Checksum()
    private var parts: [(part: HTTPFormPart, size: Int, sum: Checksum)] = []
    private let onAbort: @Sendable () -> Void

    init(onAbort: @escaping @Sendable () -> Void = {}) {
        self.onAbort = onAbort
    }

    func write(_ chunk: [UInt8], part: HTTPFormPart?) throws {
        chunks += 1
        total += chunk.count
        largestChunk = max(largestChunk, chunk.count)
        if let part {
            if part.offset == 0 || parts.last?.part.name != part.name {
                parts.append((part, 0, Checksum()))
            }
            parts[parts.count - 1].size += chunk.count
            parts[parts.count - 1].sum.update(chunk)
        } else {
            checksum.update(chunk)
        }
    }

    func finish() -> HTTPResponse {
        if parts.isEmpty {
            return .text("chunks=\(chunks) total=\(total) max=\(largestChunk) sum=\(checksum)")
        }
        let lines = parts.map {
            "\($0.part.name)|\($0.part.filename ?? "-")|\($0.part.contentType ?? "-")|\($0.size)|\($0.sum)"
        }
        return .text(lines.joined(separator: "\n"))
    }

    func abort() { onAbort() }
}

/// A thread-safe flag.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// Errors of the raw test client.
struct ClientError: Error, CustomStringConvertible {
    let description: String
}

/// A parsed response as the raw client saw it.
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking HTTP/1.1 client over a plain socket, for what URLSession cannot express
/// (declared lengths without bodies, hand-made chunked uploads, refused connections).
final class RawConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; throws with the `errno` text (e.g. "Connection refused").
    init(port: Int, timeoutSeconds: Int = 20) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let text = String(cString: strerror(errno))
            close(fd)
            throw ClientError(description: text)
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw ClientError(description: "send: \(String(cString: strerror(errno)))") }
            sent += n
        }
    }

    /// Reads one response (Content-Length, chunked, or until the server closes).
    func readResponse() throws -> RawResponse {
        let headEnd = try readUntil([13, 10, 13, 10])
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw ClientError(description: "bad status line")
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: " "))
        }
        var response = RawResponse(status: status, headers: headers, body: [])
        if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try readExactly(length)
        } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                let lineEnd = try readUntil([13, 10])
                let sizeText = String(decoding: buffer[..<lineEnd], as: UTF8.self)
                buffer.removeFirst(lineEnd + 2)
                guard let size = Int(sizeText.split(separator: ";")[0], radix: 16) else {
                    throw ClientError(description: "bad chunk size \(sizeText)")
                }
                response.body += try readExactly(size)
                _ = try readExactly(2)
                if size == 0 { break }
            }
        } else {
            while try fill() {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// Sends a whole request and reads its response.
    func exchange(_ request: String) throws -> RawResponse {
        try send(request)
        return try readResponse()
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw ClientError(description: "connection closed early") }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer[..<count])
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= marker.count {
                for i in searchFrom...(buffer.count - marker.count)
                where buffer[i..<(i + marker.count)].elementsEqual(marker) {
                    return i
                }
                searchFrom = buffer.count - marker.count + 1
            }
            guard try fill() else { throw ClientError(description: "connection closed early") }
        }
    }

    /// Reads more bytes; `false` at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw ClientError(description: "recv: \(String(cString: strerror(errno)))") }
        if n == 0 { return false }
        buffer += chunk[..<n]
        return true
    }
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}

/// Runs blocking work (raw sockets, `shutdown`) on its own thread, keeping the cooperative pool free.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.start()
    }
}
