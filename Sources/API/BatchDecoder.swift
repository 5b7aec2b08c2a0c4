package import BatchIngest
import CSV
package import DataDictionary
import Errors
import Foundation
import JSON
import Loading

/// Turns a request body into rows for `BatchIngestor`: a JSON array of objects, or CSV records in
/// column order. Whole-request problems (bad JSON, 0 or over 1,000 rows, a column the table does not
/// have) are refused before anything is written; problems of one row become that row's violations.
package struct BatchDecoder {
    static let maxRows = 1000

    package let table: TableDefinition

    /// A decoder of batches for `table`.
    package init(table: TableDefinition) {
        self.table = table
    }

    package func decode(body: [UInt8], contentType: String?, csvHeader: Bool) throws -> [IncomingRow] {
        let mediaType =
            (contentType ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        let rows: [IncomingRow]
        switch mediaType {
        case "application/json": rows = try decodeJSON(body)
        case "text/csv": rows = try decodeCSV(body, header: csvHeader)
        default: throw APIError.unsupportedMediaType(mediaType)
        }
        guard !rows.isEmpty else { throw APIError.batchEmpty }
        return rows
    }

    private func decodeJSON(_ body: [UInt8]) throws -> [IncomingRow] {
        try PositionalJSONRows.rows(body, table: table, limit: Self.maxRows) ?? generalJSONRows(body)
    }

    /// The rows of any JSON body, by name, or the request's refusal (too many rows, malformed,
    /// unknown column).
    func generalJSONRows(_ body: [UInt8]) throws -> [IncomingRow] {
        guard !JSONArrayScan.hasMoreElements(than: Self.maxRows, in: body) else { throw APIError.batchTooLarge }
        guard let objects = FlatJSONRows.parse(body) ?? Self.serializedRows(body) else {
            throw APIError.malformedJSON("the body must be a JSON array of objects, one per row")
        }
        let known = Set(table.columns.map(\.name))
        for (index, object) in objects.enumerated() {
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw APIError(
                    "unknown_column", status: 400, "row \(index) has '\(unknown)', which \(table.name) does not have",
                    details: [
                        "row": String(index), "column": unknown,
                        "columns": table.columns.map(\.name).joined(separator: ","),
                    ])
            }
        }
        return objects.map { object in
            var fields: [String: String?] = [:]
            var violations: [Violation] = []
            for column in table.columns {
                guard let value = object[column.name] else { continue }
                switch Self.text(of: value, for: column) {
                case .success(let text): fields[column.name] = text
                case .failure(let violation): violations.append(violation)
                }
            }
            let raw: @Sendable () -> [UInt8] = { (try? JSON.encode(object)).map(Array.init) ?? [] }
            return IncomingRow(fields: .named(fields), raw: raw, decodingViolations: violations)
        }
    }

    /// The rows of a body outside `FlatJSONRows`' subset, or nil when it is not a JSON array of
    /// objects. JSONSerialization, not JSONDecoder into [[String: JSONValue]]: measured twice as fast
    /// on a 1,000-row batch (6 ms against 12 ms, -O). The only JSONSerialization of the API module;
    /// its values become JSONValues at once.
    static func serializedRows(_ body: [UInt8]) -> [[String: JSONValue]]? {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body)), let array = parsed as? [Any],
            let dictionaries = array as? [[String: Any]]
        else { return nil }
        return dictionaries.map { $0.mapValues(JSONValue.init(serialized:)) }
    }

    /// The field's text as the validator reads it; strings are accepted for every type, numbers
    /// only for numeric columns and booleans only for boolean columns.
    static func text(of value: JSONValue, for column: ColumnDefinition) -> Result<String?, Violation> {
        let numeric = column.type == .integer || column.type == .number
        switch value {
        case .null: return .success(nil)
        case .string(let text): return .success(text)
        case .integer(let number) where numeric: return .success(String(number))
        case .number(let number) where numeric: return .success(String(number))
        case .bool(let flag) where column.type == .boolean: return .success(flag ? "true" : "false")
        default: return .failure(typeViolation(column))
        }
    }

    /// The violation of a JSON value of the wrong type for `column`.
    static func typeViolation(_ column: ColumnDefinition) -> Violation {
        Violation(column: column.name, rule: .type, message: "expected a \(column.type.rawValue) value")
    }

    private func decodeCSV(_ body: [UInt8], header: Bool) throws -> [IncomingRow] {
        var options = CSVOptions()
        options.skipHeader = header
        let reader = CSVReader(bytes: body, options: options)
        var rows: [IncomingRow] = []
        while let record = try reader.next() {
            guard rows.count < Self.maxRows else { throw APIError.batchTooLarge }
            rows.append(
                IncomingRow(
                    fields: .positional(record.fields), raw: { [raw = record.raw] in raw },
                    decodingViolations: record.violations(for: table)))
        }
        return rows
    }
}

extension JSONValue {
    /// Classifies a value produced by `JSONSerialization`. Booleans arrive as `NSNumber`s whose
    /// type code is `c` (`__NSCFBoolean`); integers as `i`/`q`; an unsigned 64-bit value (`Q`) or
    /// any other number is kept as a floating-point number, which an integer column then refuses.
    fileprivate init(serialized value: Any) {
        switch value {
        case is NSNull: self = .null
        case let text as String: self = .string(text)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c": self = .bool(number.boolValue)
            case "i", "s", "l", "q": self = .integer(number.int64Value)
            default: self = .number(number.doubleValue)
            }
        case let array as [Any]: self = .array(array.map(JSONValue.init(serialized:)))
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init(serialized:)))
        default: self = .null
        }
    }
}
