/// Reads RFC 4180 records one at a time from a file or from bytes in memory, through a fixed-size
/// buffer: memory stays bounded by the buffer plus ``CSVOptions/maxRecordBytes``, whatever the input.
///
/// What it accepts, and what it does with hostile input (it never crashes, hangs or stops on content;
/// every byte of the input ends up in exactly one record or blank line):
/// - A UTF-8 byte-order mark at offset 0 is skipped (only there).
/// - Records end with LF or CRLF. A CR not followed by LF is data. The last record may lack a terminator.
/// - A field starting with a quote is quoted: it may hold delimiters, CR, LF, and quotes doubled (`""`).
///   ``CSVRecord/line`` is the physical line where a record starts, counting the LFs inside quoted fields.
/// - An empty line (nothing between two terminators) is not a record: it is skipped and counted in
///   ``blankLines``. An empty input has no records. A line of only spaces is a record of one field.
/// - A quote inside an unquoted field, or bytes between a closing quote and the next delimiter, are kept
///   as data and reported as ``CSVProblem/strayQuote(field:)``: `a"b` gives `a"b`, `"a"b` gives `ab`.
/// - Fields that are not valid UTF-8 (NUL and binary bytes are just bytes) are decoded with U+FFFD and
///   reported as ``CSVProblem/invalidUTF8(field:)``.
/// - The end of the input inside a quoted field makes the rest of the input one record, with
///   ``CSVProblem/unterminatedQuote``.
/// - A record whose content is longer than ``CSVOptions/maxRecordBytes`` comes out as one record with
///   ``CSVProblem/recordTooLong(bytes:)``, no fields, and `raw` truncated to the limit; its bytes past
///   the limit are skipped without buffering. Past the limit quotes are no longer tracked: the record
///   ends at the first LF after its first `maxRecordBytes` bytes (or at the end of the input), and
///   reading resumes on the next line. So an unterminated quote early in a large file costs one
///   too-long record, and the lines after it are read as records again (typically the line holding
///   the would-be closing quote reports a stray quote).
///
/// Not `Sendable`: one reader belongs to one task at a time.
public final class CSVReader {
    /// How many empty lines were skipped before the last record returned by ``next()``. Blank lines
    /// after that record are counted only when the next call reads past them, so the pair
    /// (record's `endOffset`, `blankLines`) is a consistent checkpoint.
    public var blankLines: Int { core.blankLines }

    /// The read buffer size used unless a test asks for another.
    static let defaultBufferSize = 256 << 10

    private var core: CSVReaderCore

    /// The read buffer's current size in bytes, for tests that check memory stays bounded.
    var bufferCapacity: Int { core.bufferCapacity }

    /// A reader of the file at `path`, starting at byte `offset` which is on physical line `line`.
    ///
    /// To resume after a checkpoint, pass a record's ``CSVRecord/endOffset`` and ``CSVRecord/nextLine``.
    /// ``CSVOptions/skipHeader`` and the byte-order mark apply only when `offset` is 0.
    /// - Throws: ``CSVReadError`` `file_unreadable` when the file cannot be opened or positioned.
    public convenience init(
        path: String, options: CSVOptions = .init(), startingAt offset: Int64 = 0, line: Int = 1
    ) throws {
        try self.init(path: path, options: options, startingAt: offset, line: line, bufferSize: Self.defaultBufferSize)
    }

    /// A reader of the file at `path` with a chosen read buffer size (tests use small ones).
    init(path: String, options: CSVOptions, startingAt offset: Int64, line: Int, bufferSize: Int) throws {
        let source = try FileByteSource(path: path, offset: offset)
        core = CSVReaderCore(source: source, options: options, offset: offset, line: line, bufferSize: bufferSize)
    }

    /// A reader of bytes already in memory, such as an HTTP request body.
    public convenience init(bytes: [UInt8], options: CSVOptions = .init()) {
        self.init(bytes: bytes, options: options, bufferSize: Self.defaultBufferSize)
    }

    /// A reader of bytes in memory, handed to the parser in chunks of `bufferSize` (tests use small ones).
    init(bytes: [UInt8], options: CSVOptions, bufferSize: Int) {
        core = CSVReaderCore(
            source: MemoryByteSource(bytes), options: options, offset: 0, line: 1,
            bufferSize: min(bufferSize, max(bytes.count, 16)))
    }

    /// The next record, or nil at the end of the input.
    /// - Throws: ``CSVReadError`` `io_error` when reading the file fails.
    public func next() throws -> CSVRecord? {
        try core.next()
    }
}

@available(*, unavailable)
extension CSVReader: Sendable {}
