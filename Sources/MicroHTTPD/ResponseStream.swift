/// Feeds a generated (``HTTPResponse/Body/stream(_:)``) body to libmicrohttpd's content reader:
/// keeps the unsent rest of the last chunk between calls. Retained by the MHD response object and
/// released by ``releaseStream`` when that response is destroyed.
final class ResponseStream {
    /// Buffer size libmicrohttpd asks to fill per call.
    static let blockSize = 64 << 10

    private let next: @Sendable () throws -> [UInt8]?
    private var pending: [UInt8] = []
    private var pendingOffset = 0

    init(next: @escaping @Sendable () throws -> [UInt8]?) {
        self.next = next
    }

    /// Copies up to `capacity` bytes into `buffer`; returns the count, or `nil` at end of stream.
    /// Rethrows what the generator throws.
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) throws -> Int? {
        while pendingOffset == pending.count {
            guard let chunk = try next() else { return nil }
            pending = chunk
            pendingOffset = 0
        }
        let count = min(capacity, pending.count - pendingOffset)
        pending.withUnsafeBytes { source in
            if let base = source.baseAddress { buffer.copyMemory(from: base + pendingOffset, byteCount: count) }
        }
        pendingOffset += count
        return count
    }
}

/// `MHD_ContentReaderCallback`: returns bytes written, -1 (`MHD_CONTENT_READER_END_OF_STREAM`), or
/// -2 (`MHD_CONTENT_READER_END_WITH_ERROR`: the connection is closed, the body left unfinished) when
/// the generator throws.
func readStream(
    _ cls: UnsafeMutableRawPointer?, _ position: UInt64, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int
) -> Int {
    guard let cls, let buffer, capacity > 0 else { return -2 }
    let stream = Unmanaged<ResponseStream>.fromOpaque(cls).takeUnretainedValue()
    do {
        return try stream.read(into: UnsafeMutableRawPointer(buffer), capacity: capacity) ?? -1
    } catch {
        return -2
    }
}

/// `MHD_ContentReaderFreeCallback`: drops the stream's retain.
func releaseStream(_ cls: UnsafeMutableRawPointer?) {
    guard let cls else { return }
    Unmanaged<ResponseStream>.fromOpaque(cls).release()
}
