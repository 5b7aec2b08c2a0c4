/// Turns the field spans of one scanned record into strings, noting stray quotes and bad UTF-8.
struct FieldDecoder {
    let quote: UInt8

    /// Decodes every span of a record; `isASCII` skips UTF-8 validation when the scanner saw no byte >= 0x80.
    func decode(
        _ spans: [FieldSpan], in bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool, problems: inout [CSVProblem]
    ) -> [String] {
        var fields: [String] = []
        fields.reserveCapacity(spans.count)
        for index in 0..<spans.count {
            let span = spans[index]
            if span.shape.contains(.stray) { problems.append(.strayQuote(field: index)) }
            // Switching on the raw bits keeps this loop free of generic `~=` calls.
            switch span.shape.bits {
            case FieldShape.plain.bits, FieldShape.stray.bits:
                fields.append(text(bytes, span.start, span.end, isASCII: isASCII, field: index, problems: &problems))
            case FieldShape.quoted.bits:
                fields.append(
                    text(bytes, span.start + 1, span.end - 1, isASCII: isASCII, field: index, problems: &problems))
            default:
                let unquoted = unescape(bytes, span)
                fields.append(
                    unquoted.withUnsafeBufferPointer {
                        text($0, 0, $0.count, isASCII: isASCII, field: index, problems: &problems)
                    })
            }
        }
        return fields
    }

    /// The text of `bytes[start..<end]`, decoded with U+FFFD replacement if it is not valid UTF-8.
    private func text(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isASCII: Bool, field: Int,
        problems: inout [CSVProblem]
    ) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if isASCII { return String(decoding: slice, as: UTF8.self) }
        if let valid = String(validating: slice, as: UTF8.self) { return valid }
        problems.append(.invalidUTF8(field: field))
        return String(decoding: slice, as: UTF8.self)
    }

    /// The content of a quoted field: doubled quotes made single, the closing quote dropped, and any
    /// bytes after it (a stray tail) kept as they are.
    private func unescape(_ bytes: UnsafeBufferPointer<UInt8>, _ span: FieldSpan) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        var i = span.start + 1
        var inQuotes = true
        while i < span.end {
            let byte = bytes[i]
            i += 1
            if inQuotes && byte == quote {
                if i < span.end && bytes[i] == quote {
                    i += 1
                } else {
                    inQuotes = false
                    continue
                }
            }
            out.append(byte)
        }
        return out
    }
}
