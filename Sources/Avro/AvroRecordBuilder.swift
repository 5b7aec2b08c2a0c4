internal import CAvro
public import Errors

/// Fills the one reusable record of an ``AvroFileWriter``; handed to ``AvroFileWriter/append(_:)``'s closure.
///
/// Fields are addressed by index in the writer schema's ``AvroSchema/fields``. For a union field the setter picks
/// the branch of the value's type, so `["null","long"]` takes `setNull` and `setLong` alike. A field left unset
/// is written as null when it is nullable; otherwise ``AvroFileWriter/append(_:)`` throws `field_not_set`.
/// Setting allocates nothing beyond avro-c's own buffers, which it reuses from record to record.
public struct AvroRecordBuilder {
    /// The writer's record state.
    let record: AvroRecordStorage

    /// Sets field `field` to null.
    public mutating func setNull(field: Int) throws(AvroError) {
        try set(field, .null) { CAvro_avro_value_set_null($0) }
    }

    /// Sets a `long` field (or an `int` field, when `value` fits in 32 bits).
    public mutating func setLong(field: Int, _ value: Int64) throws(AvroError) {
        if record.accepts(field, .long) {
            try set(field, .long) { CAvro_avro_value_set_long($0, value) }
        } else {
            guard let small = Int32(exactly: value) else {
                throw AvroError(.typeMismatch, "\(record.context(field)): \(value) does not fit an int")
            }
            try set(field, .int) { CAvro_avro_value_set_int($0, small) }
        }
    }

    /// Sets an `int` field (or a `long` field).
    public mutating func setInt(field: Int, _ value: Int32) throws(AvroError) {
        if record.accepts(field, .int) {
            try set(field, .int) { CAvro_avro_value_set_int($0, value) }
        } else {
            try set(field, .long) { CAvro_avro_value_set_long($0, Int64(value)) }
        }
    }

    /// Sets a `double` field (or a `float` field, rounding to single precision).
    public mutating func setDouble(field: Int, _ value: Double) throws(AvroError) {
        if record.accepts(field, .double) {
            try set(field, .double) { CAvro_avro_value_set_double($0, value) }
        } else {
            try set(field, .float) { CAvro_avro_value_set_float($0, Float(value)) }
        }
    }

    /// Sets a `boolean` field.
    public mutating func setBoolean(field: Int, _ value: Bool) throws(AvroError) {
        try set(field, .boolean) { CAvro_avro_value_set_boolean($0, value ? 1 : 0) }
    }

    /// Sets a `string` field (or a `bytes` field, to the string's UTF-8 bytes).
    public mutating func setString(field: Int, _ value: String) throws(AvroError) {
        let isString = record.accepts(field, .string)
        var child = try record.child(field, isString ? .string : .bytes)
        let rc = value.withCString { text in
            // avro-c's length counts the terminating NUL; passing it keeps NUL characters inside the text.
            isString
                ? CAvro_avro_value_set_string_len(&child, text, value.utf8.count + 1)
                : CAvro_avro_value_set_bytes(&child, UnsafeMutableRawPointer(mutating: text), value.utf8.count)
        }
        try AvroCall.check(rc, .typeMismatch, record.context(field))
    }

    /// Sets a `bytes` field.
    public mutating func setBytes(field: Int, _ value: [UInt8]) throws(AvroError) {
        var bytes = value
        try set(field, .bytes) { child in
            bytes.withUnsafeMutableBytes { CAvro_avro_value_set_bytes(child, $0.baseAddress, $0.count) }
        }
    }

    /// Sets field `field`, as `type`, with `setter` (an avro-c setter applied to the field's value or
    /// its union branch of that type), checking what it answers.
    private func set(
        _ field: Int, _ type: AvroType, _ setter: (UnsafeMutablePointer<avro_value_t>) -> Int32
    ) throws(AvroError) {
        var child = try record.child(field, type)
        try AvroCall.check(setter(&child), .typeMismatch, record.context(field))
    }
}

/// The reusable record behind ``AvroRecordBuilder``: the avro-c value, the field layout and which fields are set.
final class AvroRecordStorage {
    /// The generic record value, reused for every appended record.
    let value: AvroValue
    /// The record's fields, laid out.
    let layout: AvroRecordLayout
    /// Whether each field was set for the record being built.
    private let isSet: UnsafeMutablePointer<Bool>

    /// Prepares a record for `layout`'s schema.
    init(schema: AvroSchema, layout: AvroRecordLayout) throws(AvroError) {
        value = try AvroValue(schema: schema)
        self.layout = layout
        isSet = .allocate(capacity: max(1, layout.count))
        isSet.initialize(repeating: false, count: max(1, layout.count))
    }

    deinit {
        isSet.deallocate()
    }

    /// Marks every field unset before a record is built.
    func begin() {
        isSet.update(repeating: false, count: layout.count)
    }

    /// Sets every unset nullable field to null; throws `field_not_set` for an unset field that is not nullable.
    func finish() throws(AvroError) {
        for index in 0..<layout.count where !isSet[index] {
            guard layout.fields[index].isNullable else { throw layout.notSet(index) }
            var child = try self.child(index, .null)
            try AvroCall.check(CAvro_avro_value_set_null(&child), .writeFailed, context(index))
        }
    }

    /// Whether field `index` has (a union branch of) type `type`.
    @inline(__always)
    func accepts(_ index: Int, _ type: AvroType) -> Bool {
        layout.accepts(index, type)
    }

    /// The value to set for field `index` as `type`: the field itself, or its union branch of that type.
    func child(_ index: Int, _ type: AvroType) throws(AvroError) -> avro_value_t {
        let branch = try layout.branch(index, type)
        var child = avro_value_t()
        try AvroCall.check(
            CAvro_avro_value_get_by_index(value.pointer, index, &child, nil), .writeFailed, context(index))
        isSet[index] = true
        guard layout.isUnion[index] else { return child }
        var chosen = avro_value_t()
        try AvroCall.check(CAvro_avro_value_set_branch(&child, branch, &chosen), .writeFailed, context(index))
        return chosen
    }

    /// Names field `index` for error messages.
    func context(_ index: Int) -> String {
        layout.context(index)
    }
}
