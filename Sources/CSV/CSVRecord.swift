/// One record read by a ``CSVReader``: its decoded fields, where it sits in the input, its raw
/// bytes, and whatever was wrong with it.
public struct CSVRecord: Sendable, Hashable {
    /// The decoded fields: quotes removed, `""` turned into `"`, whitespace kept as is.
    ///
    /// Empty when the record is too long (see ``CSVProblem/recordTooLong(bytes:)``).
    public var fields: [String]
    /// The 1-based physical line where the record starts, counting every LF before it, including
    /// those inside quoted fields and blank lines.
    public var line: Int
    /// The byte offset of the record's first byte in the input (after a byte-order mark).
    public var startOffset: Int64
    /// The byte offset just past the record's terminator: where the next record or blank line starts,
    /// and where a resumed reader should start (see ``CSVReader/init(path:options:startingAt:line:)``).
    public var endOffset: Int64
    /// The physical line at ``endOffset``: the `line` to resume with. It is `line` plus the LFs inside
    /// the record plus one for its terminator (none when the input ends without one).
    public var nextLine: Int
    /// The record's bytes as they are in the input, without the terminator; truncated to
    /// ``CSVOptions/maxRecordBytes`` when the record is too long.
    public var raw: [UInt8]
    /// What was wrong with the record, in field order; empty for a clean record.
    public var problems: [CSVProblem]

    /// A record with every property given.
    public init(
        fields: [String], line: Int, startOffset: Int64, endOffset: Int64, nextLine: Int, raw: [UInt8],
        problems: [CSVProblem] = []
    ) {
        self.fields = fields
        self.line = line
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.nextLine = nextLine
        self.raw = raw
        self.problems = problems
    }

    /// Whether the record was read without any problem.
    public var isClean: Bool { problems.isEmpty }
}

/// Something wrong with a record. The reader reports it and keeps going; it never stops on bad input.
///
/// Field numbers are 0-based indexes into ``CSVRecord/fields``.
public enum CSVProblem: Sendable, Hashable {
    /// The field's bytes are not valid UTF-8; it was decoded with U+FFFD in place of the bad sequences.
    case invalidUTF8(field: Int)
    /// The input ended inside a quoted field; the record holds everything up to the end of the input.
    case unterminatedQuote
    /// The record is longer than ``CSVOptions/maxRecordBytes``; `bytes` is the length of what the reader
    /// took as the record, without its terminator.
    case recordTooLong(bytes: Int)
    /// A quote inside an unquoted field, or bytes between a closing quote and the next delimiter.
    /// Those bytes are kept in the field as they are.
    case strayQuote(field: Int)
}
