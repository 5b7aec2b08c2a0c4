/// An instant in UTC with microsecond precision, the storage form of `timestamp` columns.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSinceEpoch: Int64

    /// Creates a timestamp from microseconds since the Unix epoch.
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// Earlier instants sort first.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// The civil UTC date and time of the instant.
    public var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int) {
        let micros = Int(microsecondsSinceEpoch)
        let seconds = micros.floorDiv(1_000_000)
        let micro = micros - seconds * 1_000_000
        let days = seconds.floorDiv(86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilCalendar.civil(fromDays: days)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, micro)
    }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`, the form MariaDB's DATETIME accepts.
    public var sqlText: String {
        // `appendSQLText` writes four digits of the year; it builds no String per field.
        let civil = components
        guard (0...9999).contains(civil.year) else { return format(dateTimeSeparator: " ", zone: "") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(26)
        Self.appendSQLText(civil, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ISO-8601 in UTC: `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`.
    public var description: String { format(dateTimeSeparator: "T", zone: "Z") }

    /// Appends `sqlText` as UTF-8 to `bytes`, without building a String (the bulk-load hot path).
    public func appendSQLText(to bytes: inout [UInt8]) {
        Self.appendSQLText(components, to: &bytes)
    }

    /// Writes the text through an `OutputSpan` of its longest length (26 bytes), two digits at a
    /// time: an `append` to the array per byte, each checking its uniqueness and capacity, with a
    /// loop over powers of ten, took about 1,000 instructions a timestamp.
    private static func appendSQLText(
        _ c: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int), to bytes: inout [UInt8]
    ) {
        bytes.append(addingCapacity: 26) { out in
            appendTwoDigits(c.year / 100, to: &out)
            appendTwoDigits(c.year, to: &out)
            out.append(UInt8(ascii: "-"))
            appendTwoDigits(c.month, to: &out)
            out.append(UInt8(ascii: "-"))
            appendTwoDigits(c.day, to: &out)
            out.append(UInt8(ascii: " "))
            appendTwoDigits(c.hour, to: &out)
            out.append(UInt8(ascii: ":"))
            appendTwoDigits(c.minute, to: &out)
            out.append(UInt8(ascii: ":"))
            appendTwoDigits(c.second, to: &out)
            if c.micro != 0 {
                out.append(UInt8(ascii: "."))
                appendTwoDigits(c.micro / 10_000, to: &out)
                appendTwoDigits(c.micro / 100, to: &out)
                appendTwoDigits(c.micro, to: &out)
            }
        }
    }

    /// Appends the last two decimal digits of `value` (not negative).
    private static func appendTwoDigits(_ value: Int, to out: inout OutputSpan<UInt8>) {
        out.append(UInt8(ascii: "0") + UInt8(value / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private func format(dateTimeSeparator: String, zone: String) -> String {
        let c = components
        var text = "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))\(dateTimeSeparator)"
        text += "\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
        if c.micro != 0 { text += ".\(pad(c.micro, 6))" }
        return text + zone
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int {
    /// Division rounding towards negative infinity.
    func floorDiv(_ divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithms).
enum CivilCalendar {
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a count of days since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
