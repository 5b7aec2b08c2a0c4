public import DataDictionary

/// Encodes validated rows in the text format of
/// `LOAD DATA ... FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'`:
/// tab-separated, `\N` for NULL, and backslash, tab, newline, carriage return and NUL escaped.
public struct LoadDataEncoder: Sendable {
    /// The clause that tells the server how to read what this encoder writes.
    public static let formatClause =
        #"CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'"#

    /// The bytes encoded so far.
    public private(set) var bytes: [UInt8] = []
    /// How many rows have been encoded.
    public private(set) var rowCount = 0

    /// Creates an empty encoder.
    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one row.
    public mutating func append(_ values: [CellValue]) {
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            switch value {
            case .null: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            case .integer(let number): appendDecimal(number)
            case .text(let text): appendEscaped(text)
            case .timestamp(let instant): instant.appendSQLText(to: &bytes)
            default: appendEscaped(value.sqlText ?? "")
            }
        }
        bytes.append(UInt8(ascii: "\n"))
        rowCount += 1
    }

    /// Empties the encoder, keeping its storage.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        rowCount = 0
    }

    /// Appends `number` in decimal without making a String (the bulk-load hot path): the digits are
    /// written backwards into a buffer on the stack, then appended at once.
    private mutating func appendDecimal(_ number: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes; Int64.min takes 20
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            var rest = number.magnitude
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if number < 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position...]))
        }
    }

    private mutating func appendEscaped(_ text: String) {
        var text = text
        let plain = text.withUTF8 { utf8 in
            !utf8.contains {
                $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n")
                    || $0 == UInt8(ascii: "\r") || $0 == 0
            }
        }
        if plain {
            text.withUTF8 { bytes.append(contentsOf: $0) }
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "0")])
            default: bytes.append(byte)
            }
        }
    }
}
