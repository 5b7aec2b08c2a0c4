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
    public private(set) var blankLines = 0

    /// The read buffer size used unless a test asks for another.
    static let defaultBufferSize = 256 << 10

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    private let scanner: CSVScanner
    private let decoder: FieldDecoder
    private let source: any ByteSource
    /// Holds the unread bytes in `position..<end`; grows only to fit one record of the maximum size.
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    /// The input offset of `buffer[0]`.
    private var bufferOffset: Int64
    private var atEndOfInput = false
    /// The physical line at `position`.
    private var line: Int
    private var needsBOMCheck: Bool
    private var headerPending: Bool
    /// The fields of the record being scanned; reused so that scanning allocates nothing.
    private var spans: [FieldSpan] = []

    /// The read buffer's current size in bytes, for tests that check memory stays bounded.
    var bufferCapacity: Int { buffer.count }

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
    convenience init(path: String, options: CSVOptions, startingAt offset: Int64, line: Int, bufferSize: Int) throws {
        let source = try FileByteSource(path: path, offset: offset)
        self.init(source: source, options: options, offset: offset, line: line, bufferSize: bufferSize)
    }

    /// A reader of bytes already in memory, such as an HTTP request body.
    public convenience init(bytes: [UInt8], options: CSVOptions = .init()) {
        self.init(bytes: bytes, options: options, bufferSize: Self.defaultBufferSize)
    }

    /// A reader of bytes in memory, handed to the parser in chunks of `bufferSize` (tests use small ones).
    convenience init(bytes: [UInt8], options: CSVOptions, bufferSize: Int) {
        self.init(
            source: MemoryByteSource(bytes), options: options, offset: 0, line: 1,
            bufferSize: min(bufferSize, max(bytes.count, 16)))
    }

    private init(source: any ByteSource, options: CSVOptions, offset: Int64, line: Int, bufferSize: Int) {
        self.source = source
        scanner = CSVScanner(options: options)
        decoder = FieldDecoder(quote: options.quote)
        buffer = [UInt8](repeating: 0, count: max(bufferSize, 4))
        bufferOffset = offset
        self.line = line
        needsBOMCheck = offset == 0
        headerPending = options.skipHeader && offset == 0
    }

    /// The next record, or nil at the end of the input.
    /// - Throws: ``CSVReadError`` `io_error` when reading the file fails.
    public func next() throws -> CSVRecord? {
        if needsBOMCheck { try skipBOM() }
        while let record = try nextRecord() {
            if headerPending {
                headerPending = false
                continue
            }
            return record
        }
        return nil
    }

    /// The next record, header included, skipping blank lines.
    private func nextRecord() throws -> CSVRecord? {
        while true {
            if position == end {
                if atEndOfInput { return nil }
                try refill()
                continue
            }
            let start = position
            let outcome = buffer.withUnsafeBufferPointer {
                scanner.scan($0, from: start, to: end, atEndOfInput: atEndOfInput, into: &spans)
            }
            switch outcome {
            case .needMoreInput:
                try refill()
            case .tooLong:
                return try readTooLongRecord()
            case .record(let extent) where extent.contentEnd == start:
                blankLines += 1
                line += 1
                position = extent.next
            case .record(let extent):
                return record(extent)
            }
        }
    }

    /// Builds the record the scanner just found at `position` and moves past it.
    private func record(_ extent: RecordExtent) -> CSVRecord {
        let start = position
        var problems: [CSVProblem] = []
        let (fields, raw) = buffer.withUnsafeBufferPointer { bytes in
            (
                decoder.decode(spans, in: bytes, isASCII: extent.isASCII, problems: &problems),
                Array(UnsafeBufferPointer(rebasing: bytes[start..<extent.contentEnd]))
            )
        }
        if extent.isUnterminated { problems.append(.unterminatedQuote) }
        let nextLine = line + extent.newlines + (extent.next > extent.contentEnd ? 1 : 0)
        let record = CSVRecord(
            fields: fields, line: line, startOffset: bufferOffset + Int64(start),
            endOffset: bufferOffset + Int64(extent.next), nextLine: nextLine, raw: raw, problems: problems)
        line = nextLine
        position = extent.next
        return record
    }

    /// Reads a record longer than the limit: keeps its first `maxRecordBytes` bytes, then skips to the
    /// first LF after them (or the end of the input) without buffering what it skips.
    private func readTooLongRecord() throws -> CSVRecord {
        let start = position
        let kept = scanner.maxRecordBytes
        let startOffset = bufferOffset + Int64(start)
        let raw = Array(buffer[start..<(start + kept)])
        let newlines = raw.reduce(0) { $1 == Self.lf ? $0 + 1 : $0 }
        var searchFrom = start + kept
        var previousIsCR = buffer[searchFrom - 1] == Self.cr
        while true {
            if let lf = buffer[searchFrom..<end].firstIndex(of: Self.lf) {
                let crBefore = lf > searchFrom ? buffer[lf - 1] == Self.cr : previousIsCR
                position = lf + 1
                return tooLongRecord(
                    raw: raw, startOffset: startOffset, contentEnd: bufferOffset + Int64(crBefore ? lf - 1 : lf),
                    newlines: newlines + 1)
            }
            if end > searchFrom { previousIsCR = buffer[end - 1] == Self.cr }
            position = end
            if atEndOfInput {
                return tooLongRecord(
                    raw: raw, startOffset: startOffset, contentEnd: bufferOffset + Int64(end), newlines: newlines)
            }
            try refill()
            searchFrom = position
        }
    }

    /// The record for a too-long span that ends at input offset `contentEnd`, with `position` just past it.
    private func tooLongRecord(raw: [UInt8], startOffset: Int64, contentEnd: Int64, newlines: Int) -> CSVRecord {
        let record = CSVRecord(
            fields: [], line: line, startOffset: startOffset, endOffset: bufferOffset + Int64(position),
            nextLine: line + newlines, raw: raw, problems: [.recordTooLong(bytes: Int(contentEnd - startOffset))])
        line += newlines
        return record
    }

    /// Skips a UTF-8 byte-order mark at the start of the input.
    private func skipBOM() throws {
        needsBOMCheck = false
        while end - position < 3 && !atEndOfInput { try refill() }
        if end - position >= 3 && buffer[position] == 0xEF && buffer[position + 1] == 0xBB
            && buffer[position + 2] == 0xBF
        {
            position += 3
        }
    }

    /// Moves the unread bytes to the front of the buffer, grows it if a record in progress fills it,
    /// and reads more input; sets `atEndOfInput` when there is none.
    private func refill() throws {
        if position > 0 {
            buffer.withUnsafeMutableBytes { bytes in
                bytes.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[position..<end]))
            }
            end -= position
            bufferOffset += Int64(position)
            position = 0
        }
        if end == buffer.count {
            let grown = min(buffer.count * 2, max(buffer.count, scanner.maxRecordBytes + 2))
            buffer.append(contentsOf: repeatElement(0, count: grown - buffer.count))
        }
        let count = try buffer.withUnsafeMutableBytes { bytes in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[end...]))
        }
        if count == 0 { atEndOfInput = true } else { end += count }
    }
}

@available(*, unavailable)
extension CSVReader: Sendable {}
