internal import CAvro
public import Errors

/// Reads the records of an Avro object container file with avro-c, one reusable record at a time.
///
/// With a reader schema, avro-c's schema resolution maps the file's records onto it: fields are matched by name
/// (so they may be reordered, missing from the reader, or nullable only in the reader), `int` is promoted to
/// `long`, and union branches are matched by type. The reader record takes the writer record's name first, so a file
/// whose records are called `root.DynamicRecord` (AWS Glue) reads into any record schema with matching fields.
///
/// ```swift
/// let reader = try AvroFileReader(path: path, readerSchema: schema)
/// while let record = try reader.next() {
///     let id = try record.long(field: 0)
/// }
/// ```
public final class AvroFileReader {
    /// The file being read.
    public let path: String
    /// The schema the file was written with, from the header's `avro.schema` exactly as stored there.
    public let writerSchema: AvroSchema
    /// The schema of the records ``next()`` returns: the reader schema (renamed to the writer's record name), or the
    /// writer schema when no reader schema was given.
    public let schema: AvroSchema
    /// The header metadata, including `avro.schema` and `avro.codec`; values decoded as UTF-8.
    public let metadata: [String: String]
    /// How many records the file holds, counted from its block headers when it was opened.
    public let recordCountInFile: Int
    /// How many records ``next()`` has returned.
    public private(set) var recordCount = 0

    /// The owned avro-c file reader; nil for a file with no blocks, a `zstandard` file, or once the end was reached.
    private var handle: avro_file_reader_t?
    /// Sluice's own block reader for a `zstandard` file, which avro-c cannot decompress.
    private var zstdBlocks: AvroZstdBlockReader?
    /// The record ``next()`` fills.
    private let record: AvroValue
    /// The resolved-writer value and its class when a reader schema is used.
    private let resolver: AvroResolver?

    /// Opens the file at `path` and reads its header.
    ///
    /// - Parameter readerSchema: the record schema to read records as; nil reads them as written.
    /// - Throws: ``AvroError`` `file_unreadable` when the file cannot be opened or is not an Avro file,
    ///   `file_corrupt` for a damaged header or block framing, or a file cut short (checked here, before any
    ///   record is read), `schema_mismatch` when the reader schema does not resolve against
    ///   the writer schema (naming the field when avro-c does).
    public init(path: String, readerSchema: AvroSchema? = nil) throws(AvroError) {
        self.path = path
        let (header, recordCountInFile) = try AvroHeader.read(from: path)
        self.recordCountInFile = recordCountInFile
        metadata = header.metadata
        guard let schemaJSON = header.metadata["avro.schema"] else {
            throw AvroError(.fileCorrupt, "The header of \(path) has no avro.schema")
        }
        do {
            writerSchema = try AvroSchema(json: schemaJSON)
        } catch {
            throw AvroError(.fileCorrupt, "The writer schema in \(path) is invalid: \(error.message)")
        }
        if let readerSchema, writerSchema.type == .record, readerSchema.type == .record {
            schema = try readerSchema.withRecordName(of: writerSchema)
        } else {
            schema = readerSchema ?? writerSchema
        }
        record = try AvroValue(schema: schema)
        resolver = readerSchema == nil ? nil : try AvroResolver(writer: writerSchema, reader: schema, dest: record)
        guard recordCountInFile > 0 else { return }
        if header.metadata["avro.codec"] == AvroCodec.zstandard.rawValue {
            zstdBlocks = try AvroZstdBlockReader(path: path)
            return
        }
        var reader: avro_file_reader_t?
        let rc = avro_file_reader(path, &reader)
        try AvroCall.check(rc, .fileCorrupt, "Cannot read the first block of \(path)")
        handle = try AvroCall.check(reader, .fileCorrupt, "Cannot read \(path)")
    }

    deinit {
        if let handle { avro_file_reader_close(handle) }
    }

    /// Reads the next record, or returns nil after the last of ``recordCountInFile`` records.
    ///
    /// The returned view shows the reader's one reusable record, so read it before calling `next()` again.
    ///
    /// - Throws: ``AvroError`` `file_corrupt` when avro-c cannot decode a record (damaged block contents).
    public func next() throws(AvroError) -> AvroRecordView? {
        if let zstdBlocks {
            guard recordCount < recordCountInFile else { return nil }
            do throws(AvroError) {
                try zstdBlocks.read(into: resolver?.pointer ?? record.pointer)
            } catch {
                self.zstdBlocks = nil
                throw error
            }
            recordCount += 1
            return AvroRecordView(record: record, fields: schema.fields)
        }
        guard let handle else { return nil }
        if recordCount == recordCountInFile {
            avro_file_reader_close(handle)
            self.handle = nil
            return nil
        }
        let rc: Int32
        if let resolver {
            rc = avro_file_reader_read_value(handle, resolver.pointer)
        } else {
            rc = avro_file_reader_read_value(handle, record.pointer)
        }
        if rc != 0 {
            let error = AvroCall.failure(rc, .fileCorrupt, "Cannot read record \(recordCount + 1) of \(path)")
            avro_file_reader_close(handle)
            self.handle = nil
            throw error
        }
        recordCount += 1
        return AvroRecordView(record: record, fields: schema.fields)
    }
}

/// A reader holds one reusable avro-c record and file handle; use it from one task at a time.
@available(*, unavailable)
extension AvroFileReader: Sendable {}
