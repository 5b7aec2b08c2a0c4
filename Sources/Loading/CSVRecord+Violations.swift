public import CSV
public import DataDictionary

extension CSVRecord {
    /// The reader's problems with this record (encoding, quoting, length) as violations of `table`'s rows.
    public func violations(for table: TableDefinition) -> [Violation] {
        func column(_ field: Int) -> String? { field < table.columns.count ? table.columns[field].name : nil }
        return problems.map { problem in
            switch problem {
            case .recordTooLong(let bytes):
                Violation(column: nil, rule: .recordTooLong, message: "the record is \(bytes) bytes, over the limit")
            case .unterminatedQuote:
                Violation(
                    column: nil, rule: .malformedCSV,
                    message: "a quoted field is not closed before the end of the input")
            case .strayQuote(let field):
                Violation(
                    column: column(field), rule: .malformedCSV,
                    message: "a quote appears inside an unquoted field or after a closing quote")
            case .invalidUTF8(let field):
                Violation(column: column(field), rule: .invalidUTF8, message: "the field is not valid UTF-8")
            }
        }
    }

    /// Whether the record's structure is broken (too long, unterminated quote), so its fields mean nothing.
    public var isStructurallyBroken: Bool {
        problems.contains {
            switch $0 {
            case .recordTooLong, .unterminatedQuote: true
            case .strayQuote, .invalidUTF8: false
            }
        }
    }
}
