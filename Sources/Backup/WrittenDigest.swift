import Crypto
import Foundation

/// The SHA-256 and size of a file computed from its bytes as they are written (``AvroFileWriter``'s
/// `onWrite`), so the finished file is not read back to hash it. Used by one writing thread at a time.
final class WrittenDigest {
    private var hasher = SHA256()
    /// The bytes seen so far.
    private(set) var bytes: Int64 = 0

    /// Adds the next piece of the file.
    func update(_ piece: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: piece)
        bytes += Int64(piece.count)
    }

    /// The SHA-256 of everything seen, as lower-case hex.
    var hex: String { hexString(hasher.finalize()) }
}

/// `digest` as lower-case hex.
func hexString(_ digest: SHA256.Digest) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
}
