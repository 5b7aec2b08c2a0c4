import TestSupport
import Foundation
import Glibc
import MicroHTTPD
import Synchronization

/// A handler built from closures: `routes` by path for buffered requests, `sink` for uploads,
/// `refuse` for refusals from the head.
struct TestHandler: HTTPHandler {
    var routes: [String: @Sendable (HTTPRequest) -> HTTPResponse] = [:]
    var sink: @Sendable (HTTPRequestHead) -> (any HTTPBodySink)? = { _ in nil }
    var refuse: @Sendable (HTTPRequestHead) -> HTTPResponse? = { _ in nil }

    func refusal(for head: HTTPRequestHead) -> HTTPResponse? { refuse(head) }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        routes[request.head.path]?(request) ?? .error(status: 404, code: "not_found", message: request.head.path)
    }

    func uploadSink(for head: HTTPRequestHead) -> (any HTTPBodySink)? { sink(head) }
}

/// The default configuration with `changes` applied, e.g. `serverConfiguration { $0.threading = .pool(2) }`.
func serverConfiguration(_ changes: (inout HTTPServer.Configuration) -> Void) -> HTTPServer.Configuration {
    var configuration = HTTPServer.Configuration()
    changes(&configuration)
    return configuration
}

/// Starts a server on 127.0.0.1 port 0, runs `body`, and always shuts the server down.
func withServer<T>(
    _ configuration: HTTPServer.Configuration = serverConfiguration { $0.threading = .pool(4) },
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
