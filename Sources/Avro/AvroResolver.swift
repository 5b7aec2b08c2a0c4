internal import CAvro

/// Owns an avro-c resolved-writer class and value that decode records written with one schema into a value of
/// another; releases both in `deinit`.
final class AvroResolver {
    /// The owned class and resolved value.
    private let instance: AvroValueInstance
    /// The destination record, kept alive while the resolver points at it.
    private let dest: AvroValue
    /// The resolved value that avro-c decodes into; it forwards to the destination record.
    var pointer: UnsafeMutablePointer<avro_value_t> { instance.pointer }

    /// Resolves `writer` against `reader` and directs decoded records into `dest` (a value of `reader`).
    ///
    /// - Throws: ``AvroError`` `schema_mismatch` with avro-c's reason when the schemas do not resolve.
    init(writer: AvroSchema, reader: AvroSchema, dest: AvroValue) throws(AvroError) {
        self.dest = dest
        instance = try AvroValueInstance(
            avro_resolved_writer_new(writer.handle, reader.handle), failing: .schemaMismatch,
            noClass: "The reader schema does not match the file's writer schema",
            noValue: "Cannot make a resolved value", newValue: { avro_resolved_writer_new_value($0, $1) })
        avro_resolved_writer_set_dest(instance.pointer, dest.pointer)
    }
}
