/// One reason a row was refused: which column, which rule, and what was wrong.
public struct Violation: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The column at fault, or nil for a rule about the whole row (e.g. `column_count`).
    public var column: String?
    /// The stable id of the broken rule.
    public var rule: RuleID
    /// What was wrong, for a person; never contains more than a short excerpt of the value.
    public var message: String

    /// Creates a violation.
    public init(column: String?, rule: RuleID, message: String) {
        self.column = column
        self.rule = rule
        self.message = message
    }

    /// `column: rule: message`.
    public var description: String { "\(column ?? "row"): \(rule): \(message)" }

    private enum CodingKeys: String, CodingKey { case column, rule, message }

    /// Encodes all three keys; `column` is `null` for a rule about the whole row.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(column, forKey: .column)
        try container.encode(rule, forKey: .rule)
        try container.encode(message, forKey: .message)
    }
}

/// The stable, machine-readable id of a validation rule, as reported in rejects and API verdicts.
public struct RuleID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The rule's id, e.g. `required`.
    public var rawValue: String
    /// Wraps a rule id.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Decodes the id from a string.
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    /// Encodes the id as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    /// The rule's id.
    public var description: String { rawValue }

    /// The row has more or fewer fields than the table has columns.
    public static let columnCount = RuleID(rawValue: "column_count")
    /// The row is not valid UTF-8.
    public static let invalidUTF8 = RuleID(rawValue: "invalid_utf8")
    /// The row is longer than the reader accepts.
    public static let recordTooLong = RuleID(rawValue: "record_too_long")
    /// The row's quoting is broken (an unterminated or stray quote).
    public static let malformedCSV = RuleID(rawValue: "malformed_csv")
    /// A required field is empty.
    public static let required = RuleID(rawValue: "required")
    /// A field that must be an integer is not one, or is out of 64-bit range.
    public static let integer = RuleID(rawValue: "integer")
    /// A field that must be a number is not a finite decimal number.
    public static let number = RuleID(rawValue: "number")
    /// A field that must be a boolean is not `true`, `false`, `1` or `0`.
    public static let boolean = RuleID(rawValue: "boolean")
    /// A field that must be a date is not a real `YYYY-MM-DD` date.
    public static let date = RuleID(rawValue: "date")
    /// A field that must be a timestamp is not a real ISO-8601 instant with a time zone.
    public static let timestamp = RuleID(rawValue: "timestamp")
    /// A number is below the column's minimum.
    public static let min = RuleID(rawValue: "min")
    /// A number is above the column's maximum.
    public static let max = RuleID(rawValue: "max")
    /// A string is shorter than the column's minimum length.
    public static let minLength = RuleID(rawValue: "min_length")
    /// A string is longer than the column's maximum length.
    public static let maxLength = RuleID(rawValue: "max_length")
    /// A string does not match the column's pattern.
    public static let pattern = RuleID(rawValue: "pattern")
    /// A string is not one of the column's allowed values.
    public static let allowed = RuleID(rawValue: "allowed")
    /// A unique value already exists, in the table or earlier in the same source.
    public static let unique = RuleID(rawValue: "unique")
    /// A referenced parent row does not exist.
    public static let foreignKey = RuleID(rawValue: "foreign_key")
    /// A valid row held back because another row of its atomic batch was rejected.
    public static let atomicBatch = RuleID(rawValue: "atomic_batch")
    /// A JSON field's value has the wrong JSON type (an object, an array, a bool for a number).
    public static let type = RuleID(rawValue: "type")
    /// A field names a column the table does not have (JSON input).
    public static let unknownColumn = RuleID(rawValue: "unknown_column")
}
