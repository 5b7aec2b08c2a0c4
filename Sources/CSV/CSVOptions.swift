/// How a ``CSVReader`` splits bytes into records and fields.
///
/// The defaults read RFC 4180 files: comma delimiter, double-quote quoting, no header, and records
/// of at most 1 MiB.
public struct CSVOptions: Sendable, Hashable {
    /// The byte that separates fields, `,` by default.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// The byte that quotes a field, `"` by default; inside a quoted field it is doubled (`""`).
    public var quote: UInt8 = UInt8(ascii: "\"")
    /// Whether the first record of the file is a header that ``CSVReader/next()`` drops.
    ///
    /// It applies only when reading starts at offset 0: a reader resumed further on is past the header.
    public var skipHeader: Bool = false
    /// The longest record, in bytes without its terminator, that is parsed into fields.
    ///
    /// A longer record comes out as one ``CSVRecord`` with ``CSVProblem/recordTooLong(bytes:)``, no
    /// fields and its `raw` truncated to this many bytes. The reader's memory is bounded by about this
    /// size plus its read buffer. Values below 1 count as 1.
    public var maxRecordBytes: Int = 1 << 20

    /// Options with the defaults, changed afterwards through the properties.
    public init() {}

    /// Options with every setting given.
    public init(
        delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""), skipHeader: Bool = false,
        maxRecordBytes: Int = 1 << 20
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.skipHeader = skipHeader
        self.maxRecordBytes = maxRecordBytes
    }
}
