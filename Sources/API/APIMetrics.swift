import Metrics
import Prometheus

/// The server's metrics, recorded through swift-metrics into a Prometheus registry and exposed in
/// the Prometheus text format at `/metrics`.
public final class APIMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    /// Creates the registry (the caller may also bootstrap `MetricsSystem` with `factory`).
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        self.factory = factory
    }

    func record(route: String, status: Int, duration: Duration) {
        Counter(
            label: "sluice_http_requests_total", dimensions: [("route", route), ("status", String(status))],
            factory: factory
        )
        .increment()
        Metrics.Timer(label: "sluice_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(
                duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    func recordRows(table: String, inserted: Int, rejected: Int) {
        Counter(label: "sluice_rows_inserted_total", dimensions: [("table", table)], factory: factory).increment(
            by: inserted)
        Counter(label: "sluice_rows_rejected_total", dimensions: [("table", table)], factory: factory).increment(
            by: rejected)
    }

    /// The metrics in Prometheus text format.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
