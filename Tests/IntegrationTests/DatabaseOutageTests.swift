import Foundation
import MariaDB
import Testing
import TestSupport

/// The API while its database is down: 503 with a code, never a 500 or a hang, and nothing that
/// was accepted is lost once the database is back.
@Suite struct DatabaseOutageTests {
    @Test func requestsDuringAnOutageGet503AndNothingAcceptedIsLost() async throws {
        try await withOwnDatabaseServer { database, _ in
            let url = database.url
            try await withServer(on: url) { server in
                let row = { (id: Int) in IngestAPITests.row(id) }
                #expect(try await server.postJSON(IngestAPITests.path, "[\(row(1))]").status == 200)
                #expect(try database.run("stop").status == 0)
                let down = try await server.postJSON(IngestAPITests.path, "[\(row(2))]")
                #expect(down.status == 503)
                #expect((down.json["error"] as? [String: Any])?["code"] as? String == "database_unavailable")
                #expect(try await server.send("GET", "/health/ready").status == 503)
                #expect(try database.run("start").status == 0)
                #expect(try await server.postJSON(IngestAPITests.path, "[\(row(3))]").status == 200)
                let ids = try Connection(url: url).query("SELECT id FROM hired_employees ORDER BY id")
                #expect(ids == [[.int(1)], [.int(3)]])
            }
        }
    }
}

/// A MariaDB server of the test's own, which it may stop, kill and start again.
struct OwnDatabaseServer {
    let dataDirectory: String
    let url: DatabaseURL

    /// Runs `sluice db COMMAND` on it (`start`, `stop`).
    func run(_ command: String) throws -> SluiceBinary.Result {
        try SluiceBinary.run(["db", command, "--data-dir", dataDirectory])
    }

    /// The server's process id, from its pid file.
    var pid: Int32? {
        (try? String(contentsOfFile: dataDirectory + "/mariadb/mariadbd.pid", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

/// Starts a MariaDB server of the test's own in a temporary folder, runs `body` with it and the
/// folder, and stops the server afterwards on every path.
func withOwnDatabaseServer<T>(_ body: (OwnDatabaseServer, String) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { folder in
        let dataDirectory = folder + "/own-server"
        let db = { try SluiceBinary.run(["db", $0, "--data-dir", dataDirectory]) }
        defer { _ = try? db("stop") }
        let started = try db("start")
        guard started.status == 0 else { throw FixtureError("sluice db start failed: \(started.stderr)") }
        let url = try DatabaseURL(parsing: try db("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        return try await body(OwnDatabaseServer(dataDirectory: dataDirectory, url: url), folder)
    }
}
