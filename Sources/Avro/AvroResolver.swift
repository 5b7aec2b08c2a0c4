internal import CAvro

/// Owns an avro-c resolved-writer class and value that decode records written with one schema into a value of
/// another; releases both in `deinit`.
final class AvroResolver {
    /// The owned resolved-writer class.
    private let iface: UnsafeMutablePointer<avro_value_iface_t>
    /// The owned resolved value that avro-c decodes into; it forwards to the destination record.
    var value = avro_value_t()
    /// The destination record, kept alive while the resolver points at it.
    private let dest: AvroValue

    /// Resolves `writer` against `reader` and directs decoded records into `dest` (a value of `reader`).
    ///
    /// - Throws: ``AvroError`` `schema_mismatch` with avro-c's reason when the schemas do not resolve.
    init(writer: AvroSchema, reader: AvroSchema, dest: AvroValue) throws(AvroError) {
        self.dest = dest
        iface = try AvroCall.check(
            avro_resolved_writer_new(writer.handle, reader.handle), .schemaMismatch,
            "The reader schema does not match the file's writer schema")
        let rc = avro_resolved_writer_new_value(iface, &value)
        if rc != 0 {
            let error = AvroCall.failure(rc, .schemaMismatch, "Cannot make a resolved value")
            CAvro_avro_value_iface_decref(iface)
            throw error
        }
        avro_resolved_writer_set_dest(&value, &dest.value)
    }

    deinit {
        avro_value_decref(&value)
        CAvro_avro_value_iface_decref(iface)
    }
}
