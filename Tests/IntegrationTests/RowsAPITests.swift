import Foundation
import MariaDB
import Testing
import TestSupport

/// The rows API over real HTTP against the real private MariaDB: paging, filters, one row, changes
/// checked by the dictionary's rules, references, ETags and scopes.
@Suite struct RowsAPITests {
    static let hires = "/api/v1/tables/hired_employees/rows"

    /// Inserts hires `ids` (department 1 for odd ids, 2 for even; one hour apart from 2021-01-01).
    static func insertHires(_ ids: ClosedRange<Int>, _ connection: Connection) throws {
        for chunk in stride(from: ids.lowerBound, through: ids.upperBound, by: 1000) {
            let values = (chunk...min(chunk + 999, ids.upperBound)).map { id in
                "(\(id), 'Hire \(id)', TIMESTAMPADD(HOUR, \(id), '2021-01-01 00:00:00'), \(2 - id % 2), 1)"
            }
            try connection.execute("INSERT INTO hired_employees VALUES " + values.joined(separator: ","))
        }
    }

    static func json(_ body: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// Every id of every page of `path` (which has its own query), following `next_after`.
    static func pageThrough(_ server: RunningServer, _ path: String, limit: Int) async throws -> [Int] {
        var ids: [Int] = []
        var after: String?
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let answer = try await server.send(
                "GET", path + separator + "limit=\(limit)" + (after.map { "&after=\($0)" } ?? ""))
            #expect(answer.status == 200)
            let page = json(answer.body)
            ids += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            after = page["next_after"] as? String
        } while after != nil
        return ids
    }

    @Test func pagingSeesEveryRowExactlyOnceDuringConcurrentInserts() async throws {
        try await withServer { server in
            try Self.insertHires(1...10_000, server.connection)
            let url = server.databaseURL
            let writer = Task {
                let connection = try Connection(url: url)
                for id in stride(from: 20_001, through: 20_400, by: 20) {
                    try Self.insertHires(id...(id + 19), connection)
                }
            }
            let ids = try await Self.pageThrough(server, Self.hires, limit: 1000)
            try await writer.value
            #expect(Set(ids).count == ids.count)
            #expect(Set(1...10_000).isSubset(of: Set(ids)))
            #expect(ids == ids.sorted())
            let descending = try await Self.pageThrough(server, Self.hires + "?sort=-datetime", limit: 777)
            #expect(descending.count == 10_400 && descending == descending.sorted(by: >))
        }
    }

    @Test func filtersByEqualityAndRangeAndRefusesUnknownParameters() async throws {
        try await withServer { server in
            try Self.insertHires(1...100, server.connection)
            let sales = try await Self.pageThrough(server, Self.hires + "?department_id=2", limit: 10)
            #expect(sales == Array(stride(from: 2, through: 100, by: 2)))
            let range = try await Self.pageThrough(
                server, Self.hires + "?datetime_from=2021-01-01T10:00:00Z&datetime_to=2021-01-01T20:00:00Z", limit: 3)
            #expect(range == Array(10..<20))
            let both = try await Self.pageThrough(
                server, Self.hires + "?department_id=1&id_from=50&sort=-datetime", limit: 1000)
            #expect(both == Array(stride(from: 99, through: 51, by: -2)))
            for bad in ["?colour=red", "?limit=1001", "?department_id=x", "?sort=name", "?datetime_from=yesterday"] {
                let answer = try await server.send("GET", Self.hires + bad)
                #expect(answer.status == 400, "\(bad)")
                #expect((Self.json(answer.body)["error"] as? [String: Any])?["code"] as? String == "invalid_parameter")
            }
            let missing = try await server.send("GET", "/api/v1/tables/nope/rows")
            #expect(missing.status == 404)
        }
    }

    @Test func patchIsCheckedByTheDictionaryAndTheETagGuardsIt() async throws {
        try await withServer { server in
            try Self.insertHires(1...3, server.connection)
            let one = try await server.send("GET", Self.hires + "/1")
            #expect(one.status == 200)
            #expect(Self.json(one.body)["datetime"] as? String == "2021-01-01T01:00:00Z")
            let etag = try #require(one.headers["etag"])
            let bad = try await server.send(
                "PATCH", Self.hires + "/1", body: Array(#"{"department_id":9,"datetime":"2021-02-30T00:00:00Z"}"#.utf8),
                headers: ["If-Match": etag])
            #expect(bad.status == 422)
            let rules = (Self.json(bad.body)["errors"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(Set(rules) == ["timestamp", "foreign_key"])
            let fk = try await server.send("PATCH", Self.hires + "/1", body: Array(#"{"department_id":9}"#.utf8))
            #expect(fk.status == 422)
            let fkErrors = Self.json(fk.body)["errors"] as? [[String: Any]] ?? []
            #expect(
                fkErrors.first?["rule"] as? String == "foreign_key"
                    && fkErrors.first?["column"] as? String == "department_id")
            let good = try await server.send(
                "PATCH", Self.hires + "/1", body: Array(#"{"department_id":2}"#.utf8), headers: ["If-Match": etag])
            #expect(good.status == 200)
            #expect(
                Self.json(good.body)["department_id"] as? Int == 2
                    && Self.json(good.body)["name"] as? String == "Hire 1")
            #expect(good.headers["etag"] != etag)
            let stale = try await server.send(
                "PATCH", Self.hires + "/1", body: Array(#"{"name":"Late"}"#.utf8), headers: ["If-Match": etag])
            #expect(stale.status == 412)
            #expect((Self.json(stale.body)["error"] as? [String: Any])?["code"] as? String == "precondition_failed")
            let staleDelete = try await server.send("DELETE", Self.hires + "/1", headers: ["If-Match": etag])
            #expect(staleDelete.status == 412)
            let put = try await server.send(
                "PUT", Self.hires + "/2", body: Array(#"{"name":"Bo","department_id":1,"job_id":2}"#.utf8))
            #expect(put.status == 422)
            #expect((Self.json(put.body)["errors"] as? [[String: Any]])?.first?["column"] as? String == "datetime")
            let replaced = try await server.send(
                "PUT", Self.hires + "/2",
                body: Array(#"{"name":"Bo","datetime":"2022-05-01T10:00:00+02:00","department_id":1,"job_id":2}"#.utf8))
            #expect(replaced.status == 200 && Self.json(replaced.body)["datetime"] as? String == "2022-05-01T08:00:00Z")
            let rename = try await server.send("PATCH", Self.hires + "/3", body: Array(#"{"id":4}"#.utf8))
            #expect(rename.status == 422)
            let absent = try await server.send("PATCH", Self.hires + "/404", body: Array(#"{"name":"X"}"#.utf8))
            #expect(absent.status == 404)
            #expect((Self.json(absent.body)["error"] as? [String: Any])?["code"] as? String == "row_not_found")
        }
    }

    /// A PATCH chosen as a deadlock's victim (as a Galera node's write is on a certification
    /// conflict) runs again and is answered 200, not 503.
    @Test func aPatchThatLosesADeadlockRunsAgain() async throws {
        try await withServer { server in
            try Self.insertHires(1...5, server.connection)
            let holder = try Connection(url: server.databaseURL)
            try holder.execute("CREATE TABLE deadlock_weight (n INT)")
            try holder.execute("BEGIN")
            // Many undo records make the holder the heavier transaction: InnoDB rolls back the PATCH.
            try holder.execute("INSERT INTO deadlock_weight SELECT seq FROM seq_1_to_500")
            _ = try holder.query("SELECT id FROM departments WHERE id = 2 FOR UPDATE")
            try withTemporaryDirectory { folder in
                let patch = try CurlRequest(
                    server,
                    [
                        "-X", "PATCH", "-H", "Content-Type: application/json", "--data-binary",
                        #"{"department_id":2}"#, server.client.baseURL + Self.hires + "/5",
                    ], folder: folder)
                // The PATCH holds row 5 and waits for department 2 (its foreign key check). Only lock
                // waits on the holder count: suites running alongside have lock waits of their own.
                // InnoDB refreshes its INNODB_TRX / INNODB_LOCK_WAITS snapshot only after 100 ms
                // without a reader, so polling faster would keep reading the one taken before the
                // PATCH arrived.
                #expect(
                    try waitUntil(60, every: 0.25) {
                        try holder.scalar(
                            """
                            SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS w
                            JOIN information_schema.INNODB_TRX t ON t.trx_id = w.blocking_trx_id
                            WHERE t.trx_mysql_thread_id = CONNECTION_ID()
                            """) == "1"
                    })
                _ = try holder.query("SELECT id FROM hired_employees WHERE id = 5 FOR UPDATE")
                try holder.execute("COMMIT")
                let answer = patch.answer()
                #expect(answer.status == 200, "\(answer.json)")
                #expect(answer.json["department_id"] as? Int == 2)
            }
            #expect(try holder.scalar("SELECT department_id FROM hired_employees WHERE id = 5") == "2")
        }
    }

    @Test func aReferencedDepartmentCannotBeDeleted() async throws {
        try await withServer { server in
            try Self.insertHires(1...5, server.connection)
            let refused = try await server.send("DELETE", "/api/v1/tables/departments/rows/1")
            #expect(refused.status == 409)
            let error = Self.json(refused.body)["error"] as? [String: Any] ?? [:]
            let details = error["details"] as? [String: String] ?? [:]
            #expect(error["code"] as? String == "row_referenced")
            #expect(details["table"] == "hired_employees" && details["count"] == "3")
            try server.connection.execute("INSERT INTO departments VALUES (3, 'Unused')")
            let deleted = try await server.send("DELETE", "/api/v1/tables/departments/rows/3")
            #expect(deleted.status == 204)
            let gone = try await server.send("GET", "/api/v1/tables/departments/rows/3")
            #expect(gone.status == 404)
        }
    }

    @Test func readKeysReadAndOnlyIngestKeysWrite() async throws {
        try await withServer { server in
            try Self.insertHires(1...2, server.connection)
            let reader = try await createKey(server, scope: "read")
            let ingester = try await createKey(server, scope: "ingest")
            let reporter = try await createKey(server, scope: "reports")
            let patch = Array(#"{"name":"Changed"}"#.utf8)
            #expect(try await server.send("GET", Self.hires, key: reader).status == 200)
            #expect(try await server.send("GET", Self.hires + "/1", key: reader).status == 200)
            #expect(try await server.send("PATCH", Self.hires + "/1", body: patch, key: reader).status == 403)
            #expect(try await server.send("DELETE", Self.hires + "/1", key: reader).status == 403)
            #expect(try await server.send("POST", Self.hires, body: Array("[]".utf8), key: reader).status == 403)
            #expect(try await server.send("GET", Self.hires, key: reporter).status == 403)
            #expect(try await server.send("GET", Self.hires).status == 200)
            #expect(try await server.send("PATCH", Self.hires + "/1", body: patch, key: ingester).status == 200)
            #expect(try await server.send("DELETE", Self.hires + "/2", key: ingester).status == 204)
            let document = try await server.send("GET", "/api/v1/openapi.json")
            let paths = Self.json(document.body)["paths"] as? [String: [String: Any]] ?? [:]
            #expect(
                Set(paths["/api/v1/tables/jobs/rows/{id}"]?.keys.map { $0 } ?? []) == ["get", "patch", "put", "delete"])
        }
    }
}
