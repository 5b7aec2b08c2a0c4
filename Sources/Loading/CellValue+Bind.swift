package import DataDictionary
package import MariaDB

extension CellValue {
    /// The value as a prepared-statement bind.
    package var bindValue: Value {
        switch self {
        case .null: .null
        case .integer(let value): .int(value)
        case .number(let value): .double(value)
        case .text(let value): .string(value)
        case .boolean(let value): .int(value ? 1 : 0)
        case .date(let value): .string(value)
        case .timestamp(let value): .string(value.sqlText)
        }
    }

    /// Reads back a key value from a result cell, typed like the column it came from.
    init(key value: Value, type: ColumnType) {
        switch (value, type) {
        case (.int(let number), _): self = .integer(number)
        case (.string(let text), .integer): self = Int64(text).map(CellValue.integer) ?? .text(text)
        case (.string(let text), _): self = .text(text)
        case (.bytes(let bytes), _): self = .text(String(decoding: bytes, as: UTF8.self))
        case (.double(let number), _): self = .number(number)
        case (.null, _): self = .null
        }
    }
}
