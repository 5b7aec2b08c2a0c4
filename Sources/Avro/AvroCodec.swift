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

    /// The compression level Sluice writes with, chosen for backup speed over size (a backup of 1,000,000 rows must
    /// take no longer than `mariadb-dump` on 2 cores, where every codec's CPU is taken from the row reader and the
    /// server). On the 27 MB those rows encode to, in 64 KiB blocks:
    /// - `deflate`: ISA-L igzip's level 1, 0.09 s of CPU for 13.8 MB, where libdeflate's level 1 took 0.31 s for
    ///   13.4 MB, zlib's level 1 about 0.4 s, and avro-c used zlib's level 9.
    /// - `zstandard`: zstd's fast level -5, 0.12 s for 15.0 MB, where level 1 took 0.2 s for 13.3 MB (and put the
    ///   backup 5% over `mariadb-dump`'s time) and level -3 0.14 s for the same 15.0 MB.
    /// - `snappy` (0.06 s, 16.0 MB) and `null` (27.1 MB) have no levels.
    public var level: Int32 {
        switch self {
        case .deflate: 1
        case .zstandard: -5
        case .null, .snappy: 0
        }
    }
}
