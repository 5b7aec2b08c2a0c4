import DataDictionary
import Errors
import Foundation
import Loading

/// Writes rejected rows to a CSV file in the input's own shape: the raw record as it was received,
/// followed by four columns `line,column,rule,reason` (several reasons joined with `; `; see
/// `RejectedRow.csvLine`), so the file can be fixed and loaded again.
///
/// The file is appended to in step with the load's commits: `truncate(to:)` rewinds it to the size
/// recorded by the last committed batch when an interrupted load resumes.
final class RejectFileWriter {
    let path: String
    private let handle: FileHandle
    private(set) var size: Int64

    /// Opens (creating if needed) the reject file and cuts it to `size` bytes.
    init(path: String, truncatingTo size: Int64) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)  // opening it says why, if not
            }
            handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(size))
            try handle.seekToEnd()
        } catch {
            throw IngestError(code: .rejectFileUnwritable, message: "cannot write the reject file \(path): \(error)")
        }
        self.path = path
        self.size = size
    }

    deinit {
        try? handle.close()
    }

    /// Appends the rejected rows and flushes them to disk.
    func append(_ rows: [RejectedRow]) throws {
        guard !rows.isEmpty else { return }
        let bytes = rows.flatMap(\.csvLine)
        do {
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
        } catch {
            throw IngestError(code: .rejectFileUnwritable, message: "cannot write the reject file \(path): \(error)")
        }
        size += Int64(bytes.count)
    }
}
