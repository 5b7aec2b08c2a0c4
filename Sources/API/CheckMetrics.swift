import Foundation
import Jobs
import JSON
import Metrics

extension APIMetrics {
    /// Records the latest finished run of the `check` kind as gauges, read when `/metrics` is
    /// scraped: `sluice_check_last_run_success` (1 or 0) and its finish time, and for a run that
    /// passed, each check's `sluice_check_latency_seconds`. A failed run names its checks in the
    /// job history (its cause and log).
    func recordLatestCheck(of jobs: JobService) {
        guard let runs = try? jobs.listRuns(RunFilter(kind: "check", limit: 20)),
            let run = runs.first(where: { $0.state == .succeeded || $0.state == .failed }),
            let finished = run.finishedAt
        else { return }
        Gauge(label: "sluice_check_last_run_success", factory: factory).record(run.state == .succeeded ? 1 : 0)
        Gauge(label: "sluice_check_last_run_timestamp_seconds", factory: factory)
            .record(finished.timeIntervalSince1970)
        guard case .array(let checks)? = run.summary?.object?["checks"] else { return }
        for check in checks {
            guard let fields = check.object, case .string(let name)? = fields["name"],
                case .integer(let milliseconds)? = fields["milliseconds"]
            else { continue }
            Gauge(label: "sluice_check_latency_seconds", dimensions: [("check", name)], factory: factory)
                .record(Double(milliseconds) / 1000)
        }
    }
}
