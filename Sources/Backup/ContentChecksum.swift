import Crypto
import Foundation
package import MariaDB

/// SHA-256 of rows in a canonical text form (values tab-separated, one row per line, as the
/// `mariadb` client prints them), the same whether computed while backing up or after a restore.
package struct ContentChecksum {
    /// An empty checksum.
    package init() {}

    private var hasher = SHA256()
    private var line: [UInt8] = []

    /// Adds one row.
    package mutating func add(_ row: [Value]) {
        line.removeAll(keepingCapacity: true)
        for (index, value) in row.enumerated() {
            if index > 0 { line.append(9) }
            switch value {
            case .int(let number): appendDecimal(number)
            case .string(let text): line.append(contentsOf: text.utf8)
            case .bytes(let bytes): line.append(contentsOf: bytes)
            default: line.append(contentsOf: value.description.utf8)
            }
        }
        line.append(10)
        line.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    /// Appends `number` in decimal, as `String(number)` writes it, without making a string: a backup formats
    /// millions of ids and keys here.
    private mutating func appendDecimal(_ number: Int64) {
        if number < 0 { line.append(45) }
        var rest = number.magnitude
        let start = line.count
        repeat {
            line.append(48 + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        line[start...].reverse()
    }

    /// The hex digest.
    package func finish() -> String {
        hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
