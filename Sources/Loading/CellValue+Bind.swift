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

extension BulkColumns {
    /// Empty columns for rows of `table`: integer and boolean columns bind as integers, the others
    /// as text (a number column too, where its ``CellValue/bindValue`` is a double).
    package init(table: TableDefinition, capacity: Int) {
        self.init(
            kinds: table.columns.map { $0.type == .integer || $0.type == .boolean ? .integer : .text },
            capacity: capacity)
    }

    /// Appends a validated row (one value per column, typed like its column), with no `Value` in
    /// between. Each value binds as its ``CellValue/bindValue`` does, except a number: it binds as
    /// its shortest round-trip text, which the server reads back to the same double. A timestamp
    /// is rendered straight into its column's text (its year is within 1000 to 9999, as validation
    /// makes sure).
    package mutating func append(row values: [CellValue]) {
        for (column, value) in values.enumerated() {
            switch value {
            case .null: appendNull(to: column)
            case .integer(let number): append(number, to: column)
            case .boolean(let flag): append(flag ? 1 : 0, to: column)
            case .number(let number): append(String(number), to: column)
            case .text(let text), .date(let text): append(text, to: column)
            case .timestamp(let instant): appendText(to: column) { instant.appendSQLText(to: &$0) }
            }
        }
    }
}
