internal import CAvro
public import Errors

/// The record an ``AvroFileReader`` has just read, read field by field.
///
/// Fields are addressed by index in the reader's ``AvroFileReader/schema``. Getters return nil for a null value and
/// throw `type_mismatch` when the value has another type. A view shows the reader's current record: it is meant to
/// be read before the next call to ``AvroFileReader/next()``, which overwrites it.
public struct AvroRecordView {
    /// The reader's reusable record.
    let record: AvroValue
    /// The fields of the record schema.
    public let fields: [AvroField]

    /// The number of fields.
    public var count: Int { fields.count }

    /// Whether field `field` holds null.
    public func isNull(field: Int) throws(AvroError) -> Bool {
        try value(field).type == .null
    }

    /// The type of the value field `field` holds: `null`, `long`, `string`, ... (the current branch of a union).
    public func typeName(field: Int) throws(AvroError) -> String {
        try value(field).type.name
    }

    /// The value of an `int` or `long` field, or nil for null.
    public func long(field: Int) throws(AvroError) -> Int64? {
        var (type, child) = try value(field)
        switch type {
        case .null: return nil
        case .long: return try read(field, &child, Int64(0)) { CAvro_avro_value_get_long($0, $1) }
        case .int: return Int64(try read(field, &child, Int32(0)) { CAvro_avro_value_get_int($0, $1) })
        default: throw mismatch(field, type, "long")
        }
    }

    /// The value of a `double` or `float` field, or nil for null.
    public func double(field: Int) throws(AvroError) -> Double? {
        var (type, child) = try value(field)
        switch type {
        case .null: return nil
        case .double: return try read(field, &child, Double(0)) { CAvro_avro_value_get_double($0, $1) }
        case .float: return Double(try read(field, &child, Float(0)) { CAvro_avro_value_get_float($0, $1) })
        default: throw mismatch(field, type, "double")
        }
    }

    /// The value of a `boolean` field, or nil for null.
    public func bool(field: Int) throws(AvroError) -> Bool? {
        var (type, child) = try value(field)
        switch type {
        case .null: return nil
        case .boolean: return try read(field, &child, Int32(0)) { CAvro_avro_value_get_boolean($0, $1) } != 0
        default: throw mismatch(field, type, "boolean")
        }
    }

    /// The value of a `string` field (or a `bytes` field decoded as UTF-8), or nil for null. Invalid UTF-8 is
    /// repaired with U+FFFD.
    public func string(field: Int) throws(AvroError) -> String? {
        var (type, child) = try value(field)
        switch type {
        case .null: return nil
        case .string:
            var text: UnsafePointer<CChar>?
            var size = 0
            try AvroCall.check(CAvro_avro_value_get_string(&child, &text, &size), .typeMismatch, context(field))
            // avro-c's size counts the terminating NUL.
            guard let text, size > 0 else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: text, count: size - 1), as: UTF8.self)
        case .bytes:
            return try bytes(field: field).map { String(decoding: $0, as: UTF8.self) }
        default: throw mismatch(field, type, "string")
        }
    }

    /// The value of a `bytes` or `fixed` field, or nil for null.
    public func bytes(field: Int) throws(AvroError) -> [UInt8]? {
        var (type, child) = try value(field)
        var bytes: UnsafeRawPointer?
        var size = 0
        switch type {
        case .null: return nil
        case .bytes:
            try AvroCall.check(CAvro_avro_value_get_bytes(&child, &bytes, &size), .typeMismatch, context(field))
        case .fixed:
            try AvroCall.check(CAvro_avro_value_get_fixed(&child, &bytes, &size), .typeMismatch, context(field))
        default: throw mismatch(field, type, "bytes")
        }
        return Array(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : size))
    }

    /// The value of field `field` with its type: the field itself, or the current branch of a union.
    private func value(_ field: Int) throws(AvroError) -> (type: AvroType, value: avro_value_t) {
        guard field >= 0 && field < fields.count else {
            throw AvroError(.fieldUnknown, "Field index \(field) is out of range 0..<\(fields.count)")
        }
        var child = avro_value_t()
        try AvroCall.check(
            CAvro_avro_value_get_by_index(record.pointer, field, &child, nil), .fieldUnknown, context(field))
        var type = AvroType(CAvro_avro_value_get_type(&child))
        if type == .union {
            var branch = avro_value_t()
            try AvroCall.check(
                CAvro_avro_value_get_current_branch(&child, &branch), .fileCorrupt, context(field))
            child = branch
            type = AvroType(CAvro_avro_value_get_type(&child))
        }
        return (type, child)
    }

    /// Reads `child`, the value of field `field`, with `getter` (an avro-c getter), checking what it answers.
    private func read<T>(
        _ field: Int, _ child: inout avro_value_t, _ initial: T,
        _ getter: (UnsafeMutablePointer<avro_value_t>, UnsafeMutablePointer<T>) -> Int32
    ) throws(AvroError) -> T {
        var result = initial
        try AvroCall.check(getter(&child, &result), .typeMismatch, context(field))
        return result
    }

    /// The error for reading field `field`, which holds `type`, as `wanted`.
    private func mismatch(_ field: Int, _ type: AvroType, _ wanted: String) -> AvroError {
        AvroError(.typeMismatch, "\(context(field)) holds \(type.name), not \(wanted)")
    }

    /// Names field `field` for error messages.
    private func context(_ field: Int) -> String {
        field >= 0 && field < fields.count ? "Field \(fields[field].name) (#\(field))" : "Field #\(field)"
    }
}
