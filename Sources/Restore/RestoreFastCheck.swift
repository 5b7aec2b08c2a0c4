import DataDictionary
import MariaDB

/// Turns a record's values straight into the typed values the dictionary's validator would give, for the columns
/// and values where that is certain: integers within the column's bounds, text within its length and no other
/// rule, timestamps within the years 1000 to 9999. Anything else (a null, a value near a rule, a column type the
/// check does not know) answers false, and the row goes through ``RowValidator`` as text, whose verdict is the
/// same for every row this accepts; no row's verdict ever differs.
struct RestoreFastCheck {
    private enum Rule {
        case integer(min: Double?, max: Double?)
        case text(maxLength: Int)
        case timestamp
        case validator
    }

    private let rules: [Rule]

    /// The instants `TemporalParser` accepts: from 1000-01-01T00:00:00Z to before 10000-01-01T00:00:00Z.
    private static let microsRange: Range<Int64> = (-354_285 * 86_400_000_000)..<(2_932_897 * 86_400_000_000)

    /// The check for `table`'s columns read as `plan` says.
    init(table: TableDefinition, plan: RestoreReadPlan) {
        rules = zip(table.columns, plan.readings).map { column, reading in
            switch (column.type, reading) {
            case (.integer, .integer): return .integer(min: column.min, max: column.max)
            case (.string, .text) where column.pattern == nil && column.allowed == nil && column.minLength == nil:
                return .text(maxLength: column.effectiveMaxLength)
            case (.timestamp, .timestampMicros), (.timestamp, .timestampMillis): return .timestamp
            default: return .validator
            }
        }
    }

    /// Writes the row's typed values into `values`; false when the validator must decide.
    func values(_ row: [Value], into values: inout [CellValue]) -> Bool {
        for index in rules.indices {
            switch (rules[index], row[index]) {
            case (.integer(let min, let max), .int(let number)):
                let bound = Double(number)
                if let min, bound < min { return false }
                if let max, bound > max { return false }
                values[index] = .integer(number)
            case (.text(let maxLength), .string(let text)):
                let utf8 = text.utf8
                guard utf8.count <= maxLength, utf8.contains(where: { $0 != 32 && $0 != 9 }) else { return false }
                values[index] = .text(text)
            case (.timestamp, .int(let micros)) where Self.microsRange.contains(micros):
                values[index] = .timestamp(Timestamp(microsecondsSinceEpoch: micros))
            default: return false
            }
        }
        return true
    }
}
