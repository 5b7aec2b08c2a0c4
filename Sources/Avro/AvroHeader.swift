internal import CAvro
import Errors
internal import Foundation

/// The header of an Avro object container file: magic `Obj\u{1}`, a `map<bytes>` of metadata, a 16-byte sync marker.
///
/// avro-c's own writer renders the schema through `avro_schema_to_json`, which drops `logicalType`, and it cannot
/// add user metadata. So the header is written here instead: the metadata map is encoded by avro-c's datum writer
/// (`avro_value_write` of a generic `{"type":"map","values":"bytes"}` value), and the magic and sync marker, which
/// the spec encodes as `fixed` fields (raw bytes), are written with `avro_write`. ``AvroBlockSink`` then appends the
/// blocks, framed with this header's sync marker.
struct AvroHeader {
    /// The metadata entries, including `avro.schema` and `avro.codec`.
    var metadata: [String: String]
    /// The sync marker that ends the header and every block.
    var sync: [UInt8]

    /// The four magic bytes that start every Avro object container file.
    static let magic: [UInt8] = [0x4F, 0x62, 0x6A, 0x01]

    /// The header with a fresh random sync marker.
    init(metadata: [String: String]) {
        self.metadata = metadata
        var generator = SystemRandomNumberGenerator()
        self.sync = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    private init(metadata: [String: String], sync: [UInt8]) {
        self.metadata = metadata
        self.sync = sync
    }

    /// Creates (or truncates) the file at `path` and writes this header to it.
    func write(to path: String) throws(AvroError) {
        let map = try AvroValue(schema: AvroHeader.metadataSchema())
        for (key, text) in metadata.sorted(by: { $0.key < $1.key }) {
            var entry = avro_value_t()
            try AvroCall.check(
                CAvro_avro_value_add(map.pointer, key, &entry, nil, nil), .writeFailed, "Cannot add \(key)")
            var bytes = Array(text.utf8)
            try AvroCall.check(
                CAvro_avro_value_set_bytes(&entry, &bytes, bytes.count), .writeFailed, "Cannot set \(key)")
        }
        guard let file = fopen(path, "wb") else {
            throw AvroError(.writeFailed, "Cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let writer = avro_writer_file_fp(file, 0)
        var magic = AvroHeader.magic
        var sync = self.sync
        var rc = avro_write(writer, &magic, 4)
        if rc == 0 { rc = avro_value_write(writer, map.pointer) }
        if rc == 0 { rc = avro_write(writer, &sync, 16) }
        let error = rc == 0 ? nil : AvroCall.failure(rc, .writeFailed, "Cannot write the header of \(path)")
        avro_writer_flush(writer)
        avro_writer_free(writer)
        let closed = fclose(file)
        if let error { throw error }
        if closed != 0 {
            throw AvroError(.writeFailed, "Cannot write the header of \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Reads the header at the start of the file at `path`, then checks the framing of every block (see
    /// ``AvroBlockScan``) and returns how many records the blocks hold.
    static func read(from path: String) throws(AvroError) -> (header: AvroHeader, recordCount: Int) {
        let file = try AvroFileHandle(path: path)
        let header = try read(from: file.reader, path: path, size: file.size)
        var scan = AvroBlockScan(reader: file.reader, sync: header.sync, path: path)
        return (header, try scan.countRecords())
    }

    /// Reads the header from the start of `reader` (a file of `size` bytes), leaving it at the first
    /// block; the metadata map's lengths are checked against what is left of the file before any
    /// is allocated.
    static func read(from reader: avro_reader_t, path: String, size: Int) throws(AvroError) -> AvroHeader {
        AvroAllocator.installed
        var magic = [UInt8](repeating: 0, count: 4)
        if avro_read(reader, &magic, 4) != 0 || magic != AvroHeader.magic {
            throw AvroError(.fileUnreadable, "\(path) is not an Avro object container file (bad magic)")
        }
        var map = AvroHeaderMap(reader: reader, path: path, remaining: size - magic.count)
        let metadata = try map.read()
        var sync = [UInt8](repeating: 0, count: 16)
        try AvroCall.check(avro_read(reader, &sync, 16), .fileCorrupt, "Cannot read the sync marker of \(path)")
        return AvroHeader(metadata: metadata, sync: sync)
    }

    /// `{"type":"map","values":"bytes"}`, the type of the header's metadata.
    private static func metadataSchema() throws(AvroError) -> AvroSchema {
        try AvroSchema(json: #"{"type":"map","values":"bytes"}"#)
    }
}
