import Errors
public import Foundation

/// When a job fires: a cron expression read in a time zone, or a fixed interval.
public enum Schedule: Sendable, Equatable, CustomStringConvertible {
    /// A 5-field cron expression (or a macro such as `@daily`).
    case cron(CronExpression)
    /// Every `interval`, on slots aligned to the Unix epoch so every scheduler agrees on them.
    case every(Duration)

    /// Parses `@every 30s|5m|2h`, a macro (`@hourly`, `@daily`, `@nightly` = 02:00, `@weekly`,
    /// `@monthly`) or a 5-field cron expression; throws `invalid_schedule`.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("@every") {
            self = .every(try Self.interval(String(trimmed.dropFirst(6)).trimmingCharacters(in: .whitespaces)))
        } else {
            self = .cron(try CronExpression(parsing: trimmed))
        }
    }

    /// The first slot strictly after `instant`, in `timeZone`; nil when the expression never matches.
    public func next(after instant: Date, in timeZone: TimeZone) -> Date? {
        switch self {
        case .cron(let expression):
            return expression.next(after: instant, in: timeZone)
        case .every(let interval):
            let step = interval.seconds
            let slots = (instant.timeIntervalSince1970 / step).rounded(.down) + 1
            return Date(timeIntervalSince1970: slots * step)
        }
    }

    /// The first `count` slots after `instant` in `timeZone`, each found from the one before as the
    /// scheduler finds them (so DST gaps and repeats come out as it fires them).
    public func slots(after instant: Date, count: Int, in timeZone: TimeZone) -> [Date] {
        var slots: [Date] = []
        var cursor = instant
        while slots.count < count, let slot = next(after: cursor, in: timeZone) {
            slots.append(slot)
            cursor = slot
        }
        return slots
    }

    /// The schedule as written in a definition.
    public var description: String {
        switch self {
        case .cron(let expression): expression.text
        case .every(let interval): "@every \(Int(interval.seconds))s"
        }
    }

    /// The longest interval or duration a definition may give: a year.
    static let longest: Int64 = 366 * 86400

    /// Parses `30s`, `5m`, `2h` or `1d` (at least one second, at most a year).
    static func interval(_ text: String) throws -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last, let factor = units[unit], let count = Int64(text.dropLast()), count > 0,
            count <= longest / factor
        else {
            throw JobsError(
                .invalidSchedule, "'@every \(text)': give an interval like 30s, 5m, 2h or 1d (at most a year)")
        }
        return .seconds(count * factor)
    }
}

extension Duration {
    /// The duration in seconds, with fractions.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
