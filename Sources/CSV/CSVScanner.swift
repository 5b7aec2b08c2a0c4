/// The shape of one field found by ``CSVScanner``, telling the decoder how to turn its bytes into text.
///
/// A plain bit field rather than an `OptionSet`: `OptionSet` literals go through unspecialised generic
/// code that cost a third of the parse time.
struct FieldShape: Equatable {
    var bits: UInt8
    /// An unquoted field with nothing unusual.
    static let plain = FieldShape(bits: 0)
    /// The field starts with a quote.
    static let quoted = FieldShape(bits: 1)
    /// A quoted field holding at least one doubled quote.
    static let escaped = FieldShape(bits: 2)
    /// A quote in an unquoted field, or bytes after a closing quote.
    static let stray = FieldShape(bits: 4)
    /// A quoted field cut off by the end of the input.
    static let unterminated = FieldShape(bits: 8)

    /// Whether every flag of `other` is set.
    func contains(_ other: FieldShape) -> Bool { bits & other.bits == other.bits }
    /// Sets the flags of `other`.
    mutating func insert(_ other: FieldShape) { bits |= other.bits }
}

/// Where one field's bytes are in the read buffer, quotes included.
struct FieldSpan {
    var start: Int
    var end: Int
    var shape: FieldShape
}

/// Where one complete record is in the read buffer.
struct RecordExtent {
    /// The index just past the record's content, before its terminator.
    var contentEnd: Int
    /// The index just past the terminator, where the next record starts.
    var next: Int
    /// How many LF bytes the content holds (inside quoted fields).
    var newlines: Int
    /// Whether every content byte is ASCII, so no field needs UTF-8 validation.
    var isASCII: Bool
    /// Whether the input ended inside a quoted field.
    var isUnterminated: Bool
}

/// What the scanner found at the start of the unread bytes.
enum ScanOutcome {
    /// A record (or a blank line, when `contentEnd` is its start) whose fields are in the spans.
    case record(RecordExtent)
    /// The record may continue past the bytes in the buffer: read more and scan it again.
    case needMoreInput
    /// The record's content is longer than the limit: it is read by the too-long path instead.
    case tooLong
}

/// The RFC 4180 state machine: finds the fields and the end of one record in a buffer of bytes.
///
/// It is pure (no I/O, no allocation beyond the reused span array), so a record that straddles the
/// end of the buffer is simply scanned again from its start once more bytes are in.
struct CSVScanner {
    let delimiter: UInt8
    let quote: UInt8
    let maxRecordBytes: Int

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    init(options: CSVOptions) {
        delimiter = options.delimiter
        quote = options.quote
        maxRecordBytes = min(max(1, options.maxRecordBytes), Int(Int32.max))
    }

    /// Scans the record starting at `start` in `bytes[start..<end]`, filling `spans` with its fields.
    ///
    /// A normal record is recognised within its first `maxRecordBytes + 2` bytes (content plus CRLF),
    /// so the answer never depends on how the input was split into buffers.
    func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, atEndOfInput: Bool,
        into spans: inout [FieldSpan]
    ) -> ScanOutcome {
        spans.removeAll(keepingCapacity: true)
        let delimiter = self.delimiter
        let quote = self.quote
        let lf = Self.lf
        let cr = Self.cr
        let limit = start + maxRecordBytes + 2
        let horizon = min(end, limit)
        // What reaching the horizon means; nil when it is the end of the input.
        let atHorizon: ScanOutcome? = limit <= end ? .tooLong : (atEndOfInput ? nil : .needMoreInput)
        var i = start
        var newlines = 0
        var bits: UInt8 = 0

        func finish(_ contentEnd: Int, next: Int, unterminated: Bool = false) -> ScanOutcome {
            guard contentEnd - start <= maxRecordBytes else { return .tooLong }
            return .record(
                RecordExtent(
                    contentEnd: contentEnd, next: next, newlines: newlines, isASCII: bits < 0x80,
                    isUnterminated: unterminated))
        }

        while true {
            let fieldStart = i
            var shape = FieldShape.plain
            if i < horizon && bytes[i] == quote {
                shape = .quoted
                i += 1
                quoted: while true {
                    while i < horizon {
                        let byte = bytes[i]
                        if byte == quote { break }
                        if byte == lf { newlines += 1 }
                        bits |= byte
                        i += 1
                    }
                    if i == horizon {
                        if let outcome = atHorizon { return outcome }
                        spans.append(
                            FieldSpan(
                                start: fieldStart, end: i,
                                shape: FieldShape(bits: shape.bits | FieldShape.unterminated.bits)))
                        return finish(i, next: i, unterminated: true)
                    }
                    if i + 1 < horizon {
                        if bytes[i + 1] == quote {
                            shape.insert(.escaped)
                            i += 2
                            continue quoted
                        }
                    } else if let outcome = atHorizon {
                        return outcome
                    }
                    i += 1
                    break quoted
                }
                // Just past the closing quote: only a delimiter, a terminator or the end may follow.
                if i == horizon {
                    if let outcome = atHorizon { return outcome }
                    spans.append(FieldSpan(start: fieldStart, end: i, shape: shape))
                    return finish(i, next: i)
                }
                let byte = bytes[i]
                if byte == delimiter {
                    spans.append(FieldSpan(start: fieldStart, end: i, shape: shape))
                    i += 1
                    continue
                }
                if byte == lf {
                    spans.append(FieldSpan(start: fieldStart, end: i, shape: shape))
                    return finish(i, next: i + 1)
                }
                if byte == cr {
                    if i + 1 < horizon {
                        if bytes[i + 1] == lf {
                            spans.append(FieldSpan(start: fieldStart, end: i, shape: shape))
                            return finish(i, next: i + 2)
                        }
                    } else if let outcome = atHorizon {
                        return outcome
                    }
                }
                // Garbage after the closing quote: the rest of the field is read as unquoted bytes.
                shape.insert(.stray)
            }
            while i < horizon {
                let byte = bytes[i]
                if byte == delimiter || byte == lf { break }
                if byte == quote { shape.insert(.stray) }
                bits |= byte
                i += 1
            }
            if i == horizon {
                if let outcome = atHorizon { return outcome }
                spans.append(FieldSpan(start: fieldStart, end: i, shape: shape))
                return finish(i, next: i)
            }
            if bytes[i] == delimiter {
                spans.append(FieldSpan(start: fieldStart, end: i, shape: shape))
                i += 1
                continue
            }
            // An LF; a CR just before it, in this unquoted field, belongs to the terminator.
            let contentEnd = i > fieldStart && bytes[i - 1] == cr ? i - 1 : i
            spans.append(FieldSpan(start: fieldStart, end: contentEnd, shape: shape))
            return finish(contentEnd, next: i + 1)
        }
    }
}
