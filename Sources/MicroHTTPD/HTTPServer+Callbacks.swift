internal import CMicroHTTPD
import Glibc
import Synchronization

// The C callbacks libmicrohttpd calls on its worker threads. Plain functions (never closures in
// main.swift, which Swift 6 would isolate to the main actor) that find their Swift owners through
// context pointers and delegate at once.

/// `MHD_OPTION_URI_LOG_CALLBACK`: the request line has arrived. Creates the request's state,
/// retained into `*con_cls` and counted in flight until ``requestCompleted`` releases it.
func requestStarted(
    _ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ connection: OpaquePointer?
) -> UnsafeMutableRawPointer? {
    guard let cls else { return nil }
    let server = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    server.inFlight.add(1, ordering: .relaxed)
    let state = RequestState(server: server, rawTarget: uri.map { String(cString: $0) } ?? "")
    return Unmanaged.passRetained(state).toOpaque()
}

/// `MHD_AccessHandlerCallback`: headers, then each body chunk, then the end of the body.
func handleAccess(
    _ cls: UnsafeMutableRawPointer?,
    _ connection: OpaquePointer?,
    _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?,
    _ version: UnsafePointer<CChar>?,
    _ uploadData: UnsafePointer<CChar>?,
    _ uploadDataSize: UnsafeMutablePointer<Int>?,
    _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let connection, let uploadDataSize, let stored = requestContext?.pointee else { return .NO }
    let state = Unmanaged<RequestState>.fromOpaque(stored).takeUnretainedValue()
    return state.handle(
        connection: connection,
        url: url.map { String(cString: $0) } ?? "",
        method: method.map { String(cString: $0) } ?? "",
        upload: uploadData,
        uploadSize: &uploadDataSize.pointee)
}

/// `MHD_OPTION_NOTIFY_COMPLETED`: the request is over (answered, or the client went away).
/// Aborts an unfinished sink and releases the request's state.
func requestCompleted(
    _ cls: UnsafeMutableRawPointer?,
    _ connection: OpaquePointer?,
    _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ reason: MHD_RequestTerminationCode
) {
    guard let requestContext, let stored = requestContext.pointee else { return }
    requestContext.pointee = nil
    let state = Unmanaged<RequestState>.fromOpaque(stored).takeRetainedValue()
    state.connectionEnded()
    if let cls {
        Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().requestCompleted()
    }
}

/// `MHD_OPTION_UNESCAPE_CALLBACK`: leaves percent escapes in place so the path and query can be
/// decoded strictly (malformed escapes answered with 400) by ``PercentDecoding``.
func keepEscaped(_ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ text: UnsafeMutablePointer<CChar>?)
    -> Int
{
    guard let text else { return 0 }
    return strlen(text)
}
