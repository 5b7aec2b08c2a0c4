package import CSV
package import DataDictionary

/// A row on its way into a table: its typed values and every violation found so far.
package struct CandidateRow: Sendable {
    /// Line (files) or index (API) of the row in its source.
    package var position: Int
    /// The row as received, kept for the reject log.
    package var raw: [UInt8]
    /// One value per column; meaningful only while `violations` is empty.
    package var values: [CellValue]
    /// Every rule the row broke so far.
    package var violations: [Violation]

    /// A row with these values and violations.
    package init(position: Int, raw: [UInt8], values: [CellValue], violations: [Violation]) {
        self.position = position
        self.raw = raw
        self.values = values
        self.violations = violations
    }

    /// Whether the row broke no rule so far.
    package var isValid: Bool { violations.isEmpty }

    /// The row as a reject, for the reject log.
    package var rejected: RejectedRow { RejectedRow(position: position, raw: raw, violations: violations) }
}

extension RowValidator {
    /// Validates a CSV record: reader problems (encoding, quoting, length) first, then the table's rules,
    /// unless the record's structure is broken (too long, unterminated quote) so its fields mean nothing.
    package func candidate(from record: CSVRecord) -> CandidateRow {
        let verdict =
            record.isStructurallyBroken ? RowVerdict(values: [], violations: []) : validate(fields: record.fields)
        return CandidateRow(
            position: record.line, raw: record.raw, values: verdict.values,
            violations: record.violations(for: table) + verdict.violations)
    }
}
