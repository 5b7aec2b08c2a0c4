internal import CAvro

/// Owns one avro-c generic value and its class, made from a schema; releases both in `deinit`.
///
/// The value is reused for every record: avro-c keeps its buffers between `reset`s, so filling or reading a record
/// allocates nothing beyond what avro-c allocates the first time.
final class AvroValue {
    /// The schema the value was made from (kept alive as long as the value).
    let schema: AvroSchema
    /// The owned value class.
    private let iface: UnsafeMutablePointer<avro_value_iface_t>
    /// The owned value.
    var value = avro_value_t()

    /// Makes an empty generic value for `schema`.
    init(schema: AvroSchema) throws(AvroError) {
        self.schema = schema
        iface = try AvroCall.check(
            avro_generic_class_from_schema(schema.handle), .schemaInvalid, "Cannot make a value class for the schema")
        let rc = avro_generic_value_new(iface, &value)
        if rc != 0 {
            let error = AvroCall.failure(rc, .schemaInvalid, "Cannot make a value for the schema")
            CAvro_avro_value_iface_decref(iface)
            throw error
        }
    }

    deinit {
        avro_value_decref(&value)
        CAvro_avro_value_iface_decref(iface)
    }
}
