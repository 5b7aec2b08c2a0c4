import Crypto
import Foundation
package import MariaDB

/// SHA-256 of rows in a canonical text form (values tab-separated, one row per line, as the
/// `mariadb` client prints them), the same whether computed while backing up or after a restore.
///
/// Rows are gathered into a 64 KiB buffer and hashed a buffer at a time; the digest does not depend
/// on how the text is split.
package struct ContentChecksum {
    /// An empty checksum.
    package init() {
        pending.reserveCapacity(Self.chunk + 4096)
    }

    /// How much text is gathered before it is hashed.
    private static let chunk = 1 << 16

    private var hasher = SHA256()
    /// Text not hashed yet: whole rows.
    private var pending: [UInt8] = []

    /// Adds one row.
    package mutating func add(_ row: [Value]) {
        for (index, value) in row.enumerated() {
            if index > 0 { pending.append(9) }
            append(value)
        }
        endRow()
    }

    /// Adds one row read in place, with the same text ``add(_:)-([Value])`` gives its ``ResultRow/values``.
    package mutating func add(_ row: ResultRow) {
        for column in 0..<row.count {
            if column > 0 { pending.append(9) }
            if row.isNull(column) {
                append(.null)
                continue
            }
            switch row.kind(column) {
            case .integer: appendDecimal(row.int64(column))
            case .text: row.withText(column) { pending.append(contentsOf: $0) }
            case .binary: pending.append(contentsOf: row.bytes(column))
            case .floating: append(.double(row.double(column)))
            }
        }
        endRow()
    }

    /// Appends one value's text.
    private mutating func append(_ value: Value) {
        switch value {
        case .int(let number): appendDecimal(number)
        case .string(let text): pending.append(contentsOf: text.utf8)
        case .bytes(let bytes): pending.append(contentsOf: bytes)
        default: pending.append(contentsOf: value.description.utf8)
        }
    }

    /// Ends a row; hashes the text gathered once there is a chunk of it.
    private mutating func endRow() {
        pending.append(10)
        if pending.count >= Self.chunk {
            pending.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Appends `number` in decimal, as `String(number)` writes it, without making a string: a backup formats
    /// millions of ids and keys here.
    private mutating func appendDecimal(_ number: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: a sign and 19 digits fit
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = number.magnitude
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = 48 + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if number < 0 {
                start -= 1
                buffer[start] = 45
            }
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// The hex digest.
    package func finish() -> String {
        var hasher = hasher
        pending.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hexString(hasher.finalize())
    }
}
