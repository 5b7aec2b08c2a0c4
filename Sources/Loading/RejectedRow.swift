public import DataDictionary

/// A row that was not inserted: where it came from, its raw bytes as received, and every reason.
public struct RejectedRow: Sendable {
    /// The line (files) or index (API batches) of the row in its source.
    public var position: Int
    /// The row exactly as received, e.g. the CSV record's bytes without its line terminator.
    public var raw: [UInt8]
    /// Every rule the row broke.
    public var violations: [Violation]

    /// Creates a rejected row.
    public init(position: Int, raw: [UInt8], violations: [Violation]) {
        self.position = position
        self.raw = raw
        self.violations = violations
    }
}

extension RejectedRow {
    /// The columns the reject CSV adds after each raw row: where and why it was refused.
    public static let reasonColumns = ["line", "column", "rule", "reason"]

    /// The row as one line of the reject CSV: its raw bytes as received, then the four
    /// ``reasonColumns`` (several reasons joined with `; `), ending in a line feed.
    public var csvLine: [UInt8] {
        var bytes = raw
        let columns = violations.map { $0.column ?? "" }.joined(separator: "; ")
        let rules = violations.map(\.rule.rawValue).joined(separator: "; ")
        let reasons = violations.map(\.message).joined(separator: "; ")
        for field in [String(position), columns, rules, reasons] {
            bytes.append(UInt8(ascii: ","))
            bytes.append(contentsOf: Self.quoted(field))
        }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// A header line for the reject CSV of a table with `columns`: the table's columns, then the
    /// ``reasonColumns``.
    public static func csvHeader(columns: [String]) -> [UInt8] {
        Array((columns + reasonColumns).map { String(decoding: quoted($0), as: UTF8.self) }.joined(separator: ",").utf8)
            + [UInt8(ascii: "\n")]
    }

    /// A CSV field, quoted when it holds a delimiter, quote or line break.
    static func quoted(_ field: String) -> [UInt8] {
        let needsQuotes = field.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
        }
        guard needsQuotes else { return Array(field.utf8) }
        return Array(
            "\"\(field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\""))\"".utf8)
    }
}
