internal import CAvro

/// Avro's zigzag varint encoding of a `long`, read byte by byte from an avro-c reader.
enum AvroVarint {
    /// What reading a varint found.
    enum Read {
        case value(Int64)
        /// The file ended; `atFirstByte` when before any byte of the varint.
        case endOfFile(atFirstByte: Bool)
        /// More than ten bytes with the continuation bit.
        case invalid
    }

    /// Reads one varint from `reader`, adding the bytes it took to `consumed`.
    static func read(from reader: avro_reader_t, consumed: inout Int) -> Read {
        var raw: UInt64 = 0
        var byte: UInt8 = 0
        for shift in stride(from: UInt64(0), to: 70, by: 7) {
            if avro_read(reader, &byte, 1) != 0 { return .endOfFile(atFirstByte: shift == 0) }
            consumed += 1
            raw |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return .value(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)) }
        }
        return .invalid
    }
}
