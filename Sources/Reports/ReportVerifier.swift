public import Loading
public import MariaDB

/// Compares every report that has a recount, for every year with hires, as served (from the kept
/// counts) and as recomputed from the rows: `sluice report verify`.
public struct ReportVerifier: Sendable {
    /// One report and year whose two answers differ.
    public struct Difference: Sendable, CustomStringConvertible {
        /// The report.
        public var report: String
        /// The year.
        public var year: Int
        /// Rows only the counts gave, as CSV lines.
        public var onlyInCounts: [String]
        /// Rows only the recount gave, as CSV lines.
        public var onlyInRows: [String]

        /// The report and year, then `-` lines from the counts and `+` lines from the rows.
        public var description: String {
            (["\(report) year=\(year):"] + onlyInCounts.map { "- counts: " + $0 } + onlyInRows.map { "+ rows:   " + $0 })
                .joined(separator: "\n")
        }
    }

    /// What a verification found.
    public struct Outcome: Sendable {
        /// The years checked.
        public var years: [Int]
        /// The differences (none when the counts are exact).
        public var differences: [Difference]
    }

    private let runner: ReportRunner
    private let sqlDirectory: SQLDirectory

    /// A verifier of `runner`'s reports; `sqlDirectory` holds `counts/years.sql`.
    public init(runner: ReportRunner, sqlDirectory: SQLDirectory) {
        self.runner = runner
        self.sqlDirectory = sqlDirectory
    }

    /// Runs both ways and compares, row by row in order.
    public func verify(on connection: Connection) throws -> Outcome {
        let yearsSQL = SQLScript(try sqlDirectory.read("counts/years.sql")).statements.joined()
        let years = try connection.query(yearsSQL).compactMap { $0.first?.int }.map { Int($0) }
        var differences: [Difference] = []
        for report in runner.catalog.reports where report.recount != nil {
            for year in years {
                let parameters = ["year": String(year)]
                let fromCounts = try lines(runner.run(report.name, parameters: parameters, on: connection))
                let fromRows = try lines(runner.run(report.name, parameters: parameters, recount: true, on: connection))
                guard fromCounts != fromRows else { continue }
                differences.append(
                    Difference(
                        report: report.name, year: year, onlyInCounts: fromCounts.filter { !fromRows.contains($0) },
                        onlyInRows: fromRows.filter { !fromCounts.contains($0) }))
            }
        }
        return Outcome(years: years, differences: differences)
    }

    private func lines(_ result: ReportResult) -> [String] {
        String(decoding: result.csv, as: UTF8.self).split(separator: "\r\n").dropFirst().map(String.init)
    }
}
