public import Foundation

extension CronExpression {
    /// The first instant strictly after `instant` whose wall-clock time in `timeZone` matches.
    ///
    /// Wall-clock times are mapped to instants one to one, so every matching wall time fires once:
    /// a time repeated when clocks go back fires at its first occurrence only, and a time skipped
    /// when clocks go forward fires once at the first valid instant after the gap.
    public func next(after instant: Date, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? timeZone
        let wallNow = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        let firstWallMinute = (wallNow / 60).rounded(.down) * 60
        var dayStart = (wallNow / 86400).rounded(.down) * 86400
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        for _ in 0..<(366 * 8) {
            defer { dayStart += 86400 }
            let day = calendar.dateComponents([.month, .day, .weekday], from: Date(timeIntervalSince1970: dayStart))
            guard let month = day.month, let dayOfMonth = day.day, let weekday = day.weekday,
                matches(month: month, day: dayOfMonth, weekday: weekday - 1)
            else { continue }
            for hour in sortedHours {
                for minute in sortedMinutes {
                    let wall = dayStart + Double(hour * 3600 + minute * 60)
                    if wall < firstWallMinute { continue }
                    let candidate = Self.instant(forWall: wall, in: timeZone)
                    if candidate > instant { return candidate }
                }
            }
        }
        return nil
    }

    /// The instant a wall-clock time (seconds since the epoch, read as if in UTC) stands for in
    /// `timeZone`: its earliest occurrence, or for a time inside a forward gap the end of the gap.
    static func instant(forWall wall: TimeInterval, in timeZone: TimeZone) -> Date {
        let offsets = Set(
            [wall - 86400, wall, wall + 86400].map {
                timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: $0))
            })
        let valid = offsets.map { wall - Double($0) }.filter { candidate in
            Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: candidate))) == wall - candidate
        }
        if let earliest = valid.min() { return Date(timeIntervalSince1970: earliest) }
        let widest = Double(offsets.max() ?? 0)
        if let gapEnd = timeZone.nextDaylightSavingTimeTransition(
            after: Date(timeIntervalSince1970: wall - widest - 86400))
        {
            return gapEnd
        }
        return Date(timeIntervalSince1970: wall - Double(offsets.min() ?? 0))
    }
}
