import Errors

/// One column of a dictionary table, with its type and the rules a value must pass.
public struct ColumnDefinition: Sendable, Codable {
    /// The column's SQL name.
    public var name: String
    /// The kind of value the column holds.
    public var type: ColumnType
    /// Whether an empty field is refused (the default: every field is required).
    public var required: Bool
    /// Whether this column is the table's primary key (unique, never empty).
    public var primaryKey: Bool
    /// Whether values must be unique across the table.
    public var unique: Bool
    /// Whether the database keeps an index on the column (for reports that filter on it).
    public var index: Bool
    /// The parent column a value must exist in, written `table.column`.
    public var references: ColumnReference?
    /// Smallest allowed value of an `integer` or `number` column.
    public var min: Double?
    /// Largest allowed value of an `integer` or `number` column.
    public var max: Double?
    /// Fewest characters a `string` may have.
    public var minLength: Int?
    /// Most characters a `string` may have (also the column's SQL width; 255 when not given).
    public var maxLength: Int?
    /// A regular expression the whole `string` must match.
    public var pattern: String?
    /// The only values a `string` may take.
    public var allowed: [String]?
    /// What the column means, for generated documentation.
    public var description: String?

    /// Creates a column definition; unspecified rules are off and the column is required.
    public init(
        name: String, type: ColumnType, required: Bool = true, primaryKey: Bool = false, unique: Bool = false,
        index: Bool = false, references: ColumnReference? = nil, min: Double? = nil, max: Double? = nil,
        minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, allowed: [String]? = nil,
        description: String? = nil
    ) {
        self.name = name
        self.type = type
        self.required = required || primaryKey
        self.primaryKey = primaryKey
        self.unique = unique
        self.index = index
        self.references = references
        self.min = min
        self.max = max
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.allowed = allowed
        self.description = description
    }

    /// Decodes a column as the dictionary file writes it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            type: try c.decode(ColumnType.self, forKey: .type),
            required: try c.decodeIfPresent(Bool.self, forKey: .required) ?? true,
            primaryKey: try c.decodeIfPresent(Bool.self, forKey: .primaryKey) ?? false,
            unique: try c.decodeIfPresent(Bool.self, forKey: .unique) ?? false,
            index: try c.decodeIfPresent(Bool.self, forKey: .index) ?? false,
            references: try c.decodeIfPresent(ColumnReference.self, forKey: .references),
            min: try c.decodeIfPresent(Double.self, forKey: .min),
            max: try c.decodeIfPresent(Double.self, forKey: .max),
            minLength: try c.decodeIfPresent(Int.self, forKey: .minLength),
            maxLength: try c.decodeIfPresent(Int.self, forKey: .maxLength),
            pattern: try c.decodeIfPresent(String.self, forKey: .pattern),
            allowed: try c.decodeIfPresent([String].self, forKey: .allowed),
            description: try c.decodeIfPresent(String.self, forKey: .description)
        )
    }

    /// Whether values must be unique: the primary key or a `unique` column.
    public var isUnique: Bool { primaryKey || unique }

    /// The SQL width of a string column.
    public var effectiveMaxLength: Int { maxLength ?? 255 }
}

/// The kinds of value a dictionary column can hold.
public enum ColumnType: String, Sendable, Codable, CaseIterable {
    /// A 64-bit signed integer written in decimal digits.
    case integer
    /// A finite decimal number.
    case number
    /// UTF-8 text.
    case string
    /// `true`/`false` (also `1`/`0`).
    case boolean
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// An ISO-8601 instant with a time zone (`Z` or `±HH:MM`), stored as UTC with microseconds.
    case timestamp
}

/// A foreign key target, written `table.column` in the dictionary file.
public struct ColumnReference: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The parent table.
    public var table: String
    /// The parent column (its primary key or a unique column).
    public var column: String

    /// Creates a reference to `table.column`.
    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }

    /// Decodes `table.column`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw DictionaryError(
                code: .invalidDictionary, message: "references must be written table.column, not '\(text)'")
        }
        self.init(table: String(parts[0]), column: String(parts[1]))
    }

    /// Encodes `table.column`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// `table.column`.
    public var description: String { "\(table).\(column)" }
}
