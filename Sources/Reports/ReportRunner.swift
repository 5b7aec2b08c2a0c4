import Errors
import JSON
import Foundation
import Loading
public import MariaDB

/// Runs a catalogued report with validated, bound parameters and renders it as JSON or CSV.
public struct ReportRunner: Sendable {
    /// The catalogue.
    public let catalog: ReportCatalog
    private let sqlDirectory: String
    /// The counts the reports read, folded before a report when their deltas piled up.
    let counts: HireCountTables

    /// A runner for the reports under `sqlDirectory/reports`.
    public init(sqlDirectory: String) throws {
        self.catalog = try ReportCatalog(sqlDirectory: sqlDirectory)
        self.sqlDirectory = sqlDirectory
        self.counts = try HireCountTables(sqlDirectory: SQLDirectory(path: sqlDirectory))
    }

    /// Runs `name` with the given text parameters (missing ones take their defaults), from the
    /// counts; with `recount`, from the rows (the report's `recount` SQL) instead. Without `fold`
    /// (on a replica, which takes no writes) the deltas are read as they are, never folded.
    public func run(
        _ name: String, parameters: [String: String], recount: Bool = false, fold: Bool = true,
        on connection: Connection
    ) throws -> ReportResult {
        let report = try catalog.report(named: name)
        let file = recount ? report.recount ?? report.sql : report.sql
        if !recount && fold { try counts.foldIfNeeded(on: connection) }
        var binds: [Value] = []
        for parameter in report.parameters {
            let value = try Self.integer(parameters[parameter.name], parameter)
            if parameter.type == "year" {
                binds += [.string("\(value)-01-01 00:00:00"), .string("\(value)-12-31 23:59:59.999999")]
            } else {
                binds.append(.int(Int64(value)))
            }
        }
        let sql = try String(contentsOfFile: sqlDirectory + "/reports/" + file, encoding: .utf8)
        let statement = sql.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
            .joined(separator: "\n").trimmingCharacters(in: CharacterSet(charactersIn: "; \n"))
        let rows = try connection.query(statement, binds)
        return ReportResult(columns: report.columns, rows: rows)
    }

    /// Whether the counts' deltas piled up past the fold threshold, read without writing (on a
    /// replica, whose reports do not fold).
    public func foldDue(on connection: Connection) throws -> Bool { try counts.needsFold(on: connection) }

    /// Folds the counts' deltas when they piled up (on the primary, for a replica's sake).
    public func foldIfNeeded(on connection: Connection) throws { try counts.foldIfNeeded(on: connection) }

    private static func integer(_ text: String?, _ parameter: ReportCatalog.Parameter) throws -> Int {
        guard let text else { return parameter.default }
        let range = parameter.type == "year" ? 1000...9999 : Int.min...Int.max
        guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text), range.contains(value) else {
            throw ReportError(
                code: .invalidParameter,
                message:
                    "\(parameter.name) must be a whole number\(parameter.type == "year" ? " from 1000 to 9999" : ""), not '\(text)'"
            )
        }
        return value
    }
}

/// A report's rows, typed by its columns.
public struct ReportResult: Sendable {
    /// The columns.
    public let columns: [ReportCatalog.Column]
    /// The rows, one value per column.
    public let rows: [[Value]]

    /// A flat JSON array of objects with the catalogue's keys, in its column order, and types
    /// (integers as numbers): the same keys and types even when there are no rows. Each distinct
    /// text is encoded once (keys and names repeat on every row of a report).
    public var json: [UInt8] {
        var literals: [String: String] = [:]
        func quoted(_ text: String) -> String {
            if let literal = literals[text] { return literal }
            let literal = Self.quoted(text)
            literals[text] = literal
            return literal
        }
        let objects = rows.map { row in
            zip(columns, row).map { column, value -> String in
                let rendered: String
                switch (column.type, value) {
                case (_, .null): rendered = "null"
                case ("integer", .int(let number)): rendered = String(number)
                case ("integer", _): rendered = String(Int64(value.description) ?? 0)
                default: rendered = quoted(value.description)
                }
                return quoted(column.name) + ":" + rendered
            }.joined(separator: ",")
        }
        return Array(("[" + objects.map { "{" + $0 + "}" }.joined(separator: ",") + "]").utf8)
    }

    /// A JSON string literal.
    private static func quoted(_ text: String) -> String {
        (try? JSON.text(text)) ?? "\"\""
    }

    /// CSV with a header line; fields quoted when they hold a comma, quote or line break.
    public var csv: [UInt8] {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = [columns.map { field($0.name) }.joined(separator: ",")]
        lines += rows.map { row in row.map { $0 == .null ? "" : field($0.description) }.joined(separator: ",") }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
