internal import CCodecs
import Errors

/// Decompresses the blocks of a container file for ``AvroDirectReader``, for every ``AvroCodec``: raw inflate for
/// `deflate`, snappy with its CRC32 checked for `snappy`, libzstd for `zstandard`. Each reader has its own state.
final class AvroBlockDecompression {
    /// The file's codec.
    let codec: AvroCodec
    /// The inflate state, reset for each block (`deflate` only).
    private var stream = z_stream()
    private var inflating = false

    /// Prepares to decompress blocks written with `codec`.
    ///
    /// - Throws: ``AvroError`` `file_unreadable` when zlib cannot start.
    init(codec: AvroCodec) throws(AvroError) {
        self.codec = codec
        guard codec == .deflate else { return }
        // inflateInit2 is a macro; this is what it expands to, with windowBits -15 for raw deflate.
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw AvroError(.fileUnreadable, "Cannot start inflate")
        }
        inflating = true
    }

    deinit {
        if inflating { inflateEnd(&stream) }
    }

    /// The uncompressed bytes of one block, written into `output` (whose storage is reused).
    ///
    /// - Throws: ``AvroError`` `file_corrupt` when the block does not decompress.
    func decompress(_ block: [UInt8], into output: inout [UInt8]) throws(AvroError) {
        switch codec {
        case .null: output = block
        case .zstandard: output = try AvroBlockCompression.decompressZstd(block)
        case .deflate: try inflate(block, into: &output)
        case .snappy: try unsnappy(block, into: &output)
        }
    }

    private func inflate(_ block: [UInt8], into output: inout [UInt8]) throws(AvroError) {
        guard inflateReset(&stream) == Z_OK else { throw AvroError(.fileCorrupt, "Cannot reset inflate") }
        output.removeAll(keepingCapacity: true)
        if output.capacity < block.count * 4 { output.reserveCapacity(block.count * 4) }
        var produced = 0
        var rc = Z_OK
        block.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                if produced == output.count {
                    output.append(contentsOf: repeatElement(0, count: max(output.count, 65_536)))
                }
                rc = output.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress! + produced
                    stream.avail_out = UInt32(target.count - produced)
                    defer { produced = target.count - Int(stream.avail_out) }
                    return CCodecs.inflate(&stream, Z_NO_FLUSH)
                }
                // Z_OK made progress; Z_BUF_ERROR with the output full wants more room; anything else ends.
                guard rc == Z_OK || (rc == Z_BUF_ERROR && produced == output.count) else { break }
            }
        }
        guard rc == Z_STREAM_END else {
            throw AvroError(.fileCorrupt, "A deflate block does not decompress (zlib \(rc))")
        }
        output.removeSubrange(produced...)
    }

    private func unsnappy(_ block: [UInt8], into output: inout [UInt8]) throws(AvroError) {
        guard block.count >= 4 else { throw AvroError(.fileCorrupt, "A snappy block is too short") }
        let compressed = block.count - 4
        var length = 0
        let status = block.withUnsafeBytes { source in
            snappy_uncompressed_length(source.baseAddress?.assumingMemoryBound(to: CChar.self), compressed, &length)
        }
        guard status == SNAPPY_OK else { throw AvroError(.fileCorrupt, "A snappy block does not decompress") }
        output = [UInt8](repeating: 0, count: length)
        let done = block.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                snappy_uncompress(
                    source.baseAddress?.assumingMemoryBound(to: CChar.self), compressed,
                    target.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        guard done == SNAPPY_OK, length == output.count else {
            throw AvroError(.fileCorrupt, "A snappy block does not decompress")
        }
        let checksum = output.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        let stored = block[compressed...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard checksum == stored else { throw AvroError(.fileCorrupt, "A snappy block fails its CRC32 check") }
    }
}
