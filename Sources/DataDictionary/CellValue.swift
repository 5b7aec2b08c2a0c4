/// A field value after validation, typed by its column.
public enum CellValue: Sendable, Hashable {
    /// An empty optional field.
    case null
    /// An `integer` column's value.
    case integer(Int64)
    /// A `number` column's value.
    case number(Double)
    /// A `string` column's value.
    case text(String)
    /// A `boolean` column's value.
    case boolean(Bool)
    /// A `date` column's value, as `YYYY-MM-DD`.
    case date(String)
    /// A `timestamp` column's value, in UTC.
    case timestamp(Timestamp)

    /// The value as MariaDB accepts it in text form (LOAD DATA, text protocol), or nil for NULL.
    public var sqlText: String? {
        switch self {
        case .null: nil
        case .integer(let value): String(value)
        case .number(let value): "\(value)"
        case .text(let value): value
        case .boolean(let value): value ? "1" : "0"
        case .date(let value): value
        case .timestamp(let value): value.sqlText
        }
    }
}
