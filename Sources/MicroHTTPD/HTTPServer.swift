internal import CMicroHTTPD
import Dispatch
import Errors
import Glibc
import Synchronization

/// An HTTP/1.1 server over libmicrohttpd: an epoll thread pool that reads each request, buffers
/// its body up to a cap (or streams it to an ``HTTPBodySink``) and calls an ``HTTPHandler``.
///
/// The server starts in `init` and stops in ``shutdown(gracePeriod:)`` or, at the latest, in
/// `deinit`. It is `Sendable`: its mutable daemon state sits behind a `Mutex`.
///
/// ``shutdown(gracePeriod:)`` blocks its thread, so an async caller runs it on a thread of its own.
public final class HTTPServer: Sendable {
    /// How the server listens and what it accepts.
    public struct Configuration: Sendable {
        /// Numeric address to bind: `127.0.0.1` (default), `0.0.0.0`, `::1`, `::`.
        public var address: String = "127.0.0.1"
        /// TCP port; 0 picks a free ephemeral port (read it back from ``HTTPServer/port``).
        public var port: Int = 0
        /// How connections are spread over threads; handlers run (and may block) on them.
        public var threading: Threading = .pool(Configuration.defaultThreadPoolSize)
        /// Idle connections are closed after this long; `.zero` disables the timeout.
        public var connectionTimeout: Duration = .seconds(60)
        /// Most connections open at once; further clients are refused.
        public var connectionLimit: Int = 1024
        /// Most connections open at once from one client address (0: no such limit), so one
        /// client cannot hold them all.
        public var perAddressConnectionLimit: Int = 64
        /// Most bytes of request bodies buffered at once across all connections; a request that
        /// would go over is answered 503 `server_busy` (before its body when it declares a length).
        public var bodyMemoryBudget: Int = 256 << 20
        /// Largest buffered request body; a larger one is answered 413 `body_too_large`.
        public var maxBodyBytes: Int = 16 << 20
        /// Largest body streamed to an ``HTTPBodySink``; a larger one aborts the sink with 413.
        public var maxUploadBytes: UInt64 = 64 << 30
        /// Memory libmicrohttpd may use per connection for headers and read buffers.
        public var connectionMemoryLimit: Int = 128 << 10
        /// Backlog of the listening socket.
        public var listenBacklog: Int = 511
        /// The certificate and key to serve HTTPS with; `nil` serves plain HTTP.
        public var tls: TLSCredentials?

        /// A configuration with the production defaults; set the fields that differ.
        public init() {}

        /// How connections are spread over threads.
        public enum Threading: Sendable, Equatable {
            /// This many threads, each an epoll loop serving many connections: a handler that
            /// blocks holds up the other connections of its thread.
            case pool(Int)
            /// A thread for each connection (waiting with poll(2), so descriptors above 1,024
            /// work): a handler that blocks, on a stalled database say, holds up only its own.
            case perConnection
        }

        /// The number of online processor cores (at least 1).
        public static var defaultThreadPoolSize: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

        func validate() throws {
            func check(_ ok: Bool, _ message: String) throws {
                guard ok else { throw HTTPServerError(code: .invalidConfiguration, message: message) }
            }
            try check((0...65535).contains(port), "port must be in 0...65535, got \(port)")
            if case .pool(let size) = threading { try check(size >= 1, "a thread pool needs at least 1 thread") }
            try check(connectionLimit >= 1, "connectionLimit must be at least 1")
            try check(perAddressConnectionLimit >= 0, "perAddressConnectionLimit must not be negative")
            try check(bodyMemoryBudget >= maxBodyBytes, "bodyMemoryBudget must hold at least one largest body")
            try check(maxBodyBytes >= 0, "maxBodyBytes must not be negative")
            try check(connectionMemoryLimit >= 8 << 10, "connectionMemoryLimit must be at least 8 KiB")
            try check(connectionTimeout >= .zero, "connectionTimeout must not be negative")
        }
    }

    /// What the daemon owns while it runs.
    private struct Running {
        var daemon: OpaquePointer
        var listenFD: Int32
        var credentials: TLSCredentials.CStrings?
    }

    /// The TCP port the server is bound to (the ephemeral one when configured with port 0).
    public let port: Int
    private let context: ServerContext
    private let running: Mutex<Running?>

    /// Whether the server speaks HTTPS.
    public let isTLS: Bool

    /// Raises the process's open-file limit to its hard limit, binds the address, starts the daemon
    /// and begins serving `handler`.
    /// - Throws: ``HTTPServerError`` `invalid_configuration`, `bind_failed` (with the `errno`
    ///   text, e.g. port in use) or `start_failed` (also for a certificate or key GnuTLS refuses).
    public init(configuration: Configuration, handler: any HTTPHandler) throws {
        try configuration.validate()
        Self.raiseDescriptorLimit()
        let listener = try ListeningSocket.open(
            address: configuration.address, port: configuration.port, backlog: configuration.listenBacklog)
        let context = ServerContext(handler: handler, configuration: configuration)
        let credentials = configuration.tls.map(TLSCredentials.CStrings.init)
        let daemon: OpaquePointer
        do {
            daemon = try MHD.startDaemon(
                listenFD: listener.fd, isIPv6: listener.isIPv6, configuration: configuration, credentials: credentials,
                context: context)
        } catch {
            close(listener.fd)
            credentials?.free()
            throw error
        }
        self.context = context
        self.isTLS = credentials != nil
        self.port = Int(MHD.boundPort(of: daemon))
        self.running = Mutex(Running(daemon: daemon, listenFD: listener.fd, credentials: credentials))
    }

    /// Raises the soft limit of open files to the hard limit, so that many slow clients do not
    /// starve the server (and its database connections) of descriptors. Harmless to repeat.
    public static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Requests currently being read or answered.
    public var inFlightRequests: Int { context.inFlight.load(ordering: .relaxed) }

    /// Stops gracefully: refuses new connections at once, lets requests already in flight finish
    /// for up to `gracePeriod`, then stops the daemon and closes every connection. Blocks the
    /// calling thread until done; later calls return at once.
    public func shutdown(gracePeriod: Duration = .seconds(10)) {
        guard
            let taken = running.withLock({ state in
                defer { state = nil }; return state
            })
        else { return }
        context.draining.store(true, ordering: .sequentiallyConsistent)
        let quiescedFD = MHD_quiesce_daemon(taken.daemon)
        // The socket stays open until the daemon has stopped (libmicrohttpd's rule), but leaving
        // the LISTEN state now makes new connections fail with "connection refused" at once.
        Glibc.shutdown(taken.listenFD, Int32(SHUT_RDWR))
        context.waitUntilDrained(upTo: gracePeriod)
        MHD_stop_daemon(taken.daemon)
        if quiescedFD >= 0 { close(quiescedFD) }
        close(taken.listenFD)
        taken.credentials?.free()
    }

    deinit {
        if let state = running.withLock({ $0 }) {
            MHD_stop_daemon(state.daemon)
            close(state.listenFD)
            state.credentials?.free()
        }
    }
}

/// What every callback of one server shares: the handler, limits and counters.
///
/// `Sendable`: immutable apart from atomics.
final class ServerContext: Sendable {
    let handler: any HTTPHandler
    let maxBodyBytes: UInt64
    let maxUploadBytes: UInt64
    /// Requests whose line has been read and whose completion has not yet been reported.
    let inFlight = Atomic<Int>(0)
    /// Set by ``HTTPServer/shutdown(gracePeriod:)``: responses then close their connections.
    let draining = Atomic<Bool>(false)
    /// Signalled when the last request in flight completes while draining.
    private let drained = DispatchSemaphore(value: 0)
    /// Whether answers go out over TLS (and so carry `Strict-Transport-Security`).
    let isTLS: Bool
    let bodyMemoryBudget: Int
    /// Bytes of request bodies being buffered now, across all connections.
    let bufferedBodyBytes = Atomic<Int>(0)

    init(handler: any HTTPHandler, configuration: HTTPServer.Configuration) {
        self.handler = handler
        self.maxBodyBytes = UInt64(configuration.maxBodyBytes)
        self.maxUploadBytes = configuration.maxUploadBytes
        self.isTLS = configuration.tls != nil
        self.bodyMemoryBudget = configuration.bodyMemoryBudget
    }

    /// Takes `bytes` of the body memory budget; `false` (taking nothing) when they do not fit.
    func reserveBodyBytes(_ bytes: Int) -> Bool {
        guard bufferedBodyBytes.add(bytes, ordering: .relaxed).newValue > bodyMemoryBudget else { return true }
        bufferedBodyBytes.subtract(bytes, ordering: .relaxed)
        return false
    }

    /// Gives back `bytes` taken by ``reserveBodyBytes(_:)``.
    func releaseBodyBytes(_ bytes: Int) {
        if bytes > 0 { bufferedBodyBytes.subtract(bytes, ordering: .relaxed) }
    }

    /// Called by the completion callback when a request is done.
    func requestCompleted() {
        // Sequentially consistent with the store of `draining` in `shutdown`: either the drain
        // sees no request left, or this sees `draining` and wakes it.
        let left = inFlight.subtract(1, ordering: .sequentiallyConsistent).newValue
        if left == 0 && draining.load(ordering: .sequentiallyConsistent) { drained.signal() }
    }

    /// Blocks until no request is in flight (woken by the last one's completion), or `timeout` passed.
    func waitUntilDrained(upTo timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        let deadline =
            DispatchTime.now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        // A request may end and another begin on a kept-alive connection: re-check after each wake.
        while inFlight.load(ordering: .sequentiallyConsistent) > 0, drained.wait(timeout: deadline) == .success {}
    }
}
