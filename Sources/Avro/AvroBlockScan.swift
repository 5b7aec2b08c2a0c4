internal import CAvro
import Errors

/// Walks the blocks of an object container file after its header, checking their framing without decoding them:
/// each block is a record count and a byte size (zigzag varints), that many bytes (skipped with a seek), and the
/// header's sync marker.
///
/// avro-c's file reader cannot tell a clean end of file from a file cut short (it reports both as a failed read), and
/// it allocates a block's size before checking it against the file. Scanning first gives the exact record count, so
/// the reader knows where the file ends, and a damaged or truncated file is refused before avro-c reads it.
struct AvroBlockScan {
    /// avro-c's buffered reader, positioned after the header.
    let reader: avro_reader_t
    /// The header's sync marker.
    let sync: [UInt8]
    /// The file, for messages.
    let path: String
    /// How many blocks were checked.
    private var blocks = 0

    /// Creates a scan of the blocks that follow the header `reader` has just read.
    init(reader: avro_reader_t, sync: [UInt8], path: String) {
        self.reader = reader
        self.sync = sync
        self.path = path
    }

    /// The total record count of all blocks.
    ///
    /// - Throws: ``AvroError`` `file_corrupt` when a block's framing is invalid or the file ends inside a block.
    mutating func countRecords() throws(AvroError) -> Int {
        var total = 0
        while let (count, size) = try nextBlockHeader() {
            try AvroCall.check(avro_skip(reader, size), .fileCorrupt, "\(path) ends inside block \(blocks + 1)")
            try readSync()
            let (sum, overflow) = total.addingReportingOverflow(Int(count))
            guard !overflow else { throw corrupt("has an impossible record count") }
            total = sum
        }
        return total
    }

    /// The next block's record count and its (still compressed) bytes, or nil after the last block.
    ///
    /// - Throws: ``AvroError`` `file_corrupt` when the block's framing is invalid or the file ends inside it.
    mutating func nextBlock() throws(AvroError) -> (count: Int, data: [UInt8])? {
        guard let (count, size) = try nextBlockHeader() else { return nil }
        var data = [UInt8](repeating: 0, count: Int(size))
        if size > 0 && avro_read(reader, &data, size) != 0 { throw corrupt("is cut short") }
        try readSync()
        return (Int(count), data)
    }

    /// The next block's record count and byte size, checked; nil when the file ends cleanly before a block.
    private func nextBlockHeader() throws(AvroError) -> (count: Int64, size: Int64)? {
        guard let count = try readVarint(atBlockStart: true) else { return nil }
        let size = try readVarint(atBlockStart: false) ?? -1
        guard count > 0, size >= 0 else { throw corrupt("has an invalid count (\(count)) or size (\(size))") }
        return (count, size)
    }

    /// Reads the sync marker that ends a block and checks it against the header's.
    private mutating func readSync() throws(AvroError) {
        var marker = [UInt8](repeating: 0, count: 16)
        if avro_read(reader, &marker, 16) != 0 { throw corrupt("is cut short") }
        guard marker == sync else { throw corrupt("does not end with the file's sync marker") }
        blocks += 1
    }

    /// Reads one zigzag varint (a long); nil only when the file ends cleanly before its first byte at a block start.
    private func readVarint(atBlockStart: Bool) throws(AvroError) -> Int64? {
        var consumed = 0
        switch AvroVarint.read(from: reader, consumed: &consumed) {
        case .value(let value): return value
        case .endOfFile(let atFirstByte) where atFirstByte && atBlockStart: return nil
        case .endOfFile: throw corrupt("is cut short")
        case .invalid: throw corrupt("has an invalid varint")
        }
    }

    /// The error for a damaged block.
    private func corrupt(_ what: String) -> AvroError {
        AvroError(.fileCorrupt, "\(path): block \(blocks + 1) \(what)")
    }
}
