import Crypto
import Errors
import Foundation

/// The SHA-256 (or another digest) of a file, read in 1 MiB pieces (never the whole file in memory).
public enum FileDigest {
    /// A digest algorithm: the one backups record, and those remotes keep (S3's MD5, SFTP's SHA-1).
    public enum Algorithm: String, Sendable, CaseIterable {
        /// SHA-256.
        case sha256
        /// MD5.
        case md5
        /// SHA-1.
        case sha1
    }

    /// The file's SHA-256 as lower-case hex, and its size in bytes.
    public static func sha256(path: String) throws -> (hex: String, bytes: Int64) {
        try digest(.sha256, path: path)
    }

    /// The file's digest by `algorithm` as lower-case hex, and its size in bytes.
    public static func digest(_ algorithm: Algorithm, path: String) throws -> (hex: String, bytes: Int64) {
        switch algorithm {
        case .sha256: try digest(SHA256.self, path: path)
        case .md5: try digest(Insecure.MD5.self, path: path)
        case .sha1: try digest(Insecure.SHA1.self, path: path)
        }
    }

    private static func digest<Function: HashFunction>(_ function: Function.Type, path: String) throws
        -> (hex: String, bytes: Int64)
    {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestError(code: .fileUnreadable, message: "cannot open \(path)")
        }
        defer { try? handle.close() }
        var hasher = Function()
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
