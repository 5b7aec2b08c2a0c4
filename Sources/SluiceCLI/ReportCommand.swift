import ArgumentParser
import Foundation
import Loading
import MariaDB
import Reports

/// `sluice report NAME [--year Y] [--format json|csv]`, `sluice report list` and `sluice report verify`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print a report as JSON or CSV, the same as the HTTP API serves.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions
    @Argument(
        help:
            "The report's name, 'list', or 'verify' (recompute every report for every year from the rows and compare with the counts; exit 1 with the differences)."
    ) var name: String
    @Option(name: .long, help: "The year (default 2021).") var year: String?
    @Option(name: .long, help: "json or csv.") var format = "json"

    func validate() throws {
        guard ["json", "csv"].contains(format) else { throw ValidationError("--format must be json or csv") }
    }

    func run() throws {
        let runner = try ReportRunner(sqlDirectory: try dictionaryOptions.sqlDirectory().path)
        if name == "list" {
            for report in runner.catalog.reports {
                print("\(report.name)  (\(report.parameters.map(\.name).joined(separator: ", ")))  \(report.title)")
            }
            return
        }
        let connection = try Connection(url: try global.resolveDatabase())
        if name == "verify" { return try verify(runner, on: connection) }
        let result = try runner.run(name, parameters: year.map { ["year": $0] } ?? [:], on: connection)
        try FileHandle.standardOutput.write(contentsOf: Data(format == "csv" ? result.csv : result.json + [10]))
    }

    private func verify(_ runner: ReportRunner, on connection: Connection) throws {
        let outcome = try ReportVerifier(runner: runner, sqlDirectory: try dictionaryOptions.sqlDirectory()).verify(
            on: connection)
        guard outcome.differences.isEmpty else {
            for difference in outcome.differences { print(difference) }
            print("the counts differ from the rows in \(outcome.differences.count) report-years")
            throw ExitCode(1)
        }
        print("counts match the rows: \(runner.catalog.reports.count) reports, \(outcome.years.count) years")
    }
}
