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

    /// Raw deflate at `level`, by ISA-L's igzip: a whole block in one stateless call, about 3 times as fast as
    /// libdeflate's fastest level and 3.5 times zlib's, for files about 2.5% larger (see ``AvroCodec/level``).
    private static func deflate(_ bytes: [UInt8], level: Int32) throws(AvroError) -> [UInt8] {
        // igzip keeps its hash table and history in the stream (82 KB), too large for a worker thread's stack. It is
        // zeroed first: isal_deflate_stateless_init leaves `hist_bits` as it finds it, and heap garbage there shrank
        // the 32 KiB window at random (the same rows compressed to 13.75-13.98 MB).
        let stream = UnsafeMutablePointer<isal_zstream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        UnsafeMutableRawPointer(stream).initializeMemory(
            as: UInt8.self, repeating: 0, count: MemoryLayout<isal_zstream>.size)
        isal_deflate_stateless_init(stream)
        // A stateless call compresses the whole block as the final one. Data that does not compress is stored, 5 bytes
        // of header per 65,535 bytes, after at most one block header.
        let capacity = bytes.count + 5 * (bytes.count / 65_535 + 1) + Int(ISAL_DEF_MAX_HDR_SIZE)
        var status = COMP_OK
        let output = bytes.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: capacity) { target, initialized in
                stream.pointee.level = UInt32(level)
                stream.pointee.gzip_flag = UInt16(IGZIP_DEFLATE)
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = UInt32(source.count)
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = UInt32(target.count)
                status = isal_deflate_stateless(stream)
                initialized = status == COMP_OK ? Int(stream.pointee.total_out) : 0
            }
        }
        guard status == COMP_OK else { throw AvroError(.writeFailed, "deflate failed (igzip \(status))") }
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
