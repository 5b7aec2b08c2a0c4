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
    /// The owned value, at a stable address so C calls take it without Swift's exclusivity checks.
    let pointer = UnsafeMutablePointer<avro_value_t>.allocate(capacity: 1)

    /// Makes an empty generic value for `schema`.
    init(schema: AvroSchema) throws(AvroError) {
        self.schema = schema
        pointer.initialize(to: avro_value_t())
        guard let iface = avro_generic_class_from_schema(schema.handle) else {
            pointer.deallocate()
            throw AvroCall.failure(0, .schemaInvalid, "Cannot make a value class for the schema")
        }
        self.iface = iface
        let rc = avro_generic_value_new(iface, pointer)
        if rc != 0 {
            let error = AvroCall.failure(rc, .schemaInvalid, "Cannot make a value for the schema")
            CAvro_avro_value_iface_decref(iface)
            pointer.deallocate()
            throw error
        }
    }

    deinit {
        avro_value_decref(pointer)
        CAvro_avro_value_iface_decref(iface)
        pointer.deallocate()
    }
}
