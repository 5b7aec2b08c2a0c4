import Foundation
import Jobs
import Loading
import MariaDB
import Metrics

extension APIMetrics {
    /// Records each job's gauges from the history, read with one query (`sql/job_metrics.sql`)
    /// when `/metrics` is scraped, so every server shows the same values whichever scheduler ran
    /// the job: `sluice_job_last_success_timestamp_seconds{job}` (unix seconds),
    /// `sluice_job_last_duration_seconds{job}` (the latest ended run's) and
    /// `sluice_job_runs{job,state}` (runs the history holds, 0 for the states it has none in).
    func recordJobGauges(pool: ConnectionPool) throws {
        let sql = try SQLDirectory.locate().read("job_metrics.sql")
        let rows = try pool.withConnection { try $0.query(sql) }
        var jobs: [String: (runs: [String: Int64], success: Date?, latest: Date?, duration: Double?)] = [:]
        for row in rows {
            let job = row[0].description
            let state = row[1].description
            var entry = jobs[job] ?? ([:], nil, nil, nil)
            entry.runs[state] = row[2].int ?? 0
            let finished = DBTime.date(row[3])
            if state == RunState.succeeded.rawValue { entry.success = finished }
            if let finished, finished > entry.latest ?? .distantPast, let seconds = Double(row[4].description) {
                entry.latest = finished
                entry.duration = seconds
            }
            jobs[job] = entry
        }
        for (job, entry) in jobs {
            for state in RunState.allCases {
                Gauge(
                    label: "sluice_job_runs", dimensions: [("job", job), ("state", state.rawValue)], factory: factory
                )
                .record(entry.runs[state.rawValue] ?? 0)
            }
            if let success = entry.success {
                Gauge(label: "sluice_job_last_success_timestamp_seconds", dimensions: [("job", job)], factory: factory)
                    .record(success.timeIntervalSince1970)
            }
            if let duration = entry.duration {
                Gauge(label: "sluice_job_last_duration_seconds", dimensions: [("job", job)], factory: factory)
                    .record(duration)
            }
        }
    }
}
