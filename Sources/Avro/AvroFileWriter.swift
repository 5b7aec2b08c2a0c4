internal import CAvro
public import Errors

/// Writes records to a new Avro object container file with avro-c.
///
/// The header is written by ``AvroHeader`` so that it carries the schema JSON exactly as given (avro-c would drop
/// `logicalType`) and the caller's metadata; avro-c then appends the blocks, compressed with `codec`.
///
/// ```swift
/// let writer = try AvroFileWriter(path: path, schema: schema, codec: .deflate, metadata: ["sluice.table": "jobs"])
/// try writer.append { record in
///     try record.setLong(field: 0, 1)
///     try record.setString(field: 1, "Recruiter")
/// }
/// try writer.close()
/// ```
public final class AvroFileWriter {
    /// The default uncompressed size of a block: 64 KiB. A single record must fit in one block.
    public static let defaultBlockSize = 64 * 1024

    /// The file being written.
    public let path: String
    /// The writer schema.
    public let schema: AvroSchema
    /// How many records were appended so far.
    public private(set) var recordCount = 0
    /// The owned avro-c file writer; nil once closed.
    private var handle: avro_file_writer_t?
    /// The reusable record.
    private let record: AvroRecordStorage

    /// Creates (or truncates) the file at `path` and writes its header.
    ///
    /// - Parameters:
    ///   - schema: a record schema; its JSON goes into the header unchanged as `avro.schema`.
    ///   - codec: the block compression codec.
    ///   - blockSize: the uncompressed size at which a block is compressed and written.
    ///   - metadata: extra header entries, e.g. `sluice.table`; keys starting with `avro.` are reserved.
    /// - Throws: ``AvroError`` `schema_invalid` for a schema that is not a record, `write_failed` when the file
    ///   cannot be created or a metadata key is reserved.
    public init(
        path: String, schema: AvroSchema, codec: AvroCodec = .deflate, blockSize: Int = defaultBlockSize,
        metadata: [String: String] = [:]
    ) throws(AvroError) {
        if let reserved = metadata.keys.first(where: { $0.hasPrefix("avro.") }) {
            throw AvroError(.writeFailed, "Metadata key \(reserved) is reserved for Avro itself")
        }
        guard blockSize > 0 else { throw AvroError(.writeFailed, "Block size must be positive, not \(blockSize)") }
        self.path = path
        self.schema = schema
        record = try AvroRecordStorage(schema: schema)
        var entries = metadata
        entries["avro.schema"] = schema.json
        entries["avro.codec"] = codec.rawValue
        try AvroHeader(metadata: entries).write(to: path)
        var writer: avro_file_writer_t?
        try AvroCall.check(
            avro_file_writer_open_bs(path, &writer, blockSize), .writeFailed, "Cannot open \(path) for appending")
        handle = try AvroCall.check(writer, .writeFailed, "Cannot open \(path) for appending")
    }

    deinit {
        if let handle { avro_file_writer_close(handle) }
    }

    /// Appends one record, filled by `fill` through a reusable ``AvroRecordBuilder``.
    ///
    /// - Throws: what `fill` throws; ``AvroError`` `field_not_set` when a field that is not nullable was not set,
    ///   `write_failed` when avro-c cannot encode or write the record (e.g. it is larger than a block).
    public func append(_ fill: (inout AvroRecordBuilder) throws -> Void) throws {
        guard let handle else { throw AvroError(.closed, "\(path) is already closed") }
        record.begin()
        var builder = AvroRecordBuilder(record: record)
        try fill(&builder)
        try record.finish()
        try AvroCall.checkWrite(
            { avro_file_writer_append_value(handle, record.value.pointer) }, .writeFailed,
            "Cannot append record \(recordCount + 1) to \(path)")
        recordCount += 1
    }

    /// Writes the records buffered so far as a block and flushes the file.
    public func flush() throws(AvroError) {
        guard let handle else { throw AvroError(.closed, "\(path) is already closed") }
        try AvroCall.checkWrite({ avro_file_writer_flush(handle) }, .writeFailed, "Cannot flush \(path)")
    }

    /// Writes the last block and closes the file. Calling it again does nothing.
    public func close() throws(AvroError) {
        guard let handle else { return }
        self.handle = nil
        try AvroCall.checkWrite({ avro_file_writer_close(handle) }, .writeFailed, "Cannot close \(path)")
    }
}

/// A writer holds one reusable avro-c record and file handle; use it from one task at a time.
@available(*, unavailable)
extension AvroFileWriter: Sendable {}
