import Avro
import DataDictionary
import Errors
import Foundation
import JSON

/// How the records of one Avro file are read into one table, whoever wrote the file: columns are
/// matched to the writer's fields by name (order, record name and extra fields do not matter), the
/// reader schema follows the writer's types where the column accepts them (`int` into `long`,
/// nullable unions, timestamps as `timestamp-millis`, `timestamp-micros` or strings), and each
/// column says how its value becomes the text the dictionary validates.
struct RestoreReadPlan {
    /// How a column's value is read.
    enum Reading {
        case integer, number, boolean, text
        case timestampMicros, timestampMillis, timestampText
        case dateDays, dateText
        /// The file has no such field: the (optional) column is null.
        case absent
    }

    /// The reader schema for avro-c's resolution: one field per column the file has, in dictionary order.
    let readerSchemaJSON: String
    /// One reading per column, in dictionary order.
    let readings: [Reading]
    /// Per column, its field's index in the reader schema (meaningless for `absent` columns).
    let fieldIndexes: [Int]

    /// Plans the reading of a file written with `writer` into `table`.
    ///
    /// - Throws: ``RestoreError`` `field_missing` when a required column has no field, and
    ///   `schema_mismatch` naming the field when its type cannot hold the column.
    init(table: TableDefinition, writer: AvroSchema) throws {
        guard writer.type == .record else {
            throw RestoreError(
                .schemaMismatch, "the file's records are \(writer.type.rawValue), not records with fields")
        }
        var fields: [JSONValue] = []
        var readings: [Reading] = []
        for column in table.columns {
            guard let field = writer.fields.first(where: { $0.name == column.name }) else {
                guard !column.required else {
                    throw RestoreError(
                        .fieldMissing, "the file has no field '\(column.name)', which \(table.name) requires")
                }
                readings.append(.absent)  // not in the reader schema: avro-c resolves no defaults
                continue
            }
            let (type, reading) = try Self.reading(column, from: field)
            let typeName = JSONValue.string(type)
            fields.append(["name": .string(column.name), "type": field.isNullable ? ["null", typeName] : typeName])
            readings.append(reading)
        }
        readerSchemaJSON = try JSON.text(
            ["type": "record", "name": .string(table.name), "fields": .array(fields)] as JSONValue)
        self.readings = readings
        var next = 0
        fieldIndexes = readings.map { reading in
            defer { if reading != .absent { next += 1 } }
            return next
        }
    }

    /// The reader type and the reading for `column` from the writer's `field`.
    private static func reading(_ column: ColumnDefinition, from field: AvroField) throws -> (String, Reading) {
        let written = field.valueType
        switch (column.type, written, field.logicalType) {
        case (.integer, .int, _), (.integer, .long, _): return ("long", .integer)
        case (.number, .int, _), (.number, .long, _), (.number, .float, _), (.number, .double, _):
            return ("double", .number)
        case (.boolean, .boolean, _): return ("boolean", .boolean)
        case (.string, .string, _): return ("string", .text)
        case (.timestamp, .long, "timestamp-micros"): return ("long", .timestampMicros)
        case (.timestamp, .long, "timestamp-millis"): return ("long", .timestampMillis)
        case (.timestamp, .string, _): return ("string", .timestampText)
        case (.date, .int, "date"): return ("int", .dateDays)
        case (.date, .string, _): return ("string", .dateText)
        default:
            let logical = field.logicalType.map { " (\($0))" } ?? ""
            throw RestoreError(
                .schemaMismatch,
                "field '\(field.name)' is \(field.describedType)\(logical) in the file; column \(column.name) (\(column.type.rawValue)) cannot hold it"
            )
        }
    }
}
