public import Errors

/// Reads chosen fields of a container file's records straight from the decompressed blocks, without avro-c's
/// generic values or schema resolution: for flat records whose fields are primitives or unions of primitives (what
/// every backup Sluice writes holds), each record is one pass of varint and length decoding, and strings stay
/// views into the block.
///
/// Fields are matched by name; a wanted field the file does not have reads as null, and fields not wanted are
/// skipped. Values keep the type they were written with (`int` reads as ``AvroCell/long(_:)``, `float` as
/// ``AvroCell/double(_:)``); the caller converts, as avro-c's resolution would.
///
/// ```swift
/// if let reader = try AvroDirectReader(path: path, fields: ["id", "name"]) {
///     while try reader.next() { let id = reader.cells[0] }
/// }
/// ```
public final class AvroDirectReader {
    /// How many records the file holds, from its block headers.
    public let recordCountInFile: Int
    /// The current record's values, one per wanted field in the order asked for; valid until the next ``next()``.
    public private(set) var cells: [AvroCell]

    private let file: AvroFileHandle
    private var scan: AvroBlockScan
    private let decompression: AvroBlockDecompression
    private let fields: [AvroDirectField]
    /// The current block's compressed bytes, decompressed into `scratch`, then copied into `block`, whose address
    /// stays put while ``cells`` point into it.
    private var scratch: [UInt8] = []
    private var block = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var size = 0
    private var offset = 0
    private var remaining = 0
    private var read = 0

    /// Opens the file at `path` for reading `wanted` fields, or returns nil when its schema or codec needs avro-c
    /// (anything but a record of primitives and unions of primitives, or a codec other than ``AvroCodec``'s).
    ///
    /// - Throws: ``AvroError`` `file_unreadable` or `file_corrupt` as ``AvroFileReader`` does for the same file.
    public init?(path: String, fields wanted: [String]) throws(AvroError) {
        let (header, count) = try AvroHeader.read(from: path)
        guard let schemaJSON = header.metadata["avro.schema"],
            let codec = AvroCodec(rawValue: header.metadata["avro.codec"] ?? "null"),
            let writer = try? AvroSchema(json: schemaJSON), writer.type == .record
        else { return nil }
        var fields: [AvroDirectField] = []
        for field in writer.fields {
            guard let decoder = AvroDirectField(field, target: wanted.firstIndex(of: field.name))
            else { return nil }
            fields.append(decoder)
        }
        recordCountInFile = count
        self.fields = fields
        cells = Array(repeating: .null, count: wanted.count)
        decompression = try AvroBlockDecompression(codec: codec)
        file = try AvroFileHandle(path: path)
        let again = try AvroHeader.read(from: file.reader, path: path, size: file.size)
        scan = AvroBlockScan(reader: file.reader, sync: again.sync, path: path)
    }

    deinit { block.deallocate() }

    /// Decodes the next record into ``cells``; false after the last one.
    ///
    /// - Throws: ``AvroError`` `file_corrupt` when a block does not decompress or a record does not decode.
    public func next() throws(AvroError) -> Bool {
        guard read < recordCountInFile else { return false }
        while remaining == 0 {
            guard let (count, data) = try scan.nextBlock() else {
                throw AvroError(.fileCorrupt, "\(scan.path) has fewer records than its blocks say")
            }
            try decompression.decompress(data, into: &scratch)
            if scratch.count > block.count {
                block.deallocate()
                block = .allocate(byteCount: scratch.count, alignment: 16)
            }
            scratch.withUnsafeBytes { block.copyMemory(from: $0) }
            size = scratch.count
            offset = 0
            remaining = count
        }
        var cursor = AvroCursor(bytes: UnsafeRawBufferPointer(rebasing: block[..<size]), offset: offset)
        var decoded = true
        for field in fields {
            guard let cell = field.decode(&cursor) else {
                decoded = false
                break
            }
            if let target = field.target { cells[target] = cell }
        }
        offset = cursor.offset
        guard decoded else { throw AvroError(.fileCorrupt, "Cannot read record \(read + 1) of \(scan.path)") }
        remaining -= 1
        read += 1
        return true
    }
}

/// A reader holds one file handle and block buffer; use it from one thread at a time.
@available(*, unavailable)
extension AvroDirectReader: Sendable {}

/// One value read by ``AvroDirectReader``.
public enum AvroCell {
    case null
    /// An `int` or `long`.
    case long(Int64)
    /// A `float` or `double`.
    case double(Double)
    case boolean(Bool)
    /// A `string`'s UTF-8 bytes (as written, not checked), a view into the reader's block: valid until its next
    /// ``AvroDirectReader/next()``.
    case string(UnsafeRawBufferPointer)
    /// A `bytes` value, a view like ``string(_:)``.
    case bytes(UnsafeRawBufferPointer)
}
