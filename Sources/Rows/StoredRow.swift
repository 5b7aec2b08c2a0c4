import Crypto
import DataDictionary
import Foundation
public import JSON

/// One row as read from its table: its values as JSON, typed by the dictionary, the text of each
/// field as the validator reads it, and an ETag that changes whenever any value changes.
public struct StoredRow: Sendable, Encodable {
    /// The primary key, as text (what the row's URL carries).
    public var id: String
    /// Column name to value: integers, numbers and booleans as such, dates and timestamps as text.
    public var values: [String: JSONValue]
    /// Column name to field text (nil for NULL), in the form ingest accepts, for merging a change.
    public var fields: [String: String?]

    /// A strong ETag over every value: a quoted SHA-256 prefix of the row's JSON.
    public var etag: String {
        let bytes = (try? JSON.encode(values)) ?? Data()
        return "\"" + SHA256.hash(data: bytes).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// Reads a row from the text of each column (the store selects every column as text, see
    /// ``RowSQL``). A value the dictionary's rules refuse (old data) is kept as text.
    init(table: TableDefinition, texts: [String?]) {
        var values: [String: JSONValue] = [:]
        var fields: [String: String?] = [:]
        for (column, text) in zip(table.columns, texts) {
            guard let text else {
                values[column.name] = .null
                fields[column.name] = .some(nil)
                continue
            }
            let value = (try? column.value(of: text).get()) ?? .text(text)
            values[column.name] = value.json
            fields[column.name] = value.field ?? text
        }
        self.values = values
        self.fields = fields
        self.id = fields[table.primaryKey.name].flatMap { $0 } ?? ""
    }

    /// Encodes the values only: a row reads as the object ingest takes.
    public func encode(to encoder: any Encoder) throws {
        try values.encode(to: encoder)
    }
}

extension CellValue {
    /// The value as JSON: numbers and booleans as such, the rest as text (timestamps in ISO-8601 UTC).
    var json: JSONValue {
        switch self {
        case .null: .null
        case .integer(let value): .integer(value)
        case .number(let value): .number(value)
        case .text(let value), .date(let value): .string(value)
        case .boolean(let value): .bool(value)
        case .timestamp(let value): .string(value.description)
        }
    }

    /// The value as field text the validator accepts again, nil for null.
    var field: String? {
        switch self {
        case .null: nil
        case .boolean(let value): value ? "true" : "false"
        case .timestamp(let value): value.description
        default: sqlText
        }
    }
}
