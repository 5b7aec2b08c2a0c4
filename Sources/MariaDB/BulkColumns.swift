/// The values of one bulk-bound execution (`Statement.executeBatch(_:)`), column by column, appended
/// row by row: no array per row, and each column's text written straight into that column's one
/// buffer. A column binds as BIGINT (``Kind/integer``) or as text (``Kind/text``); any value may be NULL.
public struct BulkColumns {
    /// How a column's values are bound.
    public enum Kind: Sendable {
        /// 64-bit integers.
        case integer
        /// Text (UTF-8 bytes).
        case text
    }

    /// One column's values: an integer per row (integer columns), or where each row's text ends in
    /// `bytes` (text columns), and which rows are NULL.
    struct Column {
        let kind: Kind
        var integers: [Int64] = []
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var isNull: [Bool] = []
    }

    private(set) var columns: [Column]

    /// Empty columns of these kinds, with room for `capacity` rows.
    public init(kinds: [Kind], capacity: Int) {
        columns = kinds.map { kind in
            var column = Column(kind: kind)
            column.isNull.reserveCapacity(capacity)
            switch kind {
            case .integer: column.integers.reserveCapacity(capacity)
            case .text: column.ends.reserveCapacity(capacity)
            }
            return column
        }
    }

    /// The rows of column 0 (every column holds as many once each row is complete).
    public var rowCount: Int { columns.first?.isNull.count ?? 0 }

    /// Appends NULL to `column`.
    public mutating func appendNull(to column: Int) {
        columns[column].isNull.append(true)
        switch columns[column].kind {
        case .integer: columns[column].integers.append(0)
        case .text: columns[column].ends.append(columns[column].bytes.count)
        }
    }

    /// Appends `value` to an integer column.
    public mutating func append(_ value: Int64, to column: Int) {
        precondition(columns[column].kind == .integer, "an integer appended to a text column")
        columns[column].isNull.append(false)
        columns[column].integers.append(value)
    }

    /// Appends `text` to a text column.
    public mutating func append(_ text: String, to column: Int) {
        var text = text
        text.withUTF8 { bytes in appendText(to: column) { $0.append(contentsOf: bytes) } }
    }

    /// Appends to a text column the text that `write` appends to its buffer (such as a timestamp
    /// rendered in place, with no String of its own).
    public mutating func appendText(to column: Int, _ write: (inout [UInt8]) -> Void) {
        precondition(columns[column].kind == .text, "text appended to an integer column")
        columns[column].isNull.append(false)
        write(&columns[column].bytes)
        columns[column].ends.append(columns[column].bytes.count)
    }
}

extension BulkColumns {
    /// The columns of `rows` (each with `columnCount` values): a column binds as integers when every
    /// value in it is an integer or NULL, else as text (doubles by their `description`).
    init(rows: [[Value]], columnCount: Int) {
        let kinds = (0..<columnCount).map { column in
            rows.allSatisfy {
                switch $0[column] {
                case .int, .null: true
                default: false
                }
            } ? Kind.integer : Kind.text
        }
        self.init(kinds: kinds, capacity: rows.count)
        for row in rows {
            for (column, value) in row.enumerated() {
                switch value {
                case .null: appendNull(to: column)
                case .int(let number) where kinds[column] == .integer: append(number, to: column)
                case .string(let text): append(text, to: column)
                case .bytes(let bytes): appendText(to: column) { $0.append(contentsOf: bytes) }
                default: append(value.description, to: column)
                }
            }
        }
    }
}
