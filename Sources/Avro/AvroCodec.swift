/// The block compression codecs avro-c 1.11.1 on Debian was built with.
///
/// `deflate` is the portable choice: fastavro reads `snappy` only with `cramjam` installed and cannot read avro-c's
/// `lzma` files.
public enum AvroCodec: String, Sendable, CaseIterable {
    /// No compression.
    case null
    /// zlib deflate (RFC 1951), readable everywhere.
    case deflate
    /// Snappy with a CRC32 per block.
    case snappy
    /// xz/LZMA2 (avro-c's framing; other implementations may not read it).
    case lzma
}
