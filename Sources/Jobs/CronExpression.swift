import Errors
import Foundation

/// A 5-field cron expression (minute, hour, day of month, month, day of week) with ranges, steps,
/// lists and month/day names, or one of the macros `@hourly`, `@daily`, `@nightly` (02:00),
/// `@weekly`, `@monthly`.
///
/// As in Vixie cron, when both day fields are restricted a day matches if either does.
public struct CronExpression: Sendable, Equatable {
    /// The text the expression was parsed from.
    public let text: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday ... 6 = Saturday (7 is read as Sunday).
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    static let macros = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@nightly": "0 2 * * *",
        "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *",
    ]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Parses the expression; throws `invalid_schedule` naming the bad field.
    public init(parsing text: String) throws {
        self.text = text
        let expanded: String
        if text.hasPrefix("@") {
            guard let macro = Self.macros[text.lowercased()] else {
                throw JobsError(
                    .invalidSchedule,
                    "unknown macro '\(text)' (known: \(Self.macros.keys.sorted().joined(separator: ", ")), @every N)")
            }
            expanded = macro
        } else {
            expanded = text
        }
        let fields = expanded.split(whereSeparator: \.isWhitespace).map { String($0).lowercased() }
        guard fields.count == 5 else {
            throw JobsError(
                .invalidSchedule, "'\(text)' has \(fields.count) fields; cron needs 5: minute hour day month weekday")
        }
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: [])
        hours = try Self.field(fields[1], name: "hour", range: 0...23, names: [])
        daysOfMonth = try Self.field(fields[2], name: "day of month", range: 1...31, names: [])
        months = try Self.field(fields[3], name: "month", range: 1...12, names: Self.monthNames, nameBase: 1)
        daysOfWeek = Set(
            try Self.field(fields[4], name: "day of week", range: 0...7, names: Self.dayNames).map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    /// Whether the expression matches a day (1-based month and day, 0-based weekday from Sunday).
    func matches(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let byDay = daysOfMonth.contains(day)
        let byWeekday = daysOfWeek.contains(weekday)
        if dayOfMonthRestricted && dayOfWeekRestricted { return byDay || byWeekday }
        return byDay && byWeekday
    }

    /// Parses one field: `*`, `N`, `A-B`, any of them with `/STEP`, and comma-separated lists.
    private static func field(
        _ text: String, name: String, range: ClosedRange<Int>, names: [String], nameBase: Int = 0
    ) throws -> Set<Int> {
        func value(_ token: Substring) throws -> Int {
            if let number = Int(token), range.contains(number) { return number }
            if let index = names.firstIndex(of: String(token)) { return index + nameBase }
            throw JobsError(
                .invalidSchedule, "\(name) field: '\(token)' is not in \(range.lowerBound)-\(range.upperBound)")
        }
        var result = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else {
                throw JobsError(.invalidSchedule, "\(name) field: '\(part)' is not a value, range or step")
            }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else {
                    throw JobsError(.invalidSchedule, "\(name) field: step '\(pieces[1])' must be a positive number")
                }
                step = parsed
            }
            let bounds: ClosedRange<Int>
            if pieces[0] == "*" {
                bounds = range
            } else if let dash = pieces[0].firstIndex(of: "-") {
                let low = try value(pieces[0][..<dash])
                let high = try value(pieces[0][pieces[0].index(after: dash)...])
                guard low <= high else {
                    throw JobsError(.invalidSchedule, "\(name) field: range '\(pieces[0])' is backwards")
                }
                bounds = low...high
            } else {
                let start = try value(pieces[0])
                bounds = start...(pieces.count == 2 ? range.upperBound : start)
            }
            result.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return result
    }
}
