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

    /// Owns the gathered text's memory; a copy of the checksum gets its own before it writes.
    private final class Buffer {
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: ContentChecksum.chunk, alignment: 8)
        /// "00" to "99", for writing numbers two digits at a time.
        let digitPairs = UnsafeMutablePointer<UInt8>.allocate(capacity: 200)

        init() {
            for pair in 0..<100 {
                digitPairs[2 * pair] = 48 + UInt8(pair / 10)
                digitPairs[2 * pair + 1] = 48 + UInt8(pair % 10)
            }
        }

        deinit {
            bytes.deallocate()
            digitPairs.deallocate()
        }
    }

    private var hasher = SHA256()
    /// Text not hashed yet, in its first `used` bytes.
    private var buffer = Buffer()
    private var used = 0

    /// Adds one row.
    package mutating func add(_ row: [Value]) {
        makeUnique()
        for (index, value) in row.enumerated() {
            if index > 0 { write(9) }
            append(value)
        }
        write(10)
    }

    /// Adds one row read in place, with the same text ``add(_:)-([Value])`` gives its ``ResultRow/values``.
    package mutating func add(_ row: ResultRow) {
        makeUnique()
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
        withUnsafeMutableBytes(of: &digits) { digits in
            let pairs = buffer.digitPairs
            var rest = number.magnitude
            var start = digits.count
            while rest >= 10 {
                let pair = 2 * Int(truncatingIfNeeded: rest % 100)
                rest /= 100
                start -= 2
                digits[start] = pairs[pair]
                digits[start + 1] = pairs[pair + 1]
            }
            if start == digits.count || rest > 0 {
                start -= 1
                digits[start] = 48 + UInt8(truncatingIfNeeded: rest)
            }
            if number < 0 {
                start -= 1
                digits[start] = 45
            }
            write(UnsafeRawBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Gives this checksum a buffer of its own if a copy shares it.
    private mutating func makeUnique() {
        guard !isKnownUniquelyReferenced(&buffer) else { return }
        let copy = Buffer()
        copy.bytes.copyMemory(from: buffer.bytes, byteCount: used)
        buffer = copy
    }

    /// Appends one byte.
    @inline(__always)
    private mutating func write(_ byte: UInt8) {
        if used == Self.chunk { flush() }
        buffer.bytes.storeBytes(of: byte, toByteOffset: used, as: UInt8.self)
        used += 1
    }

    /// Appends bytes, hashing the gathered text first when they do not fit.
    @inline(__always)
    private mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard used + bytes.count <= Self.chunk else {
            flush()
            if bytes.count > Self.chunk { return hasher.update(bufferPointer: bytes) }
            return write(bytes)
        }
        guard let source = bytes.baseAddress else { return }
        (buffer.bytes + used).copyMemory(from: source, byteCount: bytes.count)
        used += bytes.count
    }

    /// Hashes the gathered text.
    private mutating func flush() {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer.bytes, count: used))
        used = 0
    }

    /// The hex digest.
    package func finish() -> String {
        var copy = self
        copy.flush()
        return hexString(copy.hasher.finalize())
    }
}
