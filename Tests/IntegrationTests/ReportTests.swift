import Foundation
import MariaDB
import Testing
import TestSupport

/// The two challenge reports, checked against figures computed here from the CSV files with
/// simple Swift (not the report SQL), plus the edges: quarter boundaries in UTC, empty years,
/// departments with no hires, bad parameters.
@Suite struct ReportTests {
    /// Expected reports computed straight from the challenge files: rows with an empty field are
    /// the ones Sluice rejects; all the others are valid in these files.
    static func expected() throws -> (quarters: [String], aboveMean: [String]) {
        func lines(_ name: String) throws -> [[String]] {
            try String(contentsOfFile: ChallengeMigrationTests.challengeFolder + "/\(name).csv", encoding: .utf8)
                .split(separator: "\n").map {
                    $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                }
        }
        let departments = Dictionary(uniqueKeysWithValues: try lines("departments").map { ($0[0], $0[1]) })
        let jobs = Dictionary(uniqueKeysWithValues: try lines("jobs").map { ($0[0], $0[1]) })
        var quarters: [String: [Int]] = [:]
        var perDepartment: [String: Int] = [:]
        for row in try lines("hired_employees") where row.count == 5 && !row.contains("") && row[2].hasPrefix("2021-") {
            let month = Int(row[2].dropFirst(5).prefix(2)) ?? 0
            let key = "\(departments[row[3]] ?? "?")|\(jobs[row[4]] ?? "?")"
            quarters[key, default: [0, 0, 0, 0]][(month - 1) / 3] += 1
            perDepartment[row[3], default: 0] += 1
        }
        let quarterRows = quarters.keys.sorted { a, b in
            let (x, y) = (a.split(separator: "|"), b.split(separator: "|"))
            return (x[0].lowercased(), x[1].lowercased()) < (y[0].lowercased(), y[1].lowercased())
        }.map { "\($0)|\(quarters[$0]!.map(String.init).joined(separator: "|"))" }
        let mean = Double(perDepartment.values.reduce(0, +)) / Double(departments.count)
        let above = perDepartment.filter { Double($0.value) > mean }.sorted {
            ($1.value, departments[$0.key]!) < ($0.value, departments[$1.key]!)
        }
        .map { "\($0.key)|\(departments[$0.key]!)|\($0.value)" }
        return (quarterRows, above)
    }

    @Test func challengeReportsMatchAnIndependentComputation() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let base = ["--database-url", url.connectionString, "--data-dir", folder]
                #expect(
                    try SluiceBinary.run(["migrate", "--dir", ChallengeMigrationTests.challengeFolder] + base).status
                        == 0)
                let expected = try Self.expected()
                let quarters = try SluiceBinary.run(["report", "hires-by-quarter", "--year", "2021"] + base)
                let quarterRows =
                    (try JSONSerialization.jsonObject(with: Data(quarters.stdout.utf8)) as? [[String: Any]]) ?? []
                let actual = quarterRows.map { row in
                    ["department", "job", "Q1", "Q2", "Q3", "Q4"].map { "\(row[$0] ?? "")" }.joined(separator: "|")
                }
                #expect(actual == expected.quarters)
                #expect(quarterRows.first?["Q1"] is Int)
                let above = try SluiceBinary.run(["report", "departments-above-mean"] + base)
                let aboveRows =
                    (try JSONSerialization.jsonObject(with: Data(above.stdout.utf8)) as? [[String: Any]]) ?? []
                let aboveText = aboveRows.map { row in
                    ["id", "department", "hired"].map { "\(row[$0] ?? "")" }.joined(separator: "|")
                }
                #expect(aboveText == expected.aboveMean)
                let csv = try SluiceBinary.run(["report", "hires-by-quarter", "--format", "csv"] + base)
                #expect(csv.stdout.hasPrefix("department,job,Q1,Q2,Q3,Q4\r\n"))
                #expect(csv.stdout.split(separator: "\r\n").count == expected.quarters.count + 1)
            }
        }
    }

    @Test func quarterBoundariesAreUTCAndEmptyYearsKeepTheirShape() async throws {
        try await withServer { server in
            let rows = [
                IngestAPITests.row(1, at: "2021-03-31T23:59:59Z"), IngestAPITests.row(2, at: "2021-04-01T00:00:00Z"),
                IngestAPITests.row(3, at: "2021-04-01T01:00:00+02:00"),
                IngestAPITests.row(4, at: "2021-12-31T23:59:59Z"),
                IngestAPITests.row(5, at: "2022-01-01T00:00:00Z"),
            ]
            #expect(
                try await server.postJSON(IngestAPITests.path, "[\(rows.joined(separator: ","))]").json["inserted"]
                    as? Int == 5)
            let quarters = try await server.send("GET", "/api/v1/reports/hires-by-quarter?year=2021")
            #expect(quarters.status == 200)
            #expect(
                String(decoding: quarters.body, as: UTF8.self)
                    == #"[{"department":"Engineering","job":"Recruiter","Q1":2,"Q2":1,"Q3":0,"Q4":1}]"#)
            let above = try await server.send("GET", "/api/v1/reports/departments-above-mean?year=2021")
            #expect(String(decoding: above.body, as: UTF8.self) == #"[{"id":1,"department":"Engineering","hired":4}]"#)
            let empty = try await server.send("GET", "/api/v1/reports/hires-by-quarter?year=1999")
            #expect(empty.status == 200 && String(decoding: empty.body, as: UTF8.self) == "[]")
            let cached = try await server.send(
                "GET", "/api/v1/reports/hires-by-quarter?year=2021",
                headers: ["If-None-Match": quarters.headers["etag"] ?? ""])
            #expect(cached.status == 304)
            let csv = try await server.send("GET", "/api/v1/reports/hires-by-quarter", headers: ["Accept": "text/csv"])
            #expect(
                String(decoding: csv.body, as: UTF8.self)
                    == "department,job,Q1,Q2,Q3,Q4\r\nEngineering,Recruiter,2,1,0,1\r\n")
            let lastYear = try await server.send("GET", "/api/v1/reports/hires-by-quarter?year=9999")
            #expect(lastYear.status == 200 && String(decoding: lastYear.body, as: UTF8.self) == "[]")
            for bad in ["abc", "0", "20210", "", "-1", "2021.0"] {
                let answer = try await server.send("GET", "/api/v1/reports/hires-by-quarter?year=\(bad)")
                #expect(answer.status == 400, "year=\(bad)")
            }
            #expect(try await server.send("GET", "/api/v1/reports/nope").status == 404)
            let query = try await server.send("GET", "/powerbi/hires-by-quarter.pq")
            #expect(query.status == 200 && String(decoding: query.body, as: UTF8.self).contains("Web.Contents(BaseUrl"))
            #expect(try await server.send("GET", "/powerbi/../sql/dictionary.json").status == 404)
            #expect(
                String(decoding: try await server.send("GET", "/").body, as: UTF8.self).contains(
                    "/powerbi/departments-above-mean.pq"))
            let reportsKey = try await createKey(server, scope: "reports")
            let viaQuery = try await server.send(
                "GET", "/api/v1/reports/departments-above-mean?api_key=\(reportsKey)",
                headers: ["Authorization": "none"])
            #expect(viaQuery.status == 200)
            let ingestKey = try await createKey(server, scope: "ingest")
            #expect(try await server.send("GET", "/api/v1/reports", key: ingestKey).status == 403)
        }
    }
}
