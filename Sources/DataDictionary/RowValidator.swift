/// Validates rows of one table against the rules its dictionary entry declares.
///
/// It checks everything that can be decided from the row alone (presence, types, ranges, lengths,
/// patterns, calendar validity). Rules that need other rows, `unique` and `foreign_key`, are checked
/// by the loader against the database and the rest of the batch.
public struct RowValidator: Sendable {
    /// The table whose rules this validator applies.
    public let table: TableDefinition
    private let checks: [FieldCheck]

    /// Prepares a validator for `table` (regular expressions are compiled once here).
    public init(table: TableDefinition) {
        self.table = table
        self.checks = table.columns.map(FieldCheck.init)
    }

    /// Validates a row given as one text field per column, in column order.
    ///
    /// Every violation is reported, not just the first. A row with the wrong number of fields gets a
    /// single `column_count` violation, since its fields cannot be matched to columns.
    public func validate(fields: [String]) -> RowVerdict {
        guard fields.count == checks.count else {
            let message =
                "expected \(checks.count) fields (\(table.columns.map(\.name).joined(separator: ","))), got \(fields.count)"
            return RowVerdict(values: [], violations: [Violation(column: nil, rule: .columnCount, message: message)])
        }
        var values: [CellValue] = []
        values.reserveCapacity(checks.count)
        var violations: [Violation] = []
        // By index: `zip` would copy each check (its regex, allowed set and column) per field.
        for index in checks.indices {
            switch checks[index].validate(fields[index]) {
            case .success(let value): values.append(value)
            case .failure(let violation):
                values.append(.null)
                violations.append(violation)
            }
        }
        return RowVerdict(values: values, violations: violations)
    }

    /// Validates a row given as column name to text (nil for an explicit null), e.g. from a JSON object.
    /// Names the table does not have are reported as `unknown_column`; missing columns count as empty.
    public func validate(named fields: [String: String?]) -> RowVerdict {
        var violations: [Violation] = fields.keys.sorted().compactMap { name in
            table.column(named: name) == nil
                ? Violation(column: name, rule: .unknownColumn, message: "the table has no column '\(name)'") : nil
        }
        let ordered = table.columns.map { (fields[$0.name] ?? nil) ?? "" }
        let verdict = validate(fields: ordered)
        violations = verdict.violations + violations
        return RowVerdict(values: verdict.values, violations: violations)
    }
}

/// The outcome of validating one row: typed values, and every rule it broke.
public struct RowVerdict: Sendable {
    /// One value per column (`null` where a field was refused); meaningful only when valid.
    public var values: [CellValue]
    /// Every rule the row broke; empty when it is valid.
    public var violations: [Violation]

    /// Creates a verdict.
    public init(values: [CellValue], violations: [Violation]) {
        self.values = values
        self.violations = violations
    }

    /// Whether the row passed every rule.
    public var isValid: Bool { violations.isEmpty }
}
