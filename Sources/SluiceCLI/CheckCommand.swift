import ArgumentParser
import Foundation
import SelfCheck

/// `sluice check [--url URL] [--key KEY]`: exercises the live service end to end and prints each
/// check with its result and latency; exits 0 only if every check passes.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a running service end to end: health, OpenAPI, a dry-run per table, reports, rows.")

    @Option(name: .long, help: "The service's base URL.") var url = "http://127.0.0.1:8080"
    @Option(name: .long, help: "An API key with ingest, reports and read scopes (default: $SLUICE_API_KEY).")
    var key: String?

    func run() throws {
        let results = SelfCheck(baseURL: url, key: key ?? ProcessInfo.processInfo.environment["SLUICE_API_KEY"]).run()
        print(SelfCheck.Result.table(results))
        let failed = results.filter { !$0.passed }
        guard failed.isEmpty else {
            print("\(failed.count) of \(results.count) checks failed: \(failed.map(\.name).joined(separator: ", "))")
            throw ExitCode.failure
        }
        print("all \(results.count) checks passed")
    }
}
