/// The state and logic of a ``CSVReader``: the read buffer, the position in it, and the line count.
///
/// A struct owned by the reader class so that its many fields are accessed with static exclusivity
/// checking; as class properties they cost a dynamic check each, about a tenth of the parse time.
struct CSVReaderCore {
    /// How many empty lines were skipped so far.
    private(set) var blankLines = 0

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

    /// The read buffer's current size in bytes.
    var bufferCapacity: Int { buffer.count }

    init(source: any ByteSource, options: CSVOptions, offset: Int64, line: Int, bufferSize: Int) {
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
    mutating func next() throws -> CSVRecord? {
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
    private mutating func nextRecord() throws -> CSVRecord? {
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
    private mutating func record(_ extent: RecordExtent) -> CSVRecord {
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
    private mutating func readTooLongRecord() throws -> CSVRecord {
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
    private mutating func tooLongRecord(raw: [UInt8], startOffset: Int64, contentEnd: Int64, newlines: Int) -> CSVRecord
    {
        let record = CSVRecord(
            fields: [], line: line, startOffset: startOffset, endOffset: bufferOffset + Int64(position),
            nextLine: line + newlines, raw: raw, problems: [.recordTooLong(bytes: Int(contentEnd - startOffset))])
        line += newlines
        return record
    }

    /// Skips a UTF-8 byte-order mark at the start of the input.
    private mutating func skipBOM() throws {
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
    private mutating func refill() throws {
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
