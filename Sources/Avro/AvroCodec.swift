/// The block compression codecs Sluice writes, named as in the Avro specification.
///
/// Sluice compresses blocks itself (see ``AvroBlockCompression``), so every codec here is written the same way and
/// on several threads. `deflate` is the portable choice; fastavro reads `snappy` only with `cramjam` installed and
/// `zstandard` only with `backports.zstd` (or Python 3.14's `compression.zstd`). avro-c 1.11 reads every codec but
/// `zstandard`, whose blocks ``AvroFileReader`` decompresses itself.
public enum AvroCodec: String, Sendable, CaseIterable {
    /// No compression.
    case null
    /// Raw deflate (RFC 1951, no zlib header), readable everywhere.
    case deflate
    /// Snappy, each block followed by the big-endian CRC32 of its uncompressed bytes.
    case snappy
    /// Zstandard frames.
    case zstandard

    /// The compression level Sluice writes with, chosen for backup speed over size: ISA-L igzip's level 1 for
    /// `deflate` (avro-c used zlib's level 9; on 27 MB of encoded hired_employees blocks igzip's level 1 took
    /// 0.09 s of CPU, libdeflate's level 1 0.31 s and zlib's level 1 about 0.4 s, and wrote 13.8 MB where
    /// libdeflate wrote 13.4 MB), zstd level 1 for `zstandard`. Snappy and null have no levels. On 1,000,000
    /// hired_employees rows the files were 13.8 MB (deflate), 13.3 MB (zstandard), 16.0 MB (snappy) and 27.1 MB
    /// (null).
    public var level: Int32 {
        switch self {
        case .deflate, .zstandard: 1
        case .null, .snappy: 0
        }
    }
}
