internal import CMicroHTTPD
import Errors
import Glibc

/// The one place that calls libmicrohttpd: starts daemons, reads request values, builds and
/// queues responses. Everything here runs on the calling (worker) thread.
enum MHD {
    /// Starts a daemon (an epoll thread pool, or a thread per connection) on an already listening socket. The daemon gets its own
    /// duplicate of `listenFD`, so the caller keeps owning (and must close) `listenFD`.
    static func startDaemon(
        listenFD: Int32,
        isIPv6: Bool,
        configuration: HTTPServer.Configuration,
        credentials: TLSCredentials.CStrings?,
        context: ServerContext
    ) throws -> OpaquePointer {
        let daemonFD = dup(listenFD)
        guard daemonFD >= 0 else {
            throw HTTPServerError(code: .startFailed, message: "dup of the listening socket: \(errnoText())")
        }
        var flags = MHD_USE_ITC.rawValue
        if isIPv6 { flags |= MHD_USE_IPv6.rawValue }
        let contextPointer = OpaquePointer(Unmanaged.passUnretained(context).toOpaque())
        let completed: MHD_RequestCompletedCallback = requestCompleted
        let uriLog: URILogCallback = requestStarted
        let unescape: UnescapeCallback = keepEscaped
        let timeout = configuration.connectionTimeout.components
        let timeoutSeconds = UInt32(clamping: timeout.seconds + (timeout.attoseconds > 0 ? 1 : 0))
        var options: [any CVarArg] = [
            option(.LISTEN_SOCKET), daemonFD,
            option(.CONNECTION_TIMEOUT), timeoutSeconds,
            option(.CONNECTION_LIMIT), UInt32(clamping: configuration.connectionLimit),
            option(.PER_IP_CONNECTION_LIMIT), UInt32(clamping: configuration.perAddressConnectionLimit),
            option(.CONNECTION_MEMORY_LIMIT), configuration.connectionMemoryLimit,
            option(.NOTIFY_COMPLETED), unsafeBitCast(completed, to: OpaquePointer.self), contextPointer,
            option(.URI_LOG_CALLBACK), unsafeBitCast(uriLog, to: OpaquePointer.self), contextPointer,
            option(.UNESCAPE_CALLBACK), unsafeBitCast(unescape, to: OpaquePointer.self), contextPointer,
        ]
        switch configuration.threading {
        case .pool(let size):
            flags |= MHD_USE_EPOLL_INTERNAL_THREAD.rawValue
            options += [option(.THREAD_POOL_SIZE), UInt32(clamping: size)]
        case .perConnection:
            flags |= MHD_USE_THREAD_PER_CONNECTION.rawValue | MHD_USE_POLL_INTERNAL_THREAD.rawValue
        }
        if let credentials {
            flags |= MHD_USE_TLS.rawValue
            options += [
                option(.HTTPS_MEM_CERT), OpaquePointer(credentials.certificate),
                option(.HTTPS_MEM_KEY), OpaquePointer(credentials.privateKey),
            ]
        }
        options.append(option(.END))
        let daemon = withVaList(options) { arguments in
            MHD_start_daemon_va(
                flags, UInt16(clamping: configuration.port), nil, nil, handleAccess,
                UnsafeMutableRawPointer(contextPointer), arguments)
        }
        guard let daemon else {
            // libmicrohttpd closes the socket it was given on most, but not all, failure paths.
            throw HTTPServerError(
                code: .startFailed,
                message:
                    "MHD_start_daemon failed (threads, options, or a TLS certificate or key GnuTLS refused)")
        }
        return daemon
    }

    private static func option(_ option: MHD_OPTION) -> UInt32 { option.rawValue }

    /// The port the daemon is bound to.
    static func boundPort(of daemon: OpaquePointer) -> UInt16 {
        CMicroHTTPD_get_daemon_info_bind_port(daemon)
    }

    /// The client's numeric address.
    static func clientAddress(of connection: OpaquePointer) -> String {
        ListeningSocket.numericHost(CMicroHTTPD_get_connection_info_client_address(connection))
    }

    /// The request header fields in arrival order.
    static func headers(of connection: OpaquePointer) -> [(name: String, value: String)] {
        values(of: connection, kind: .HEADER_KIND)
    }

    /// The query arguments in order, with `+` turned into spaces but percent escapes kept
    /// (the daemon's unescape callback is ``keepEscaped``).
    static func queryArguments(of connection: OpaquePointer) -> [(name: String, value: String)] {
        values(of: connection, kind: .GET_ARGUMENT_KIND)
    }

    /// One header's value, or `nil`.
    static func header(_ name: String, of connection: OpaquePointer) -> String? {
        MHD_lookup_connection_value(connection, .HEADER_KIND, name).map { String(cString: $0) }
    }

    private static func values(of connection: OpaquePointer, kind: MHD_ValueKind) -> [(name: String, value: String)] {
        let collector = PairCollector()
        withExtendedLifetime(collector) {
            _ = MHD_get_connection_values(
                connection, kind, collectPair, Unmanaged.passUnretained(collector).toOpaque())
        }
        return collector.pairs
    }

    /// Queues `response` on `connection` and releases the libmicrohttpd response object.
    /// Returns `.NO` (which makes libmicrohttpd close the connection) if it cannot be queued.
    static func queue(_ response: HTTPResponse, on connection: OpaquePointer, closeConnection: Bool) -> MHD_Result {
        guard let handle = makeResponse(response.body) else { return .NO }
        defer { MHD_destroy_response(handle) }
        for field in response.headers where !isFramingField(field.name) {
            // Refused (.NO) for names or values with CR/LF: such a field is dropped, not sent.
            _ = MHD_add_response_header(handle, field.name, field.value)
        }
        if closeConnection { _ = MHD_add_response_header(handle, "Connection", "close") }
        let status = (100...999).contains(response.status) ? response.status : 500
        return MHD_queue_response(connection, UInt32(status), handle)
    }

    private static func isFramingField(_ name: String) -> Bool {
        HTTPHeaders.namesMatch(name, "Content-Length") || HTTPHeaders.namesMatch(name, "Transfer-Encoding")
    }

    private static func makeResponse(_ body: HTTPResponse.Body) -> OpaquePointer? {
        switch body {
        case .bytes(let bytes):
            return bytes.withUnsafeBytes { buffer in
                MHD_create_response_from_buffer(
                    buffer.count, UnsafeMutableRawPointer(mutating: buffer.baseAddress), .RESPMEM_MUST_COPY)
            }
        case .file(let file):
            guard let fd = file.takeDescriptor() else { return nil }
            guard let handle = MHD_create_response_from_fd_at_offset64(file.length, fd, file.offset) else {
                close(fd)
                return nil
            }
            return handle
        case .stream(let next):
            let source = Unmanaged.passRetained(ResponseStream(next: next))
            guard
                let handle = MHD_create_response_from_callback(
                    UInt64.max, ResponseStream.blockSize, readStream, source.toOpaque(), releaseStream)
            else {
                source.release()
                return nil
            }
            return handle
        }
    }
}

/// `void *(*)(void *cls, const char *uri, struct MHD_Connection *con)`
typealias URILogCallback =
    @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?) -> UnsafeMutableRawPointer?
/// `size_t (*)(void *cls, struct MHD_Connection *c, char *s)`
typealias UnescapeCallback =
    @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafeMutablePointer<CChar>?) -> Int

/// Gathers `(name, value)` pairs from `MHD_get_connection_values`.
private final class PairCollector {
    var pairs: [(name: String, value: String)] = []
}

private func collectPair(
    _ cls: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind, _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let cls, let key else { return .YES }
    let collector = Unmanaged<PairCollector>.fromOpaque(cls).takeUnretainedValue()
    collector.pairs.append((name: String(cString: key), value: value.map { String(cString: $0) } ?? ""))
    return .YES
}
