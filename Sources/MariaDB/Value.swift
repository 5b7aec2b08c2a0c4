/// A value bound to, or read from, a statement. Dates and times travel as text
/// (`YYYY-MM-DD HH:MM:SS[.ffffff]`), which MariaDB converts in both directions.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    /// SQL NULL.
    case null
    /// Any integer column.
    case int(Int64)
    /// FLOAT and DOUBLE columns.
    case double(Double)
    /// Text, and every type read back as text (DECIMAL, DATETIME, ...).
    case string(String)
    /// Binary columns (BLOB, VARBINARY).
    case bytes([UInt8])

    /// The value as text: what the `mariadb` client would print (`NULL` for null).
    public var description: String {
        switch self {
        case .null: "NULL"
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        case .bytes(let value): String(decoding: value, as: UTF8.self)
        }
    }
}

extension Value {
    /// The value as an integer: integers, integer text and doubles (truncated); nil otherwise.
    public var int: Int64? {
        switch self {
        case .int(let value): value
        case .string(let text): Int64(text)
        case .double(let value): Int64(exactly: value.rounded(.towardZero))
        default: nil
        }
    }

    /// The value as text; nil for NULL.
    public var text: String? {
        if case .null = self { return nil }
        return description
    }
}

/// Quotes an identifier with backticks, doubling any backtick inside it.
public func quoteIdentifier(_ name: String) -> String {
    "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
