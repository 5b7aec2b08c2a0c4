import Foundation
import MariaDB
import Testing
import TestSupport

/// A stored `*/1 * * * *` schedule with two `sluice scheduler` processes for three minutes. It
/// takes that long by nature, so its suite is not serialized with the others: Swift Testing runs
/// it beside the rest of the suite, and it adds little wall time.
@Suite struct MinuteScheduleTests {
    @Test func twoSchedulersRunAnEveryMinuteScheduleOnceASlotAndFollowAnEditFromTheNextSlot() throws {
        try withTwoSchedulers { connection, base, first, second in
            let minute =
                #"{"name": "minute", "kind": "sleep", "params": {"seconds": 0.05}, "schedule": "*/1 * * * *"}"#
            let created = try SluiceBinary.runTest(["schedules", "create", "--json", minute] + base)
            #expect(created.status == 0, "\(created.stderr)")
            let slots = "SELECT COUNT(DISTINCT slot) FROM sluice_job_runs WHERE job_name = 'minute'"
            let succeeded = "SELECT COUNT(*) FROM sluice_job_runs WHERE job_name = 'minute' AND state = 'succeeded'"

            // Slots 1 and 2 (the first is at most a minute away), then an edit before slot 3.
            #expect(try waitUntil(135) { (Int(try connection.scalar(slots)) ?? 0) >= 2 }, "\(first.output)")
            let edited = minute.replacingOccurrences(of: "0.05", with: "0.07")
            let edit = try SluiceBinary.runTest(["schedules", "edit", "minute", "--json", edited] + base)
            #expect(edit.status == 0, "\(edit.stderr)")
            #expect(try waitUntil(75) { (Int(try connection.scalar(succeeded)) ?? 0) >= 3 }, "\(second.output)")
            #expect(first.stop() == 0 && second.stop() == 0, "\(first.output)\n\(second.output)")

            let rows = try connection.query(
                """
                SELECT slot, JSON_VALUE(params, '$.seconds'), state, triggered_by FROM sluice_job_runs
                WHERE job_name = 'minute' ORDER BY slot, id
                """)
            #expect(rows.count == 3, "one run a slot, none lost: \(rows)")
            let times = rows.compactMap { DBTime.date($0[0]) }
            #expect(Set(times).count == rows.count, "a slot ran twice: \(times)")
            for (earlier, later) in zip(times, times.dropFirst()) {
                #expect(later.timeIntervalSince(earlier) == 60, "a slot was lost: \(times)")
            }
            #expect(rows.map { $0[1].description } == ["0.05", "0.05", "0.07"], "the edit held from slot 3")
            #expect(rows.allSatisfy { $0[2].description == "succeeded" && $0[3].description == "schedule minute" })
        }
    }
}
