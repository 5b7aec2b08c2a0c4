import Metrics
import Reports

extension APIMetrics {
    /// Counts a report answer by the server that gave it:
    /// `sluice_reports_answers_total{server="replica"|"primary"}`.
    func recordReportAnswer(_ answer: ReportSource.Answer) {
        Counter(
            label: "sluice_reports_answers_total", dimensions: [("server", answer.server.rawValue)], factory: factory
        )
        .increment()
    }

    /// Records the reports replica's gauges when `/metrics` is scraped (nothing without a replica):
    /// `sluice_reports_replica_lag_seconds` (-1 while the lag is unknown: stopped or unreachable)
    /// and `sluice_reports_replica_state{state}` (1 for the state it is in, 0 for the others).
    func recordReplicaGauges(of source: ReportSource) {
        guard let replica = source.replicaState else { return }
        Gauge(label: "sluice_reports_replica_lag_seconds", factory: factory).record(replica.health.lagSeconds ?? -1)
        let current = replica.health.state(maxLag: replica.maxLag)
        for state in ["ok", "lagging", "stopped", "unavailable"] {
            Gauge(label: "sluice_reports_replica_state", dimensions: [("state", state)], factory: factory)
                .record(state == current ? 1 : 0)
        }
    }
}
