internal import CMicroHTTPD
import Synchronization

/// Everything one request needs between libmicrohttpd's callbacks: its head, the body buffered
/// so far or the sink it streams to, and whether it has been answered.
///
/// Retained into the connection's `*con_cls` when the request line arrives and released in the
/// completion callback. Only the worker thread that owns the connection touches it.
final class RequestState {
    private enum Phase {
        /// Request line read; headers not yet seen by the access handler.
        case started
        /// Buffering the body for ``HTTPHandler/handle(_:)``.
        case buffering
        /// Streaming the body to a sink (through a post processor for multipart bodies).
        case streaming(any HTTPBodySink, PostProcessor?)
        /// The body is being discarded; `response` answers once it has all arrived.
        case discarding(HTTPResponse)
        /// A response is queued; the sink (if any) has been finished or aborted.
        case answered
    }

    private let server: ServerContext
    private let rawTarget: String
    private var phase = Phase.started
    private var head = HTTPRequestHead(method: "", path: "", rawPath: "")
    private var body: [UInt8] = []
    private var received: UInt64 = 0
    private var limit: UInt64 = 0
    /// Bytes of the server's body memory budget this request holds.
    private var reserved = 0

    init(server: ServerContext, rawTarget: String) {
        self.server = server
        self.rawTarget = rawTarget
    }

    /// One access-handler call: headers (first call), a body chunk, or the end of the body.
    func handle(
        connection: OpaquePointer, url: String, method: String, upload: UnsafePointer<CChar>?, uploadSize: inout Int
    ) -> MHD_Result {
        if case .started = phase { return begin(connection: connection, url: url, method: method) }
        if uploadSize > 0, let upload {
            consume(upload, count: uploadSize)
            uploadSize = 0
            return .YES
        }
        return complete(connection: connection)
    }

    /// The request will not finish: abort a sink that has been neither finished nor aborted.
    func connectionEnded() {
        if case .streaming(let sink, _) = phase { sink.abort() }
        releaseBody()
        phase = .answered
    }

    private func begin(connection: OpaquePointer, url: String, method: String) -> MHD_Result {
        guard let path = PercentDecoding.decode(url) else {
            return answer(
                .error(
                    status: 400, code: "invalid_path",
                    message: "The request path is not valid percent-encoded UTF-8 (or contains NUL)."), on: connection,
                close: true)
        }
        var query: [(name: String, value: String)] = []
        for argument in MHD.queryArguments(of: connection) {
            guard let name = PercentDecoding.decode(argument.name), let value = PercentDecoding.decode(argument.value)
            else {
                return answer(
                    .error(
                        status: 400, code: "invalid_query",
                        message: "The query string is not valid percent-encoded UTF-8 (or contains NUL)."),
                    on: connection, close: true)
            }
            query.append((name: name, value: value))
        }
        head = HTTPRequestHead(
            method: method, path: path, rawPath: rawTarget, queryItems: query,
            headers: HTTPHeaders(MHD.headers(of: connection)), remoteAddress: MHD.clientAddress(of: connection))

        if let refusal = server.handler.refusal(for: head) { return answer(refusal, on: connection, close: true) }
        let sink = server.handler.uploadSink(for: head)
        limit = sink == nil ? server.maxBodyBytes : server.maxUploadBytes
        let declared = head.headers["Content-Length"].flatMap { UInt64($0.trimmingSpaces) }
        if let declared, declared > limit {
            sink?.abort()
            return answer(tooLarge, on: connection, close: true)
        }
        guard let sink else {
            if let declared {
                guard reserve(Int(declared)) else { return answer(busy, on: connection, close: true) }
                body.reserveCapacity(Int(declared))
            }
            phase = .buffering
            return .YES
        }
        guard isMultipart(head.headers["Content-Type"]) else {
            phase = .streaming(sink, nil)
            return .YES
        }
        guard let processor = PostProcessor(connection: connection, sink: sink) else {
            sink.abort()
            return answer(
                .error(
                    status: 400, code: "invalid_multipart",
                    message: "The multipart/form-data body has no usable boundary."), on: connection, close: true)
        }
        phase = .streaming(sink, processor)
        return .YES
    }

    private func consume(_ data: UnsafePointer<CChar>, count: Int) {
        received += UInt64(count)
        switch phase {
        case .buffering, .streaming:
            if received > limit {
                stopReading(respondingWith: tooLarge)
                return
            }
        case .started, .discarding, .answered:
            return
        }
        switch phase {
        case .buffering:
            guard received <= UInt64(reserved) || reserve(Int(received) - reserved) else {
                stopReading(respondingWith: busy)
                return
            }
            body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: count))
        case .streaming(let sink, nil):
            do {
                try sink.write(Array(UnsafeRawBufferPointer(start: data, count: count)), part: nil)
            } catch {
                stopReading(respondingWith: sink.failureResponse(for: error))
            }
        case .streaming(let sink, let processor?):
            guard !processor.process(data, count: count) else { return }
            if let error = processor.sinkError {
                stopReading(respondingWith: sink.failureResponse(for: error))
            } else {
                stopReading(respondingWith: malformedMultipart)
            }
        case .started, .discarding, .answered:
            return
        }
    }

    /// Drops what was gathered (aborting a sink) and discards the rest of the body.
    private func stopReading(respondingWith response: HTTPResponse) {
        if case .streaming(let sink, _) = phase { sink.abort() }
        body = []
        releaseBody()
        phase = .discarding(response)
    }

    /// Takes `bytes` more of the server's body memory budget.
    private func reserve(_ bytes: Int) -> Bool {
        guard server.reserveBodyBytes(bytes) else { return false }
        reserved += bytes
        return true
    }

    /// Gives back what this request holds of the body memory budget.
    private func releaseBody() {
        server.releaseBodyBytes(reserved)
        reserved = 0
    }

    private func complete(connection: OpaquePointer) -> MHD_Result {
        switch phase {
        case .started, .answered:
            return .YES
        case .discarding(let response):
            return answer(response, on: connection)
        case .buffering:
            let request = HTTPRequest(head: head, body: body)
            body = []
            let response = server.handler.handle(request)
            releaseBody()
            return answer(response, on: connection)
        case .streaming(let sink, let processor):
            if let processor, !processor.finish() {
                sink.abort()
                return answer(malformedMultipart, on: connection)
            }
            phase = .answered
            return answer(sink.finish(), on: connection)
        }
    }

    /// Queues `response`; with `close` (a refusal sent before the body was read) the connection
    /// closes after it, so the unread body is never drained.
    private func answer(_ response: HTTPResponse, on connection: OpaquePointer, close: Bool = false) -> MHD_Result {
        phase = .answered
        var response = response
        if server.isTLS { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000") }
        return MHD.queue(
            response, on: connection, closeConnection: close || server.draining.load(ordering: .relaxed))
    }

    private var tooLarge: HTTPResponse {
        .error(status: 413, code: "body_too_large", message: "The request body exceeds the limit of \(limit) bytes.")
    }

    private var busy: HTTPResponse {
        var response = HTTPResponse.error(
            status: 503, code: "server_busy", message: "The server holds too many request bodies; retry shortly.")
        response.headers.add(name: "Retry-After", value: "1")
        return response
    }

    private var malformedMultipart: HTTPResponse {
        .error(
            status: 400, code: "invalid_multipart", message: "The multipart/form-data body is malformed or truncated.")
    }

    private func isMultipart(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        return contentType.lowercased().hasPrefix("multipart/form-data")
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
