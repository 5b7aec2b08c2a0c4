internal import CMicroHTTPD
import Foundation

/// libmicrohttpd's access handler: called first with the head, then with each piece of the body,
/// then once more (size 0) to answer.
func accessHandler(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?, _ uploadData: UnsafePointer<CChar>?,
    _ uploadSize: UnsafeMutablePointer<Int>?, _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let state, let uploadSize else { return .NO }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    guard let existing = state.pointee else {
        let request = HTTPRequest(
            method: method.map { String(cString: $0) } ?? "GET", path: url.map { String(cString: $0) } ?? "/",
            query: pairs(connection, .GET_ARGUMENT_KIND), headers: headers(connection), body: [])
        let requestState = RequestState(request: request)
        context.requestStarted()
        state.pointee = Unmanaged.passRetained(requestState).toOpaque()
        if let length = request.headers["content-length"].flatMap(Int.init), length > context.maxBodyBytes {
            requestState.bodyTooLarge = true
            return queue(tooLarge(context.maxBodyBytes), on: connection)
        }
        return .YES
    }
    let requestState = Unmanaged<RequestState>.fromOpaque(existing).takeUnretainedValue()
    if uploadSize.pointee > 0 {
        if !requestState.bodyTooLarge, let uploadData {
            if requestState.request.body.count + uploadSize.pointee > context.maxBodyBytes {
                requestState.bodyTooLarge = true
                requestState.request.body = []
            } else {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: uploadSize.pointee) {
                    requestState.request.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: uploadSize.pointee))
                }
            }
        }
        uploadSize.pointee = 0
        return .YES
    }
    if requestState.bodyTooLarge { return queue(tooLarge(context.maxBodyBytes), on: connection) }
    return queue(context.handler.handle(requestState.request), on: connection)
}

/// Called when a request is over (answered, or the client went away): frees its state.
func requestCompleted(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ code: MHD_RequestTerminationCode
) {
    guard let cls, let state, let existing = state.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(existing).release()
    state.pointee = nil
    Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().requestEnded()
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    var body = response.body
    let created = body.withUnsafeMutableBytes {
        MHD_create_response_from_buffer($0.count, $0.baseAddress, .RESPMEM_MUST_COPY)
    }
    guard let created else { return .NO }
    defer { MHD_destroy_response(created) }
    for (name, value) in response.headers where !name.contains("\0") && !value.contains("\0") {
        _ = MHD_add_response_header(created, name, value)
    }
    return MHD_queue_response(connection, UInt32(response.status), created)
}

private func tooLarge(_ limit: Int) -> HTTPResponse {
    let message = #"{"error":{"code":"body_too_large","message":"the body is larger than \#(limit) bytes","details":{"max_bytes":"\#(limit)"}}}"#
    return HTTPResponse(status: 413, headers: [("Content-Type", "application/json")], body: Array(message.utf8))
}

private func headers(_ connection: OpaquePointer) -> [String: String] {
    var result: [String: String] = [:]
    for (name, value) in pairs(connection, .HEADER_KIND) {
        let key = name.lowercased()
        result[key] = result[key].map { $0 + ", " + value } ?? value
    }
    return result
}

/// The connection's key/value pairs of one kind (headers, query arguments), in order.
private func pairs(_ connection: OpaquePointer, _ kind: MHD_ValueKind) -> [(name: String, value: String)] {
    let collector = PairCollector()
    let unmanaged = Unmanaged.passRetained(collector)
    defer { unmanaged.release() }
    _ = MHD_get_connection_values(connection, kind, collectPair, unmanaged.toOpaque())
    return collector.pairs
}

private final class PairCollector {
    var pairs: [(name: String, value: String)] = []
}

private func collectPair(
    _ cls: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind, _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let cls, let key else { return .YES }
    let collector = Unmanaged<PairCollector>.fromOpaque(cls).takeUnretainedValue()
    collector.pairs.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
    return .YES
}
