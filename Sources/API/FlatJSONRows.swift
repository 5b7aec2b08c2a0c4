import JSON

/// The fast path of the usual ingest body: a JSON array of flat objects whose values are strings,
/// integers of at most 18 digits, booleans or null, read in one pass over the bytes (a 1,000-row
/// batch in a fraction of `JSONSerialization`'s time, which the ingest throughput shows).
///
/// Anything else answers nil: a nested value, a fraction or exponent, a longer integer or `-0`, a
/// key twice in one object, malformed JSON or UTF-8. Such a body goes through `JSONSerialization`,
/// which alone decides what it means and what is wrong with it, so both paths agree by construction
/// on every body this one accepts (`FlatJSONRowsTests` compares them).
enum FlatJSONRows {
    /// The rows of `body`, or nil when it is not in the subset this path reads.
    static func parse(_ body: [UInt8]) -> [[String: JSONValue]]? {
        body.withUnsafeBufferPointer { bytes in
            var reader = Reader(bytes: bytes)
            return reader.rows()
        }
    }
}

/// The byte reader both `FlatJSONRows` paths share.
struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func rows() -> [[String: JSONValue]]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var rows: [[String: JSONValue]] = []
        if !take(UInt8(ascii: "]")) {
            repeat {
                guard let row = object() else { return nil }
                rows.append(row)
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "]")) else { return nil }
        }
        skipSpace()
        return at == bytes.count ? rows : nil
    }

    private mutating func object() -> [String: JSONValue]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var object: [String: JSONValue] = [:]
        if take(UInt8(ascii: "}")) { return object }
        repeat {
            skipSpace()
            guard let key = string(), take(UInt8(ascii: ":")), let value = value(),
                object.updateValue(value, forKey: key) == nil
            else { return nil }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? object : nil
    }

    mutating func value() -> JSONValue? {
        skipSpace()
        guard at < bytes.count else { return nil }
        switch bytes[at] {
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
        default: return nil
        }
    }

    mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count else { return nil }
        for offset in 0..<count where bytes[at + offset] != word.utf8Start[offset] { return nil }
        at += count
        return value
    }

    mutating func integer() -> JSONValue? {
        let negative = bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        let first = at
        var value: Int64 = 0
        while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") {
            value = value &* 10 &+ Int64(bytes[at] &- UInt8(ascii: "0"))
            at += 1
        }
        let digits = at - first
        guard digits > 0, digits <= 18, bytes[first] != UInt8(ascii: "0") || digits == 1 else { return nil }
        if at < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[at]) {
            return nil
        }
        if negative && value == 0 { return nil }
        return .integer(negative ? -value : value)
    }

    /// A string literal at `at`; copies bytes only when it holds an escape. ASCII text, the usual
    /// case, is valid UTF-8 as it stands: only other text goes through `String(validating:)`,
    /// which costs several times more (generic, with a metadata lookup per call).
    mutating func string() -> String? {
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
        at += 1
        let start = at
        var highBits: UInt8 = 0
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                at += 1
                let text = UnsafeBufferPointer(rebasing: bytes[start..<at - 1])
                return highBits < 0x80
                    ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            highBits |= byte
            at += 1
        }
        var text = Array(bytes[start..<at])
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            switch byte {
            case UInt8(ascii: "\""): return String(validating: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard at < bytes.count else { return nil }
                let escape = bytes[at]
                at += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    text.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            case 0..<0x20: return nil
            default: text.append(byte)
            }
        }
        return nil
    }

    /// The scalar of `\uXXXX` (the `\u` read), a surrogate pair taken whole; nil for a lone surrogate.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hex4() else { return nil }
        switch unit {
        case 0xD800..<0xDC00:
            guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                return nil
            }
            at += 2
            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        case 0xDC00..<0xE000: return nil
        default: return Unicode.Scalar(unit)
        }
    }

    private mutating func hex4() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }

    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    mutating func skipSpace() {
        while at < bytes.count {
            switch bytes[at] {
            case 0x20, 0x09, 0x0A, 0x0D: at += 1
            default: return
            }
        }
    }
}
