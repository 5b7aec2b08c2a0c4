import ArgumentParser
import Foundation
import MariaDB
import Reports

/// `--reports-database-url URL [--reports-max-lag SECONDS] [--reports-fallback primary|none]`:
/// run report queries on a MariaDB replica while it keeps up (Power BI's refreshes then cost the
/// primary nothing), each with its environment variable for the packaged units' config file.
struct ReportsOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "A MariaDB replica for the report queries, mariadb://USER[:PASS]@HOST[:PORT]/DB (default: $SLUICE_REPORTS_DATABASE_URL, else the primary). Its user needs SELECT and REPLICA MONITOR."
    )
    var reportsDatabaseURL: String?
    @Option(
        name: .long,
        help:
            "The most the replica may be behind the primary, in seconds, for a report to come from it (default: $SLUICE_REPORTS_MAX_LAG, else 30)."
    )
    var reportsMaxLag: Int?
    @Option(
        name: .long,
        help:
            "When the replica is further behind, stopped or down: primary (answer from the primary) or none (answer 503 replica_lagging or replica_unavailable) (default: $SLUICE_REPORTS_FALLBACK, else primary)."
    )
    var reportsFallback: String?

    private static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        _ = try settings()
    }

    /// The replica's URL, largest lag and fallback, or nil when reports read from the primary.
    private func settings() throws -> (url: DatabaseURL, maxLag: Int, fallback: ReportSource.Fallback)? {
        guard let text = reportsDatabaseURL ?? Self.environment("SLUICE_REPORTS_DATABASE_URL") else { return nil }
        let url: DatabaseURL
        do {
            url = try DatabaseURL(parsing: text)
        } catch {
            throw ValidationError("--reports-database-url: \(error)")
        }
        let lagText = reportsMaxLag.map(String.init) ?? Self.environment("SLUICE_REPORTS_MAX_LAG") ?? "30"
        guard let maxLag = Int(lagText), maxLag >= 0 else {
            throw ValidationError("--reports-max-lag must be a whole number of seconds, not '\(lagText)'")
        }
        let fallbackText = reportsFallback ?? Self.environment("SLUICE_REPORTS_FALLBACK") ?? "primary"
        guard let fallback = ReportSource.Fallback(rawValue: fallbackText) else {
            throw ValidationError("--reports-fallback must be primary or none, not '\(fallbackText)'")
        }
        return (url, maxLag, fallback)
    }

    /// A line saying where the reports read, when from a replica.
    func describe() throws -> String? {
        try settings().map { replica in
            "reports: from the replica \(replica.url) while it is at most \(replica.maxLag) s behind, else "
                + (replica.fallback == .primary ? "from the primary" : "503")
        }
    }

    /// Where the reports read: the replica (through a pool of its own, with the primary's limits)
    /// under the policy, or the primary `pool` alone.
    func source(primary pool: ConnectionPool, maxIdle: Int, timeoutSeconds: UInt32) throws -> ReportSource {
        guard let replica = try settings() else { return ReportSource(primary: pool) }
        return ReportSource(
            primary: pool, replica: ConnectionPool(url: replica.url, maxIdle: maxIdle, timeoutSeconds: timeoutSeconds),
            maxLag: replica.maxLag, fallback: replica.fallback)
    }
}
