import Crypto
import Errors
import Foundation

/// The SHA-256 of a file, read in 1 MiB pieces (never the whole file in memory).
public enum FileDigest {
    /// The file's SHA-256 as lower-case hex, and its size in bytes.
    public static func sha256(path: String) throws -> (hex: String, bytes: Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestError(code: .fileUnreadable, message: "cannot open \(path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: Int64 = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                total += Int64(chunk.count)
            }
        } catch {
            throw IngestError(code: .fileUnreadable, message: "cannot read \(path): \(error)")
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), total)
    }
}
