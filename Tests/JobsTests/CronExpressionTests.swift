import Errors
import Foundation
import Testing

@testable import Jobs

/// Parses `yyyy-MM-ddTHH:mm:ssZ` (UTC) for fixed test instants.
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: text) ?? Date.distantPast
}

func zone(_ name: String) -> TimeZone { TimeZone(identifier: name) ?? TimeZone(secondsFromGMT: 0)! }

@Suite struct CronExpressionTests {
    func next(_ schedule: String, after: String, in tz: String = "UTC") throws -> Date? {
        try Schedule(parsing: schedule).next(after: instant(after), in: zone(tz))
    }

    @Test func fieldsRangesStepsListsAndNames() throws {
        #expect(try next("*/15 * * * *", after: "2024-01-01T10:07:00Z") == instant("2024-01-01T10:15:00Z"))
        #expect(try next("0 9-17/4 * * *", after: "2024-01-01T10:00:00Z") == instant("2024-01-01T13:00:00Z"))
        #expect(try next("5,35 * * * *", after: "2024-01-01T10:05:00Z") == instant("2024-01-01T10:35:00Z"))
        #expect(try next("0 0 * * mon", after: "2024-01-01T00:00:00Z") == instant("2024-01-08T00:00:00Z"))
        #expect(try next("0 0 1 feb *", after: "2024-01-15T00:00:00Z") == instant("2024-02-01T00:00:00Z"))
        #expect(try next("0 0 29 2 *", after: "2024-03-01T00:00:00Z") == instant("2028-02-29T00:00:00Z"))
        // Both day fields restricted: either matches (the 13th, or a Friday).
        #expect(try next("0 0 13 * fri", after: "2024-09-01T00:00:00Z") == instant("2024-09-06T00:00:00Z"))
        #expect(try next("0 0 * * 7", after: "2024-01-01T00:00:00Z") == instant("2024-01-07T00:00:00Z"))
    }

    @Test func macrosAndIntervals() throws {
        #expect(try next("@nightly", after: "2024-01-01T02:00:00Z") == instant("2024-01-02T02:00:00Z"))
        #expect(try next("@hourly", after: "2024-01-01T02:00:00Z") == instant("2024-01-01T03:00:00Z"))
        #expect(try next("@daily", after: "2024-01-01T02:00:00Z") == instant("2024-01-02T00:00:00Z"))
        #expect(try next("@weekly", after: "2024-01-01T02:00:00Z") == instant("2024-01-07T00:00:00Z"))
        #expect(try next("@every 30s", after: "2024-01-01T02:00:10Z") == instant("2024-01-01T02:00:30Z"))
        #expect(try next("@every 2h", after: "2024-01-01T02:00:00Z") == instant("2024-01-01T04:00:00Z"))
        #expect(try next("@every 5m", after: "2024-01-01T02:04:59Z") == instant("2024-01-01T02:05:00Z"))
    }

    @Test func timeZones() throws {
        // 09:00 in New York in winter is 14:00 UTC.
        #expect(
            try next("0 9 * * *", after: "2024-01-01T00:00:00Z", in: "America/New_York")
                == instant("2024-01-01T14:00:00Z"))
    }

    @Test func springForwardGapRunsOnceAfterTheGap() throws {
        // Europe/Paris, 2024-03-31: 02:00 local jumps to 03:00 (01:00 UTC).
        let first = try next("30 2 * * *", after: "2024-03-30T12:00:00Z", in: "Europe/Paris")
        #expect(first == instant("2024-03-31T01:00:00Z"))
        let second = try Schedule(parsing: "30 2 * * *").next(after: try #require(first), in: zone("Europe/Paris"))
        #expect(second == instant("2024-04-01T00:30:00Z"))
        // Every quarter hour: the gap's slots collapse to one run at 03:00, then 03:15.
        let quarter = try Schedule(parsing: "*/15 * * * *")
        let atGap = quarter.next(after: instant("2024-03-31T00:50:00Z"), in: zone("Europe/Paris"))
        #expect(atGap == instant("2024-03-31T01:00:00Z"))
        #expect(quarter.next(after: try #require(atGap), in: zone("Europe/Paris")) == instant("2024-03-31T01:15:00Z"))
    }

    @Test func fallBackRepeatRunsOnce() throws {
        // Europe/Paris, 2024-10-27: 03:00 local goes back to 02:00; 02:30 happens at 00:30 and 01:30 UTC.
        let schedule = try Schedule(parsing: "30 2 * * *")
        let first = schedule.next(after: instant("2024-10-26T12:00:00Z"), in: zone("Europe/Paris"))
        #expect(first == instant("2024-10-27T00:30:00Z"))
        let second = schedule.next(after: try #require(first), in: zone("Europe/Paris"))
        #expect(second == instant("2024-10-28T01:30:00Z"))
        // Asked from inside the repeated hour, the slot that already passed is not fired again.
        #expect(
            schedule.next(after: instant("2024-10-27T01:10:00Z"), in: zone("Europe/Paris"))
                == instant("2024-10-28T01:30:00Z"))
    }

    @Test func badExpressionsNameTheField() {
        for (text, fragment) in [
            ("61 * * * *", "minute"), ("* 24 * * *", "hour"), ("* * 0 * *", "day of month"), ("* * * foo *", "month"),
            ("* * * * 8", "day of week"), ("* * *", "5"), ("@often", "unknown macro"), ("@every 5x", "interval"),
            ("*/0 * * * *", "step"), ("5-1 * * * *", "backwards"),
        ] {
            #expect {
                try Schedule(parsing: text)
            } throws: { error in
                (error as? JobsError)?.code == .invalidSchedule && "\(error)".contains(fragment)
            }
        }
    }
}
