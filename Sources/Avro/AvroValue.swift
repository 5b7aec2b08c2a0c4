internal import CAvro

/// Owns one avro-c generic value and its class, made from a schema; releases both in `deinit`.
///
/// The value is reused for every record: avro-c keeps its buffers between `reset`s, so filling or reading a record
/// allocates nothing beyond what avro-c allocates the first time.
final class AvroValue {
    /// The schema the value was made from (kept alive as long as the value).
    let schema: AvroSchema
    /// The owned class and value.
    private let instance: AvroValueInstance
    /// The value, at a stable address so C calls take it without Swift's exclusivity checks.
    var pointer: UnsafeMutablePointer<avro_value_t> { instance.pointer }

    /// Makes an empty generic value for `schema`.
    init(schema: AvroSchema) throws(AvroError) {
        self.schema = schema
        instance = try AvroValueInstance(
            avro_generic_class_from_schema(schema.handle), failing: .schemaInvalid,
            noClass: "Cannot make a value class for the schema", noValue: "Cannot make a value for the schema",
            newValue: { avro_generic_value_new($0, $1) })
    }
}
