/// Answers requests. Called synchronously on the libmicrohttpd worker thread that owns the
/// connection, so it may block (e.g. on a database); the thread pool size bounds how many run at once.
public protocol HTTPHandler: Sendable {
    /// Answers a request whose whole body (at most the configured cap) has arrived.
    func handle(_ request: HTTPRequest) -> HTTPResponse

    /// Called once the head of a request has arrived, before its body. Return a sink to receive
    /// the body as it arrives instead of having it buffered (then ``handle(_:)`` is not called and
    /// the sink's ``HTTPBodySink/finish()`` gives the response); return `nil` to buffer.
    func uploadSink(for head: HTTPRequestHead) -> (any HTTPBodySink)?

    /// Called once the head of a request has arrived, before any byte of its body is read and
    /// before ``uploadSink(for:)``. A response returned here is sent at once and the connection
    /// closed: the body is never read. Return `nil` to go on with the request.
    func refusal(for head: HTTPRequestHead) -> HTTPResponse?
}

extension HTTPHandler {
    /// Buffers every body: no request streams to a sink.
    public func uploadSink(for head: HTTPRequestHead) -> (any HTTPBodySink)? { nil }

    /// Refuses nothing at the head: every request's body is read.
    public func refusal(for head: HTTPRequestHead) -> HTTPResponse? { nil }
}
