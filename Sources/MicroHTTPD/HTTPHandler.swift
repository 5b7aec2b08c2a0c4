/// Answers requests. Called synchronously on the libmicrohttpd worker thread that owns the
/// connection, so it may block (e.g. on a database); the thread pool size bounds how many run at once.
public protocol HTTPHandler: Sendable {
    /// Answers a request whose whole body (at most the configured cap) has arrived.
    func handle(_ request: HTTPRequest) -> HTTPResponse

    /// Called once the head of a request has arrived, before its body. Return a sink to receive
    /// the body as it arrives instead of having it buffered (then ``handle(_:)`` is not called and
    /// the sink's ``HTTPBodySink/finish()`` gives the response); return `nil` to buffer.
    func uploadSink(for head: HTTPRequestHead) -> (any HTTPBodySink)?
}

extension HTTPHandler {
    /// Buffers every body: no request streams to a sink.
    public func uploadSink(for head: HTTPRequestHead) -> (any HTTPBodySink)? { nil }
}
