import Foundation
import MariaDB
import TestSupport

/// Starts a MariaDB server of the test's own (so the test may stop and start it), runs `body` with
/// its URL and a `sluice` runner bound to its data directory, and stops the server on every path.
func withOwnDatabaseServer<T>(
    _ body: (DatabaseURL, _ sluice: @escaping ([String]) throws -> SluiceBinary.Result) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { folder in
        let dataDir = folder + "/own-server"
        let sluice = { (arguments: [String]) throws -> SluiceBinary.Result in
            try SluiceBinary.run(arguments + ["--data-dir", dataDir])
        }
        defer { _ = try? sluice(["db", "stop"]) }
        guard try sluice(["db", "start"]).status == 0 else { throw FixtureError("sluice db start failed") }
        let url = try DatabaseURL(
            parsing: try sluice(["db", "url"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        return try await body(url, sluice)
    }
}
