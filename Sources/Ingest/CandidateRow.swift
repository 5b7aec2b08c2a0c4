import CSV
import DataDictionary

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
        let verdict = record.isStructurallyBroken ? RowVerdict(values: [], violations: []) : validate(fields: record.fields)
        return CandidateRow(
            position: record.line, raw: record.raw, values: verdict.values,
            violations: record.violations(for: table) + verdict.violations)
    }
}
