internal import CAvro
import Errors

/// Reads the records of a `zstandard` container file, which avro-c 1.11 cannot decompress: Sluice walks the block
/// framing (``AvroBlockScan``), decompresses each block with libzstd, and avro-c's datum reader decodes the records
/// from memory, exactly as its own file reader does for the codecs it knows.
final class AvroZstdBlockReader {
    /// The open file, positioned at the next block.
    private let file: AvroFileHandle
    /// Walks the blocks.
    private var scan: AvroBlockScan
    /// avro-c's memory reader over `block`.
    private let records: avro_reader_t
    /// The current block's uncompressed bytes.
    private var block = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    /// How many records of the current block are still to be read.
    private var remaining = 0

    /// Opens the file at `path` and reads past its header.
    init(path: String) throws(AvroError) {
        file = try AvroFileHandle(path: path)
        let header = try AvroHeader.read(from: file.reader, path: path, size: file.size)
        scan = AvroBlockScan(reader: file.reader, sync: header.sync, path: path)
        guard let records = avro_reader_memory(nil, 0) else {
            throw AvroCall.failure(0, .fileUnreadable, "Cannot read \(path)")
        }
        self.records = records
    }

    deinit {
        avro_reader_free(records)
        block.deallocate()
    }

    /// Decodes the next record into `value` (a record value or a resolved-writer value).
    ///
    /// - Throws: ``AvroError`` `file_corrupt` when no block is left, a block does not decompress, or its records do
    ///   not decode.
    func read(into value: UnsafeMutablePointer<avro_value_t>) throws(AvroError) {
        while remaining == 0 {
            guard let (count, data) = try scan.nextBlock() else {
                throw AvroError(.fileCorrupt, "\(scan.path) has fewer records than its blocks say")
            }
            let bytes = try AvroBlockCompression.decompressZstd(data)
            block.deallocate()
            block = .allocate(byteCount: bytes.count, alignment: 16)
            block.copyBytes(from: bytes)
            avro_reader_memory_set_source(
                records, block.baseAddress?.assumingMemoryBound(to: CChar.self), Int64(bytes.count))
            remaining = count
        }
        try AvroCall.check(avro_value_read(records, value), .fileCorrupt, "Cannot decode a record of \(scan.path)")
        remaining -= 1
    }
}
