import Foundation
import JSON
import Jobs

/// Runs as plain text: one line per run, or one run in detail.
struct RunTable {
    let text: String

    init(_ runs: [RunRecord]) {
        let header = "id\tjob\tkind\ttrigger\tstate\tattempt\tenqueued\tseconds\tcause"
        text =
            ([header]
            + runs.map { run in
                let seconds =
                    bothDates(run.startedAt, run.finishedAt).map { String(format: "%.2f", $1.timeIntervalSince($0)) }
                    ?? "-"
                return [
                    String(run.id), run.job, run.kind, run.trigger, run.state.rawValue, String(run.attempt),
                    run.enqueuedAt.map(Self.time) ?? "-", seconds, run.exitCause ?? "-",
                ].joined(separator: "\t")
            }).joined(separator: "\n")
    }

    static func detail(_ run: RunRecord) -> String {
        [
            "run \(run.id): \(run.job) (\(run.kind)), \(run.state.rawValue), attempt \(run.attempt), trigger \(run.trigger)",
            "  params: \(Self.json(run.params))", "  slot: \(run.slot.map(time) ?? "-")",
            "  enqueued: \(run.enqueuedAt.map(time) ?? "-")",
            "  started: \(run.startedAt.map(time) ?? "-")", "  finished: \(run.finishedAt.map(time) ?? "-")",
            "  worker: pid \(run.workerPID.map(String.init) ?? "-") on \(run.workerHost ?? "-")",
            "  cause: \(run.exitCause ?? "-")", "  summary: \(run.summary.map(Self.json) ?? "-")", "  log:",
        ].joined(separator: "\n")
    }

    /// A value as compact JSON text.
    static func json(_ value: JSONValue) -> String {
        (try? JSON.text(value)) ?? "\(value)"
    }

    static func time(_ date: Date) -> String {
        InstantText.string(date, fractionalSeconds: true)
    }

    /// An ISO 8601 instant, or an age (`30m`, `2h`, `7d`) counted back from now.
    static func parseSince(_ text: String) -> Date? {
        if let date = InstantText.date(text) { return date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last, let factor = units[unit], let count = Double(text.dropLast()) else { return nil }
        return Date() - count * factor
    }
}

private func bothDates(_ first: Date?, _ second: Date?) -> (Date, Date)? {
    guard let first, let second else { return nil }
    return (first, second)
}
