import Errors
import Foundation

/// The reports Sluice serves, declared in `sql/reports/reports.json`: each names a SQL file, its
/// parameters and its typed columns, so adding a report needs no Swift code.
public struct ReportCatalog: Sendable, Codable {
    /// One report.
    public struct Report: Sendable, Codable {
        /// The URL name, e.g. `hires-by-quarter`.
        public var name: String
        /// A short title.
        public var title: String
        /// What the report shows.
        public var description: String
        /// The SQL file under `sql/reports/`.
        public var sql: String
        /// The same report computed from the rows, when `sql` reads kept counts instead: what
        /// `sluice report verify` compares it with.
        public var recount: String?
        /// The parameters, in the order their binds appear in the SQL.
        public var parameters: [Parameter]
        /// The result columns, in order.
        public var columns: [Column]
    }

    /// A report parameter. Type `year` binds two values: its first instant and the next year's.
    public struct Parameter: Sendable, Codable {
        /// The query-string name.
        public var name: String
        /// `year` or `integer`.
        public var type: String
        /// The value used when the request gives none.
        public var `default`: Int
        /// What it means.
        public var description: String
    }

    /// A typed result column.
    public struct Column: Sendable, Codable {
        /// The JSON key and CSV header.
        public var name: String
        /// `string` or `integer`.
        public var type: String
    }

    /// The reports, in listing order.
    public var reports: [Report]

    /// Loads the catalogue from `sql/reports/reports.json` under `sqlDirectory`.
    public init(sqlDirectory: String) throws {
        let path = sqlDirectory + "/reports/reports.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportError(code: .catalogUnreadable, message: "cannot read \(path)")
        }
        self = try JSONDecoder().decode(ReportCatalog.self, from: data)
        for report in reports {
            for file in [report.sql] + (report.recount.map { [$0] } ?? [])
            where FileManager.default.contents(atPath: sqlDirectory + "/reports/" + file) == nil {
                throw ReportError(code: .catalogUnreadable, message: "report \(report.name): cannot read \(file)")
            }
        }
    }

    /// The report called `name`, or `unknown_report`.
    public func report(named name: String) throws -> Report {
        guard let report = reports.first(where: { $0.name == name }) else {
            throw ReportError(
                code: .unknownReport,
                message: "no report '\(name)'; reports: \(reports.map(\.name).joined(separator: ", "))")
        }
        return report
    }
}
