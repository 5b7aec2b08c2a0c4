/// Strict parsers for the `date` and `timestamp` column types.
///
/// A timestamp is an ISO-8601 / RFC 3339 instant: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of up
/// to 6 digits (more only if the extra digits are zeros), and a required zone: `Z`, `±HH:MM`, `±HHMM`
/// or `±HH`. The date must exist in the calendar and the result, in UTC, must lie within MariaDB's
/// DATETIME range (years 1000 to 9999).
enum TemporalParser {
    /// Parses a timestamp, or returns why it is not one.
    static func timestamp(_ text: String) -> Result<Timestamp, TemporalError> {
        var scanner = ByteScanner(text)
        guard let (year, month, day) = scanner.date(), let separator = scanner.byte(),
            separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t"),
            let hour = scanner.digits(2), scanner.expect(":"), let minute = scanner.digits(2), scanner.expect(":"),
            let second = scanner.digits(2)
        else { return .failure(.shape) }
        guard CivilCalendar.isValid(year: year, month: month, day: day) else {
            return .failure(.noSuchDate(String(text.prefix(10))))
        }
        guard hour < 24, minute < 60, second < 60 else { return .failure(.timeOutOfRange) }
        var micro = 0
        if scanner.peek == UInt8(ascii: ".") || scanner.peek == UInt8(ascii: ",") {
            scanner.advance()
            guard let fraction = scanner.fraction() else { return .failure(.precision) }
            micro = fraction
        }
        guard !scanner.isAtEnd else { return .failure(.missingZone) }
        guard let offsetSeconds = scanner.zone(), scanner.isAtEnd else { return .failure(.shape) }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        let utcYear = CivilCalendar.civil(fromDays: seconds.floorDiv(86_400)).year
        guard (1000...9999).contains(utcYear) else { return .failure(.outOfRange) }
        return .success(Timestamp(microsecondsSinceEpoch: Int64(seconds) * 1_000_000 + Int64(micro)))
    }

    /// Parses a `YYYY-MM-DD` date, or returns why it is not one.
    static func date(_ text: String) -> Result<String, TemporalError> {
        var scanner = ByteScanner(text)
        guard let (year, month, day) = scanner.date(), scanner.isAtEnd else { return .failure(.dateShape) }
        guard CivilCalendar.isValid(year: year, month: month, day: day) else { return .failure(.noSuchDate(text)) }
        guard year >= 1000 else { return .failure(.outOfRange) }
        return .success(text)
    }
}

/// Why a date or timestamp was refused; `message` is the reason reported for the row.
enum TemporalError: Error, Equatable {
    case shape, dateShape, noSuchDate(String), timeOutOfRange, precision, missingZone, outOfRange

    var message: String {
        switch self {
        case .shape: "not an ISO-8601 instant (expected YYYY-MM-DDTHH:MM:SS with Z or ±HH:MM)"
        case .dateShape: "not a date (expected YYYY-MM-DD)"
        case .noSuchDate(let date): "\(date) is not a real calendar date"
        case .timeOutOfRange: "the time of day is out of range"
        case .precision: "fractional seconds beyond microseconds are not kept"
        case .missingZone: "the instant has no time zone (add Z or an offset such as +02:00)"
        case .outOfRange: "outside the supported years 1000 to 9999"
        }
    }
}

extension CivilCalendar {
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysInMonth(month, year: year)
    }
}

/// A cursor over the UTF-8 bytes of a field.
private struct ByteScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { index == bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    mutating func advance() { index += 1 }

    mutating func byte() -> UInt8? {
        guard let byte = peek else { return nil }
        index += 1
        return byte
    }

    mutating func expect(_ character: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + count] {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += count
        return value
    }

    mutating func date() -> (Int, Int, Int)? {
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2) else {
            return nil
        }
        return (year, month, day)
    }

    /// Fraction digits as microseconds; nil when there are none or non-zero digits past the sixth.
    mutating func fraction() -> Int? {
        var micro = 0
        var count = 0
        while let byte = peek, byte >= 48 && byte <= 57 {
            if count < 6 {
                micro = micro * 10 + Int(byte - 48)
            } else if byte != 48 {
                return nil
            }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 6) { micro *= 10 }
        return micro
    }

    /// The zone offset east of UTC in seconds; nil when absent or malformed.
    mutating func zone() -> Int? {
        guard let sign = byte() else { return nil }
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") { return 0 }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), let hours = digits(2), hours < 24 else {
            return nil
        }
        var minutes = 0
        if !isAtEnd {
            _ = expect(":")
            guard let value = digits(2), value < 60 else { return nil }
            minutes = value
        }
        let offset = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -offset : offset
    }
}
