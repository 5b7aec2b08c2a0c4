import Foundation

/// What the C callbacks reach through their context pointer: the handler, the body cap, and the
/// count of requests in flight (for graceful shutdown).
///
/// `@unchecked Sendable`: the mutable counters are guarded by `lock`; the rest is immutable.
final class ServerContext: @unchecked Sendable {
    let handler: any HTTPHandler
    let maxBodyBytes: Int
    private let lock = NSLock()
    private var active = 0
    private var stopping = false

    init(handler: any HTTPHandler, maxBodyBytes: Int) {
        self.handler = handler
        self.maxBodyBytes = maxBodyBytes
    }

    var inFlight: Int { lock.withLock { active } }

    func requestStarted() { lock.withLock { active += 1 } }
    func requestEnded() { lock.withLock { active -= 1 } }

    /// Marks the server as stopping; false if it already was.
    func beginShutdown() -> Bool {
        lock.withLock {
            defer { stopping = true }
            return !stopping
        }
    }
}

/// One request's state between libmicrohttpd's calls: created on the first call, retained in
/// `*con_cls`, released when the request completes.
final class RequestState {
    var request: HTTPRequest
    var bodyTooLarge = false

    init(request: HTTPRequest) { self.request = request }
}
