import Foundation
import MariaDB
import Testing
import TestSupport

/// The API while its database is down: 503 with a code, never a 500 or a hang, and nothing that
/// was accepted is lost once the database is back.
@Suite struct DatabaseOutageTests {
    @Test func requestsDuringAnOutageGet503AndNothingAcceptedIsLost() async throws {
        try await withOwnDatabaseServer { url, sluice in
            try await withServer(on: url) { server in
                let row = { (id: Int) in IngestAPITests.row(id) }
                #expect(try await server.postJSON(IngestAPITests.path, "[\(row(1))]").status == 200)
                #expect(try sluice(["db", "stop"]).status == 0)
                let down = try await server.postJSON(IngestAPITests.path, "[\(row(2))]")
                #expect(down.status == 503)
                #expect((down.json["error"] as? [String: Any])?["code"] as? String == "database_unavailable")
                #expect(try await server.send("GET", "/health/ready").status == 503)
                #expect(try sluice(["db", "start"]).status == 0)
                #expect(try await server.postJSON(IngestAPITests.path, "[\(row(3))]").status == 200)
                let ids = try Connection(url: url).query("SELECT id FROM hired_employees ORDER BY id")
                #expect(ids == [[.int(1)], [.int(3)]])
            }
        }
    }
}

