import Backup
import Testing

/// Which backups a retention policy keeps, by count, by day and by ISO week.
@Suite struct RetentionPolicyTests {
    /// Two backups a day at 02:00 and 14:00 UTC from Monday 2026-11-02 to Sunday 2026-11-22.
    static let ids: [String] = (2...22).flatMap { day in
        ["202611\(day < 10 ? "0" : "")\(day)T020000000000Z", "202611\(day < 10 ? "0" : "")\(day)T140000000000Z"]
    }

    @Test func anEmptyPolicyKeepsEverything() {
        #expect(RetentionPolicy().kept(Self.ids) == Set(Self.ids))
        #expect(RetentionPolicy(last: -3).isKeepAll)
    }

    @Test func keepLastKeepsTheNewest() {
        #expect(
            RetentionPolicy(last: 3).kept(Self.ids) == [
                "20261122T140000000000Z", "20261122T020000000000Z", "20261121T140000000000Z",
            ])
    }

    @Test func keepDailyKeepsTheNewestOfEachRecentDay() {
        #expect(
            RetentionPolicy(daily: 3).kept(Self.ids) == [
                "20261122T140000000000Z", "20261121T140000000000Z", "20261120T140000000000Z",
            ])
    }

    @Test func keepWeeklyCountsISOWeeksThatStartOnMonday() {
        // ISO weeks: 2026-W45 is Nov 2–8, W46 Nov 9–15, W47 Nov 16–22.
        #expect(
            RetentionPolicy(weekly: 2).kept(Self.ids) == ["20261122T140000000000Z", "20261115T140000000000Z"])
        #expect(RetentionPolicy(weekly: 10).kept(Self.ids).count == 3)
    }

    @Test func rulesCombineAsAUnion() {
        let kept = RetentionPolicy(last: 1, daily: 2, weekly: 3).kept(Self.ids)
        #expect(
            kept == [
                "20261122T140000000000Z", "20261121T140000000000Z", "20261115T140000000000Z", "20261108T140000000000Z",
            ])
    }

    @Test func theNewestIsAlwaysKept() {
        #expect(RetentionPolicy(weekly: 1).kept(["20261122T020000000000Z"]) == ["20261122T020000000000Z"])
        #expect(RetentionPolicy(last: 1).kept([]).isEmpty)
    }
}
