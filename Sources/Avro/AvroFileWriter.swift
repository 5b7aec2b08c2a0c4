internal import CAvro
public import Errors

/// Writes records to a new Avro object container file.
///
/// The header is written by ``AvroHeader`` so that it carries the schema JSON exactly as given (avro-c would drop
/// `logicalType`) and the caller's metadata. Each record is encoded into a block in memory (``AvroBlockEncoder``),
/// either by avro-c's datum writer from a generic value (``append(_:)``) or, the same bytes at a fraction of the
/// cost, field by field by ``AvroRecordEncoder`` (``appendEncoded(_:)``, what backups use); full blocks are
/// compressed on several threads and written in order, framed with the header's sync marker (``AvroBlockSink``).
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
    /// The default uncompressed size of a block: 64 KiB. A single record must fit in one block (except with
    /// ``appendEncoded(_:)``).
    public static let defaultBlockSize = 64 * 1024

    /// The file being written.
    public let path: String
    /// The writer schema.
    public let schema: AvroSchema
    /// How many records were appended so far.
    public private(set) var recordCount = 0
    /// The block being filled.
    private let block: AvroBlockEncoder
    /// Compresses and writes full blocks; nil once closed.
    private var sink: AvroBlockSink?
    /// The record schema's fields, laid out.
    private let layout: AvroRecordLayout
    /// The reusable avro-c record of ``append(_:)``.
    private let record: AvroRecordStorage

    /// Creates (or truncates) the file at `path` and writes its header.
    ///
    /// - Parameters:
    ///   - schema: a record schema; its JSON goes into the header unchanged as `avro.schema`.
    ///   - codec: the block compression codec.
    ///   - blockSize: the uncompressed size at which a block is compressed and written.
    ///   - metadata: extra header entries, e.g. `sluice.table`; keys starting with `avro.` are reserved.
    ///   - onWrite: called with every piece of the file as it is written, in order, from the thread that appends
    ///     (e.g. to hash the file without reading it again).
    /// - Throws: ``AvroError`` `schema_invalid` for a schema that is not a record, `write_failed` when the file
    ///   cannot be created or a metadata key is reserved.
    public init(
        path: String, schema: AvroSchema, codec: AvroCodec = .deflate, blockSize: Int = defaultBlockSize,
        metadata: [String: String] = [:], onWrite: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws(AvroError) {
        if let reserved = metadata.keys.first(where: { $0.hasPrefix("avro.") }) {
            throw AvroError(.writeFailed, "Metadata key \(reserved) is reserved for Avro itself")
        }
        guard blockSize > 0 else { throw AvroError(.writeFailed, "Block size must be positive, not \(blockSize)") }
        self.path = path
        self.schema = schema
        layout = try AvroRecordLayout(schema: schema)
        record = try AvroRecordStorage(schema: schema, layout: layout)
        block = try AvroBlockEncoder(blockSize: blockSize)
        var entries = metadata
        entries["avro.schema"] = schema.json
        entries["avro.codec"] = codec.rawValue
        let header = AvroHeader(metadata: entries)
        try header.write(to: path)
        sink = try AvroBlockSink(path: path, codec: codec, sync: header.sync, onWrite: onWrite)
    }

    /// Appends one record, filled by `fill` through a reusable ``AvroRecordBuilder``.
    ///
    /// - Throws: what `fill` throws; ``AvroError`` `field_not_set` when a field that is not nullable was not set,
    ///   `write_failed` when the record is larger than a block or a block cannot be written.
    public func append(_ fill: (inout AvroRecordBuilder) throws -> Void) throws {
        guard let sink else { throw AvroError(.closed, "\(path) is already closed") }
        record.begin()
        var builder = AvroRecordBuilder(record: record)
        try fill(&builder)
        try record.finish()
        if !block.append(record.value.pointer) {
            if block.count > 0 { try submitBlock(to: sink) }
            guard block.append(record.value.pointer) else {
                _ = block.take()
                throw AvroError(.writeFailed, "Record \(recordCount + 1) is larger than the block size of \(path)")
            }
        }
        recordCount += 1
    }

    /// Appends one record, encoded field by field by `fill` through an ``AvroRecordEncoder``: the same bytes as
    /// ``append(_:)`` writes, at a fraction of the cost, with fields set in order. A record larger than the block
    /// size is written as a block of its own.
    ///
    /// - Throws: what `fill` throws; ``AvroError`` `field_not_set` when a field that is not nullable was not set,
    ///   `write_failed` when a block cannot be written.
    public func appendEncoded(_ fill: (inout AvroRecordEncoder) throws -> Void) throws {
        guard let sink else { throw AvroError(.closed, "\(path) is already closed") }
        var encoder = AvroRecordEncoder(layout: layout, block: block)
        try fill(&encoder)
        try encoder.finish()
        let start = block.used
        if encoder.position > block.blockSize && block.count > 0 {
            // The record does not fit: the block is cut in front of it, as avro-c's writer does.
            try submitBlock(to: sink)
            block.moveToFront(start, encoder.position)
        } else {
            block.used = encoder.position
        }
        block.count += 1
        recordCount += 1
    }

    /// Writes the records buffered so far as a block and flushes the file.
    public func flush() throws(AvroError) {
        guard let sink else { throw AvroError(.closed, "\(path) is already closed") }
        if block.count > 0 { try submitBlock(to: sink) }
        try sink.drain()
    }

    /// Writes the last block, syncs the file to disk (`fsync`) and closes it. Calling it again does nothing.
    public func close() throws(AvroError) {
        guard let sink else { return }
        self.sink = nil
        if block.count > 0 { try submitBlock(to: sink) }
        try sink.close()
    }

    /// Hands the full block to the sink and starts an empty one.
    private func submitBlock(to sink: AvroBlockSink) throws(AvroError) {
        let (count, bytes) = block.take()
        try sink.submit(count: count, bytes: bytes)
    }
}

/// A writer holds one reusable avro-c record and an open file; use it from one task at a time.
@available(*, unavailable)
extension AvroFileWriter: Sendable {}
