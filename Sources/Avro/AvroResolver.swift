internal import CAvro

/// Owns an avro-c resolved-writer class and value that decode records written with one schema into a value of
/// another; releases both in `deinit`.
final class AvroResolver {
    /// The owned resolved-writer class.
    private let iface: UnsafeMutablePointer<avro_value_iface_t>
    /// The owned resolved value that avro-c decodes into; it forwards to the destination record.
    let pointer = UnsafeMutablePointer<avro_value_t>.allocate(capacity: 1)
    /// The destination record, kept alive while the resolver points at it.
    private let dest: AvroValue

    /// Resolves `writer` against `reader` and directs decoded records into `dest` (a value of `reader`).
    ///
    /// - Throws: ``AvroError`` `schema_mismatch` with avro-c's reason when the schemas do not resolve.
    init(writer: AvroSchema, reader: AvroSchema, dest: AvroValue) throws(AvroError) {
        self.dest = dest
        pointer.initialize(to: avro_value_t())
        guard let iface = avro_resolved_writer_new(writer.handle, reader.handle) else {
            pointer.deallocate()
            throw AvroCall.failure(0, .schemaMismatch, "The reader schema does not match the file's writer schema")
        }
        self.iface = iface
        let rc = avro_resolved_writer_new_value(iface, pointer)
        if rc != 0 {
            let error = AvroCall.failure(rc, .schemaMismatch, "Cannot make a resolved value")
            CAvro_avro_value_iface_decref(iface)
            pointer.deallocate()
            throw error
        }
        avro_resolved_writer_set_dest(pointer, dest.pointer)
    }

    deinit {
        avro_value_decref(pointer)
        CAvro_avro_value_iface_decref(iface)
        pointer.deallocate()
    }
}
