internal import CMicroHTTPD
import Foundation

/// An HTTP/1.1 server on libmicrohttpd, owning its daemon (stopped in `deinit`).
///
/// Connections are served by an epoll thread pool; a request's body is gathered (up to
/// `maxBodyBytes`, past which the answer is 413 without reading more) and handed to the handler
/// on the pool thread that owns the connection.
///
/// `@unchecked Sendable`: the daemon handle is only used by `shutdown` and `deinit`, and libmicrohttpd
/// makes quiesce and stop safe from any thread; `ServerContext` guards its own state.
public final class HTTPServer: @unchecked Sendable {
    /// How the server listens and how much it accepts.
    public struct Configuration: Sendable {
        /// The IPv4 address to listen on.
        public var bindAddress = "127.0.0.1"
        /// The port; 0 picks a free one (read it back from `port`).
        public var port = 0
        /// Worker threads.
        public var threads = max(ProcessInfo.processInfo.activeProcessorCount, 2)
        /// Seconds an idle connection is kept.
        public var connectionTimeoutSeconds = 30
        /// Most bytes of a request body.
        public var maxBodyBytes = 16 << 20

        /// The defaults.
        public init() {}
    }

    private let daemon: OpaquePointer
    private let context: ServerContext
    /// The port the server listens on.
    public let port: Int

    /// Starts listening.
    public init(configuration: Configuration, handler: any HTTPHandler) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(configuration.port).bigEndian)
        guard inet_pton(AF_INET, configuration.bindAddress, &address.sin_addr) == 1 else {
            throw HTTPServerError(code: "bind_failed", message: "'\(configuration.bindAddress)' is not an IPv4 address")
        }
        let context = ServerContext(handler: handler, maxBodyBytes: configuration.maxBodyBytes)
        let contextPointer = Unmanaged.passUnretained(context).toOpaque()
        let flags = MHD_USE_EPOLL_INTERNAL_THREAD.rawValue | MHD_USE_ITC.rawValue | MHD_USE_ERROR_LOG.rawValue
        let started: OpaquePointer? = withUnsafePointer(to: &address) { addressPointer in
            let arguments: [any CVarArg] = [
                MHD_OPTION.THREAD_POOL_SIZE.rawValue, UInt32(configuration.threads),
                MHD_OPTION.CONNECTION_TIMEOUT.rawValue, UInt32(configuration.connectionTimeoutSeconds),
                MHD_OPTION.SOCK_ADDR.rawValue, OpaquePointer(addressPointer),
                MHD_OPTION.NOTIFY_COMPLETED.rawValue, unsafeBitCast(requestCompleted as MHD_RequestCompletedCallback, to: OpaquePointer.self), OpaquePointer(contextPointer),
                MHD_OPTION.END.rawValue,
            ]
            return withVaList(arguments) { list in
                MHD_start_daemon_va(flags, UInt16(configuration.port), nil, nil, accessHandler, contextPointer, list)
            }
        }
        guard let started else {
            throw HTTPServerError(
                code: "bind_failed",
                message: "cannot listen on \(configuration.bindAddress):\(configuration.port): \(String(cString: strerror(errno)))")
        }
        daemon = started
        self.context = context
        port = Int(CMicroHTTPD_bound_port(started))
    }

    /// Stops accepting connections, lets requests in flight finish (up to `gracePeriod`), then stops.
    public func shutdown(gracePeriod: Duration = .seconds(10)) {
        guard context.beginShutdown() else { return }
        let listener = MHD_quiesce_daemon(daemon)
        if listener >= 0 { close(listener) }
        let deadline = ContinuousClock.now + gracePeriod
        while context.inFlight > 0 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        MHD_stop_daemon(daemon)
    }

    deinit {
        if context.beginShutdown() { MHD_stop_daemon(daemon) }
    }
}
