internal import CCodecs
import Errors

/// Compresses and decompresses the data of one container-file block, as the Avro specification frames it for each
/// ``AvroCodec``. Safe to call from any thread: every call has its own compression state.
enum AvroBlockCompression {
    /// `bytes` compressed with `codec` at ``AvroCodec/level``.
    ///
    /// - Throws: ``AvroError`` `write_failed` when the compression library fails.
    static func compress(_ bytes: [UInt8], codec: AvroCodec) throws(AvroError) -> [UInt8] {
        switch codec {
        case .null: return bytes
        case .deflate: return try deflate(bytes, level: codec.level)
        case .snappy: return try snappy(bytes)
        case .zstandard: return try zstd(bytes, level: codec.level)
        }
    }

    /// The uncompressed bytes of a `zstandard` block, which may hold several frames and need not record their size.
    ///
    /// - Throws: ``AvroError`` `file_corrupt` when `bytes` are not valid zstd frames (a damaged or cut block).
    static func decompressZstd(_ bytes: [UInt8]) throws(AvroError) -> [UInt8] {
        guard let stream = ZSTD_createDStream() else { throw AvroError(.fileCorrupt, "Cannot start zstd") }
        defer { ZSTD_freeDStream(stream) }
        var output = [UInt8](repeating: 0, count: max(ZSTD_DStreamOutSize(), bytes.count * 4))
        var produced = 0
        var last = 0
        let failure: String? = bytes.withUnsafeBytes { source in
            var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            while input.pos < input.size || last != 0 {
                if produced == output.count { output.append(contentsOf: repeatElement(0, count: output.count)) }
                let rc = output.withUnsafeMutableBytes { target in
                    var out = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: produced)
                    defer { produced = out.pos }
                    return ZSTD_decompressStream(stream, &out, &input)
                }
                if ZSTD_isError(rc) != 0 { return String(cString: ZSTD_getErrorName(rc)) }
                if input.pos == input.size && rc != 0 && produced < output.count { return "truncated frame" }
                last = rc
            }
            return nil
        }
        if let failure { throw AvroError(.fileCorrupt, "A zstandard block does not decompress: \(failure)") }
        output.removeSubrange(produced...)
        return output
    }

    /// Raw deflate at `level`, by libdeflate: a whole block in one call, about 2.5 times as fast as zlib at the
    /// same level and a little smaller (see ``AvroCodec/level``).
    private static func deflate(_ bytes: [UInt8], level: Int32) throws(AvroError) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(level) else {
            throw AvroError(.writeFailed, "Cannot start deflate at level \(level)")
        }
        defer { libdeflate_free_compressor(compressor) }
        var output = [UInt8](repeating: 0, count: libdeflate_deflate_compress_bound(compressor, bytes.count))
        let size = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                libdeflate_deflate_compress(
                    compressor, source.baseAddress, source.count, target.baseAddress, target.count)
            }
        }
        guard size > 0 || bytes.isEmpty else { throw AvroError(.writeFailed, "deflate failed") }
        output.removeSubrange(size...)
        return output
    }

    /// Snappy, then the big-endian CRC32 of the uncompressed bytes.
    private static func snappy(_ bytes: [UInt8]) throws(AvroError) -> [UInt8] {
        var length = snappy_max_compressed_length(bytes.count)
        var output = [UInt8](repeating: 0, count: length + 4)
        let status = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                snappy_compress(
                    source.baseAddress?.assumingMemoryBound(to: CChar.self), source.count,
                    target.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        guard status == SNAPPY_OK else { throw AvroError(.writeFailed, "snappy failed (status \(status.rawValue))") }
        let checksum = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        output.removeSubrange((length + 4)...)
        for index in 0..<4 { output[length + index] = UInt8(truncatingIfNeeded: checksum >> (24 - 8 * index)) }
        return output
    }

    /// One zstd frame at `level`.
    private static func zstd(_ bytes: [UInt8], level: Int32) throws(AvroError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let size = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, level)
            }
        }
        guard ZSTD_isError(size) == 0 else {
            throw AvroError(.writeFailed, "zstd failed: \(String(cString: ZSTD_getErrorName(size)))")
        }
        output.removeSubrange(size...)
        return output
    }
}
