/// Strict percent-decoding of request paths and query parameters.
package enum PercentDecoding {
    /// Decodes `%XX` escapes in `text`. Returns `nil` when an escape is malformed, when the result
    /// contains a NUL byte, or when it is not valid UTF-8: such input is answered with 400.
    package static func decode(_ text: Substring.UTF8View) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = text.startIndex
        while index != text.endIndex {
            let byte = text[index]
            index = text.index(after: index)
            guard byte == UInt8(ascii: "%") else {
                guard byte != 0 else { return nil }
                bytes.append(byte)
                continue
            }
            guard index != text.endIndex, let high = hexValue(text[index]) else { return nil }
            index = text.index(after: index)
            guard index != text.endIndex, let low = hexValue(text[index]) else { return nil }
            index = text.index(after: index)
            let decoded = high << 4 | low
            guard decoded != 0 else { return nil }
            bytes.append(decoded)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Decodes a whole string; see ``decode(_:)-(Substring.UTF8View)``.
    static func decode(_ text: String) -> String? {
        decode(Substring(text).utf8)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
