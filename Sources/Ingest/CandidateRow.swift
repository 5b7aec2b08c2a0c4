import CSV
public import DataDictionary

/// A row on its way into a table: its typed values and every violation found so far.
struct CandidateRow: Sendable {
    /// Line (files) or index (API) of the row in its source.
    var position: Int
    /// The row as received, kept for the reject log.
    var raw: [UInt8]
    /// One value per column; meaningful only while `violations` is empty.
    var values: [CellValue]
    /// Every rule the row broke so far.
    var violations: [Violation]

    var isValid: Bool { violations.isEmpty }

    var rejected: RejectedRow { RejectedRow(position: position, raw: raw, violations: violations) }
}

extension RowValidator {
    /// Validates a CSV record: reader problems (encoding, quoting, length) first, then the table's rules,
    /// unless the record's structure is broken (too long, unterminated quote) so its fields mean nothing.
    func candidate(from record: CSVRecord) -> CandidateRow {
        var violations: [Violation] = []
        for problem in record.problems {
            switch problem {
            case .recordTooLong(let bytes):
                violations.append(
                    Violation(column: nil, rule: .recordTooLong, message: "the record is \(bytes) bytes, over the limit"))
            case .unterminatedQuote:
                violations.append(
                    Violation(column: nil, rule: .malformedCSV, message: "a quoted field is not closed before the end of the file"))
            case .strayQuote(let field):
                violations.append(
                    Violation(column: columnName(field), rule: .malformedCSV, message: "a quote appears inside an unquoted field or after a closing quote"))
            case .invalidUTF8(let field):
                violations.append(
                    Violation(column: columnName(field), rule: .invalidUTF8, message: "the field is not valid UTF-8"))
            }
        }
        let broken = record.problems.contains {
            switch $0 {
            case .recordTooLong, .unterminatedQuote: true
            case .strayQuote, .invalidUTF8: false
            }
        }
        let verdict = broken ? RowVerdict(values: [], violations: []) : validate(fields: record.fields)
        return CandidateRow(
            position: record.line, raw: record.raw, values: verdict.values, violations: violations + verdict.violations)
    }

    private func columnName(_ field: Int) -> String? {
        field < table.columns.count ? table.columns[field].name : nil
    }
}
