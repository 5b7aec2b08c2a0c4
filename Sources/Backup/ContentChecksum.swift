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
        /// 10^0 to 10^19, for counting a number's digits.
        let powersOfTen = UnsafeMutablePointer<UInt64>.allocate(capacity: 20)

        init() {
            var power: UInt64 = 1
            for exponent in 0..<20 {
                powersOfTen[exponent] = power
                power &*= 10
            }
            for pair in 0..<100 {
                digitPairs[2 * pair] = 48 + UInt8(pair / 10)
                digitPairs[2 * pair + 1] = 48 + UInt8(pair % 10)
            }
        }

        deinit {
            bytes.deallocate()
            digitPairs.deallocate()
            powersOfTen.deallocate()
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
    ///
    /// A backup adds millions of rows here, so each cell is written straight into the gathered text: integers
    /// formatted in place, text copied once, with a tab before every cell but the first.
    package mutating func add(_ row: ResultRow) {
        makeUnique()
        for column in 0..<row.count {
            let tab = column > 0
            if row.isNull(column) {
                if tab { write(9) }
                append(.null)
                continue
            }
            switch row.kind(column) {
            case .integer: appendDecimal(row.int64(column), tab: tab)
            case .text: row.withText(column) { write($0, tab: tab) }
            case .binary: write(row.bytes(column), tab: tab)
            case .floating:
                if tab { write(9) }
                append(.double(row.double(column)))
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

    /// Appends `number` in decimal, as `String(number)` writes it, after a tab when `tab` is set, without making a
    /// string: a backup formats millions of ids and keys here.
    @inline(__always)
    private mutating func appendDecimal(_ number: Int64, tab: Bool = false) {
        let out = room(21)  // a tab, a sign and 19 digits
        var start = 0
        if tab {
            out.storeBytes(of: 9, as: UInt8.self)
            start = 1
        }
        if number < 0 {
            out.storeBytes(of: 45, toByteOffset: start, as: UInt8.self)
            start += 1
        }
        var rest = number.magnitude
        // The number of digits: floor(log10(2) * bits), one more when the number reaches the next power of ten.
        let estimate = ((64 - rest.leadingZeroBitCount) * 1233) >> 12
        var end = start + max(1, estimate + (rest >= buffer.powersOfTen[estimate] ? 1 : 0))
        used += end
        let pairs = buffer.digitPairs
        // Eight digits at a time from the right, each group in 32-bit arithmetic, then the rest two at a time.
        while rest >= 100_000_000 {
            var group = UInt32(truncatingIfNeeded: rest % 100_000_000)
            rest /= 100_000_000
            for _ in 0..<4 {
                let pair = 2 * Int(group % 100)
                group /= 100
                end -= 2
                out.storeBytes(of: pairs[pair], toByteOffset: end, as: UInt8.self)
                out.storeBytes(of: pairs[pair + 1], toByteOffset: end + 1, as: UInt8.self)
            }
        }
        var group = UInt32(truncatingIfNeeded: rest)
        while group >= 10 {
            let pair = 2 * Int(group % 100)
            group /= 100
            end -= 2
            out.storeBytes(of: pairs[pair], toByteOffset: end, as: UInt8.self)
            out.storeBytes(of: pairs[pair + 1], toByteOffset: end + 1, as: UInt8.self)
        }
        if end > start {
            out.storeBytes(of: 48 + UInt8(truncatingIfNeeded: group), toByteOffset: start, as: UInt8.self)
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

    /// Appends bytes after a tab when `tab` is set.
    @inline(__always)
    private mutating func write(_ bytes: UnsafeRawBufferPointer, tab: Bool) {
        guard bytes.count < Self.chunk, let source = bytes.baseAddress else {
            if tab { write(9) }
            return write(bytes)
        }
        let out = room(bytes.count + 1)
        if tab { out.storeBytes(of: 9, as: UInt8.self) }
        let start = tab ? 1 : 0
        (out + start).copyMemory(from: source, byteCount: bytes.count)
        used += start + bytes.count
    }

    /// Where the next `count` bytes (at most ``chunk``) of text go, hashing the gathered text first when they do
    /// not fit; the caller adds what it writes to `used`.
    @inline(__always)
    private mutating func room(_ count: Int) -> UnsafeMutableRawPointer {
        if used + count > Self.chunk { flush() }
        return buffer.bytes + used
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
