import Avro
import DataDictionary
import Errors
import MariaDB

/// The records of a restore's file, each read into one value per column in the form the backup's checksum took
/// it from the table: numbers as numbers, timestamps as microseconds, dates as days, booleans as 0 or 1.
///
/// A file of flat records with primitive fields (every Sluice backup) is decoded straight from its blocks
/// (``AvroDirectReader``); any other goes through avro-c's schema resolution into the plan's reader schema.
enum RestoreRecords {
    /// A source of records.
    enum Source {
        case direct(AvroDirectReader)
        case resolved(AvroFileReader)
    }

    /// Opens `file` for `table` as `plan` says, directly when every field the plan reads was written with one
    /// type (nullable or not) and the file's schema and codec allow it.
    static func open(_ file: String, plan: RestoreReadPlan, table: TableDefinition, writer: AvroSchema) throws
        -> Source
    {
        let singleTyped = table.columns.allSatisfy { column in
            guard let field = writer.fields.first(where: { $0.name == column.name }) else { return true }
            return Set(field.branches.filter { $0 != .null }).count <= 1
        }
        do {
            if singleTyped, let reader = try AvroDirectReader(path: file, fields: table.columns.map(\.name)) {
                return .direct(reader)
            }
        } catch {
            throw RestoreError(error)
        }
        return .resolved(try RestoreSource.open(file, readerSchema: try AvroSchema(json: plan.readerSchemaJSON)))
    }
}

extension RestoreRecords.Source {
    /// Reads the next record into `values` (one per column); false after the last one.
    mutating func next(into values: inout [Value], plan: RestoreReadPlan) throws -> Bool {
        switch self {
        case .direct(let reader):
            guard try reader.next() else { return false }
            for (index, reading) in plan.readings.enumerated() {
                values[index] = try Self.value(of: reader.cells[index], reading: reading)
            }
        case .resolved(let reader):
            guard let record = try reader.next() else { return false }
            for (index, reading) in plan.readings.enumerated() {
                values[index] = try Self.value(of: record, field: plan.fieldIndexes[index], reading: reading)
            }
        }
        return true
    }

    /// The column's value from a directly read cell (whose type the plan accepted for `reading`).
    static func value(of cell: AvroCell, reading: RestoreReadPlan.Reading) throws -> Value {
        switch (reading, cell) {
        case (.absent, _), (_, .null): return .null
        case (.integer, .long(let number)), (.timestampMicros, .long(let number)), (.dateDays, .long(let number)):
            return .int(number)
        case (.timestampMillis, .long(let millis)): return .int(millis * 1000)
        case (.number, .double(let number)): return .double(number)
        case (.number, .long(let number)): return .double(Double(number))
        case (.boolean, .boolean(let flag)): return .int(flag ? 1 : 0)
        case (.text, .string(let bytes)), (.timestampText, .string(let bytes)), (.dateText, .string(let bytes)):
            return .string(String(decoding: bytes, as: UTF8.self))
        default: throw RestoreError(.schemaMismatch, "a field holds a value of another type than its schema says")
        }
    }

    /// The column's value from a record avro-c resolved.
    static func value(of record: AvroRecordView, field: Int, reading: RestoreReadPlan.Reading) throws -> Value {
        if reading == .absent { return .null }
        if try record.isNull(field: field) { return .null }
        switch reading {
        case .integer, .timestampMicros, .dateDays: return .int(try record.long(field: field) ?? 0)
        case .timestampMillis: return .int((try record.long(field: field) ?? 0) * 1000)
        case .number: return .double(try record.double(field: field) ?? 0)
        case .boolean: return .int((try record.bool(field: field) ?? false) ? 1 : 0)
        case .text, .timestampText, .dateText, .absent: return .string(try record.string(field: field) ?? "")
        }
    }
}
