public import Foundation

/// Converts instants to and from MariaDB `DATETIME(6)` text in UTC (sessions run with `time_zone = '+00:00'`).
public enum DBTime {
    /// The Gregorian calendar in UTC, in which the text is read and written.
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    /// `yyyy-MM-dd HH:mm:ss.ffffff`.
    public static func text(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let micros = Int((date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)) * 1_000_000)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2)) \(pad(parts.hour, 2)):"
            + "\(pad(parts.minute, 2)):\(pad(parts.second, 2)).\(pad(micros, 6))"
    }

    /// The bind value for `date`.
    public static func value(_ date: Date?) -> Value { date.map { .string(text($0)) } ?? .null }

    /// Parses `yyyy-MM-dd HH:mm:ss[.ffffff]`; nil for NULL or anything else.
    public static func date(_ value: Value) -> Date? {
        guard case .string(let text) = value else { return nil }
        let fields = text.split(whereSeparator: { "- :.".contains($0) }).map { Int($0) }
        guard fields.count >= 6, fields.allSatisfy({ $0 != nil }) else { return nil }
        let parts = DateComponents(
            year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4], second: fields[5])
        guard let whole = calendar.date(from: parts) else { return nil }
        let fraction = text.split(separator: ".").dropFirst().first.map { Double("0." + $0) ?? 0 } ?? 0
        return whole + fraction
    }
}
