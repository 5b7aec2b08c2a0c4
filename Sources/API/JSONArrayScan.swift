/// Counts the elements of a body's top-level JSON array without parsing them, and stops as soon as
/// the count passes a limit: a batch of too many rows is refused before `JSONSerialization` builds
/// any of it (a 16 MB body of millions of tiny objects would otherwise take seconds and gigabytes).
enum JSONArrayScan {
    /// Whether `body` is a JSON array with more than `limit` elements at its top level. A body that
    /// is not an array, or is malformed before the limit is passed, answers `false`: the parser
    /// then says what is wrong with it.
    static func hasMoreElements(than limit: Int, in body: [UInt8]) -> Bool {
        var depth = 0
        var count = 0
        var inString = false
        var escaped = false
        var expectingElement = false
        for byte in body {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if depth == 0 && byte != UInt8(ascii: "[") { return false }
            if depth == 1 && expectingElement && byte != UInt8(ascii: "]") {
                count += 1
                if count > limit { return true }
                expectingElement = false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth == 1 { expectingElement = true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth <= 0 { return false }
            case UInt8(ascii: ",") where depth == 1:
                expectingElement = true
            default:
                break
            }
        }
        return false
    }
}
