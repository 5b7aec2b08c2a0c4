import Foundation

/// A JSON value as sent in a request body, keeping the difference between integers, other numbers,
/// booleans, strings, null and nested values, which the dictionary's types care about.
enum BatchValue: Encodable, Sendable {
    case null, bool(Bool), integer(Int64), number(Double), string(String), nested

    /// Classifies a value produced by `JSONSerialization`. Booleans arrive as `NSNumber`s whose
    /// type code is `c` (`__NSCFBoolean`); integers as `i`/`q`; an unsigned 64-bit value (`Q`) or
    /// any other number is kept as a floating-point number, which an integer column then refuses.
    init(_ value: Any) {
        switch value {
        case is NSNull: self = .null
        case let text as String: self = .string(text)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c": self = .bool(number.boolValue)
            case "i", "s", "l", "q": self = .integer(number.int64Value)
            default: self = .number(number.doubleValue)
            }
        default: self = .nested
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null, .nested: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}
