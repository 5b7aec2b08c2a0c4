import Errors
import Glibc

/// Where a ``CSVReader`` gets its bytes: a chunk at a time, 0 meaning the end of the input.
protocol ByteSource: AnyObject {
    /// Fills the start of `buffer` with the next bytes and returns how many; 0 at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes already in memory, handed out in chunks as if they were a file.
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes[position..<(position + count)].withUnsafeBytes { buffer.copyMemory(from: $0) }
        position += count
        return count
    }
}

/// An open file read with plain `read(2)` calls; owns the descriptor and closes it in `deinit`.
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let path: String

    /// Opens `path` for reading, positioned at `offset`.
    init(path: String, offset: Int64) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(.fileUnreadable, path: path) }
        if offset != 0, lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
            let error = Self.error(.fileUnreadable, path: path)
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = Glibc.read(descriptor, base, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw Self.error(.ioError, path: path) }
        }
    }

    /// An error for the failed call that just returned, read from `errno` right away.
    private static func error(_ code: CSVReadError.Code, path: String) -> CSVReadError {
        CSVReadError(code, "\(path): \(String(cString: strerror(errno)))")
    }
}
