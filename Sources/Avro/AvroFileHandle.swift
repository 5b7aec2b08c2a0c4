internal import CAvro
import Errors
internal import Foundation

/// A file opened for reading through avro-c's buffered reader; closes both in `deinit`.
final class AvroFileHandle {
    /// The open file.
    private let file: UnsafeMutablePointer<FILE>
    /// avro-c's reader over it.
    let reader: avro_reader_t
    /// The file's size in bytes when it was opened (`Int.max` if it cannot be told).
    let size: Int

    /// Opens the file at `path`.
    ///
    /// - Throws: ``AvroError`` `file_unreadable` when it cannot be opened.
    init(path: String) throws(AvroError) {
        guard let file = fopen(path, "rb") else {
            throw AvroError(.fileUnreadable, "Cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard let reader = avro_reader_file_fp(file, 0) else {
            fclose(file)
            throw AvroCall.failure(0, .fileUnreadable, "Cannot read \(path)")
        }
        var status = stat()
        self.size = fstat(fileno(file), &status) == 0 ? Int(status.st_size) : Int.max
        self.file = file
        self.reader = reader
    }

    deinit {
        avro_reader_free(reader)
        fclose(file)
    }
}
