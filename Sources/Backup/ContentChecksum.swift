import Crypto
import Foundation
package import MariaDB

/// SHA-256 of rows in a canonical text form (values tab-separated, one row per line, as the
/// `mariadb` client prints them), the same whether computed while backing up or after a restore.
///
/// The text is gathered into a 64 KiB buffer and hashed a buffer at a time; the digest does not
/// depend on how the text is split.
package struct ContentChecksum {
    /// An empty checksum.
    package init() {}

    /// How much text is gathered before it is hashed.
    private static let chunk = 1 << 16
    /// "00" to "99", for writing two digits at a time.
    private static let digitPairs: [UInt8] = (0..<100).flatMap { (pair: Int) -> [UInt8] in
        [UInt8(48 + pair / 10), UInt8(48 + pair % 10)]
    }

    private var hasher = SHA256()
    /// Text not hashed yet, in its first `used` bytes.
    private var pending = [UInt8](repeating: 0, count: chunk)
    private var used = 0

    /// Adds one row.
    package mutating func add(_ row: [Value]) {
        for (index, value) in row.enumerated() {
            if index > 0 { write(9) }
            append(value)
        }
        write(10)
    }

    /// Adds one row read in place, with the same text ``add(_:)-([Value])`` gives its ``ResultRow/values``.
    package mutating func add(_ row: ResultRow) {
        for column in 0..<row.count {
            if column > 0 { write(9) }
            if row.isNull(column) {
                append(.null)
                continue
            }
            switch row.kind(column) {
            case .integer: appendDecimal(row.int64(column))
            case .text: row.withText(column) { write($0) }
            case .binary: write(row.bytes(column))
            case .floating: append(.double(row.double(column)))
            }
        }
        write(10)
    }

    /// Appends one value's text.
    private mutating func append(_ value: Value) {
        switch value {
        case .int(let number): appendDecimal(number)
        case .string(var text): text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
        case .bytes(let bytes): bytes.withUnsafeBytes { write($0) }
        default:
            var text = value.description
            text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Appends `number` in decimal, as `String(number)` writes it, without making a string: a backup formats
    /// millions of ids and keys here.
    private mutating func appendDecimal(_ number: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: a sign and 19 digits fit
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = number.magnitude
            var start = buffer.count
            Self.digitPairs.withUnsafeBufferPointer { pairs in
                while rest >= 10 {
                    let pair = Int(rest % 100)
                    rest /= 100
                    start -= 2
                    buffer[start] = pairs[2 * pair]
                    buffer[start + 1] = pairs[2 * pair + 1]
                }
            }
            if start == buffer.count || rest > 0 {
                start -= 1
                buffer[start] = 48 + UInt8(rest)
            }
            if number < 0 {
                start -= 1
                buffer[start] = 45
            }
            write(UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Appends one byte.
    @inline(__always)
    private mutating func write(_ byte: UInt8) {
        if used == pending.count { flush() }
        pending[used] = byte
        used += 1
    }

    /// Appends bytes, hashing the gathered text first when they do not fit.
    @inline(__always)
    private mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard used + bytes.count <= pending.count else {
            flush()
            if bytes.count > pending.count { return hasher.update(bufferPointer: bytes) }
            return write(bytes)
        }
        guard let source = bytes.baseAddress else { return }
        let offset = used
        pending.withUnsafeMutableBytes {
            $0.baseAddress!.advanced(by: offset).copyMemory(from: source, byteCount: bytes.count)
        }
        used += bytes.count
    }

    /// Hashes the gathered text.
    private mutating func flush() {
        let count = used
        pending.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        used = 0
    }

    /// The hex digest.
    package func finish() -> String {
        var copy = self
        copy.flush()
        return hexString(copy.hasher.finalize())
    }
}
