import Errors
import Glibc
import Synchronization

/// An open file region to send as a response body. Owns its descriptor: the server hands it to
/// libmicrohttpd (which closes it after sending); a body that is never sent closes it in `deinit`.
///
/// `Sendable` because the descriptor sits behind a `Mutex` and is taken at most once.
public final class HTTPFileBody: Sendable {
    /// Byte offset in the file where the body starts.
    public let offset: UInt64
    /// Number of bytes to send.
    public let length: UInt64
    private let descriptor: Mutex<Int32?>

    /// Opens `path` read-only and sends `length` bytes from `offset` (default: to the end).
    /// - Throws: ``HTTPServerError`` `file_open_failed` with the `errno` text, or when the
    ///   requested range lies outside the file or the path is not a regular file.
    public init(path: String, offset: UInt64 = 0, length: UInt64? = nil) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw HTTPServerError(code: .fileOpenFailed, message: "\(path): \(errnoText())")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw HTTPServerError(code: .fileOpenFailed, message: "\(path): not a regular file")
        }
        let size = UInt64(info.st_size)
        let available = offset <= size ? size - offset : 0
        guard offset <= size, (length ?? 0) <= available else {
            close(fd)
            throw HTTPServerError(code: .fileOpenFailed, message: "\(path): range outside the file (\(size) bytes)")
        }
        self.offset = offset
        self.length = length ?? available
        self.descriptor = Mutex(fd)
    }

    /// Hands the descriptor over to the caller, who must close it; `nil` if already taken.
    func takeDescriptor() -> Int32? {
        descriptor.withLock { fd in
            defer { fd = nil }
            return fd
        }
    }

    deinit {
        if let fd = takeDescriptor() { close(fd) }
    }
}
