import Foundation

/// Which backups to keep: the newest `last`, plus the newest of each of the `daily` most recent
/// days and of each of the `weekly` most recent ISO weeks that have a backup (UTC), as restic and
/// borg count them. A policy that keeps nothing by every rule keeps everything: pruning never
/// happens by accident, and the newest backup is always kept.
public struct RetentionPolicy: Sendable, Equatable, Codable {
    /// How many of the newest backups to keep.
    public var last: Int
    /// How many days, newest first, keep their newest backup.
    public var daily: Int
    /// How many ISO weeks, newest first, keep their newest backup.
    public var weekly: Int

    /// Creates a policy; negative counts are treated as zero.
    public init(last: Int = 0, daily: Int = 0, weekly: Int = 0) {
        self.last = max(0, last)
        self.daily = max(0, daily)
        self.weekly = max(0, weekly)
    }

    /// Whether the policy prunes anything at all.
    public var isKeepAll: Bool { last == 0 && daily == 0 && weekly == 0 }

    /// The ids of `backups` to keep; the rest may be deleted. Ids sort by time (`YYYYMMDDTHHMMSS…Z`).
    public func kept(_ ids: [String]) -> Set<String> {
        let newestFirst = ids.sorted(by: >)
        guard !isKeepAll, let newest = newestFirst.first else { return Set(ids) }
        var keep: Set<String> = [newest]
        keep.formUnion(newestFirst.prefix(last))
        keep.formUnion(Self.newestPerBucket(newestFirst, buckets: daily, bucket: Self.day))
        keep.formUnion(Self.newestPerBucket(newestFirst, buckets: weekly, bucket: Self.isoWeek))
        return keep
    }

    private static func newestPerBucket(_ newestFirst: [String], buckets: Int, bucket: (String) -> String?) -> [String]
    {
        var seen: Set<String> = []
        var chosen: [String] = []
        for id in newestFirst where seen.count < buckets {
            guard let key = bucket(id), seen.insert(key).inserted else { continue }
            chosen.append(id)
        }
        return chosen
    }

    /// `YYYYMMDD` of an id.
    private static func day(_ id: String) -> String? {
        id.count >= 8 ? String(id.prefix(8)) : nil
    }

    /// The ISO week (`YYYY-Www`) of an id's day.
    private static func isoWeek(_ id: String) -> String? {
        guard let day = day(id), let year = Int(day.prefix(4)), let month = Int(day.dropFirst(4).prefix(2)),
            let date = Int(day.suffix(2))
        else { return nil }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let instant = calendar.date(from: DateComponents(year: year, month: month, day: date)) else { return nil }
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: instant)
        return "\(parts.yearForWeekOfYear ?? 0)-W\(parts.weekOfYear ?? 0)"
    }
}
