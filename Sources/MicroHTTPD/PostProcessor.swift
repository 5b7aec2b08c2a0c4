internal import CMicroHTTPD

/// Owns an `MHD_PostProcessor` that strips `multipart/form-data` framing and hands each field's
/// bytes, with its name, filename and content type, to a sink.
final class PostProcessor {
    /// Size of libmicrohttpd's parse buffer (also the most a text field is held before delivery).
    private static let bufferSize = 64 << 10

    private var handle: OpaquePointer?
    private let sink: any HTTPBodySink
    /// What the sink threw, if it did; parsing stops then.
    private(set) var sinkError: (any Error)?

    /// Creates a processor for the request on `connection`, or returns `nil` when libmicrohttpd
    /// cannot parse its content type (e.g. multipart without a boundary).
    init?(connection: OpaquePointer, sink: any HTTPBodySink) {
        self.sink = sink
        handle = nil
        guard
            let created = MHD_create_post_processor(
                connection, Self.bufferSize, deliverFormData, Unmanaged.passUnretained(self).toOpaque())
        else { return nil }
        handle = created
    }

    /// Parses the next chunk of the body. Returns `false` when the framing is broken or the sink
    /// threw (then ``sinkError`` is set).
    func process(_ data: UnsafePointer<CChar>, count: Int) -> Bool {
        MHD_post_process(handle, data, count) == .YES
    }

    /// Ends parsing; returns `false` when the body ended in the middle of the framing.
    func finish() -> Bool {
        guard let handle else { return false }
        self.handle = nil
        return MHD_destroy_post_processor(handle) == .YES
    }

    fileprivate func deliver(_ part: HTTPFormPart, _ bytes: [UInt8]) -> MHD_Result {
        guard sinkError == nil else { return .NO }
        do {
            try sink.write(bytes, part: part)
            return .YES
        } catch {
            sinkError = error
            return .NO
        }
    }

    deinit {
        if let handle { _ = MHD_destroy_post_processor(handle) }
    }
}

/// `MHD_PostDataIterator`: turns one piece of a form field into an ``HTTPFormPart`` chunk.
private func deliverFormData(
    _ cls: UnsafeMutableRawPointer?,
    _ kind: MHD_ValueKind,
    _ key: UnsafePointer<CChar>?,
    _ filename: UnsafePointer<CChar>?,
    _ contentType: UnsafePointer<CChar>?,
    _ transferEncoding: UnsafePointer<CChar>?,
    _ data: UnsafePointer<CChar>?,
    _ offset: UInt64,
    _ size: Int
) -> MHD_Result {
    guard let cls else { return .NO }
    let processor = Unmanaged<PostProcessor>.fromOpaque(cls).takeUnretainedValue()
    let part = HTTPFormPart(
        name: key.map { String(cString: $0) } ?? "",
        filename: filename.map { String(cString: $0) },
        contentType: contentType.map { String(cString: $0) },
        offset: offset)
    let bytes = data.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
    return processor.deliver(part, bytes)
}
