import Foundation
import MariaDB
import Testing
import TestSupport

/// `sluice migrate` on the challenge's real files, through the built binary.
@Suite struct ChallengeMigrationTests {
    static let challengeFolder = repositoryRoot + "/Tests/Fixtures/challenge"

    @Test func loadsTheChallengeFilesAndRejectsTheBrokenRows() throws {
        try withTestDatabase { connection, url in
            try withTemporaryDirectory { folder in
                let first = try SluiceBinary.run([
                    "migrate", "--dir", Self.challengeFolder, "--database-url", url.connectionString,
                    "--data-dir", folder, "--summary", folder + "/summary.json",
                ])
                #expect(first.status == 0, "\(first.stderr)")
                #expect(try count("departments", connection) == 12)
                #expect(try count("jobs", connection) == 183)
                #expect(try count("hired_employees", connection) == 1929)

                let summary =
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))) as? [String: Any]
                #expect(summary?["received"] as? Int == 2194)
                #expect(summary?["inserted"] as? Int == 2124)
                #expect(summary?["rejected"] as? Int == 70)

                let rejects = try connection.query(
                    "SELECT position, reasons FROM sluice_rejects WHERE table_name = 'hired_employees' ORDER BY position"
                )
                #expect(rejects.count == 70)
                for row in rejects {
                    guard case .int(let line) = row[0] else { Issue.record("position is not an integer"); continue }
                    #expect(line >= 1 && line <= 1999)
                    #expect(row[1].description.contains("\"rule\":\"required\""))
                }
                let tables = (summary?["tables"] as? [[String: Any]]) ?? []
                let rejectFile = tables.first { $0["table"] as? String == "hired_employees" }?["rejectFile"] as? String
                let rejectLines = try String(contentsOfFile: rejectFile ?? "", encoding: .utf8).split(separator: "\n")
                #expect(rejectLines.count == 70)
                #expect(rejectLines.first?.hasSuffix(",required,is required but empty") == true)

                let second = try SluiceBinary.run([
                    "migrate", "--dir", Self.challengeFolder, "--database-url", url.connectionString,
                    "--data-dir", folder, "--summary", folder + "/again.json",
                ])
                #expect(second.status == 0, "\(second.stderr)")
                #expect(second.stderr.contains("loaded before"))
                let again =
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: folder + "/again.json"))) as? [String: Any]
                #expect(again?["inserted"] as? Int == 0)
                #expect(again?["skipped"] as? Int == 2194)
                #expect(try count("hired_employees", connection) == 1929)
                #expect(try count("sluice_rejects", connection) == 70)
            }
        }
    }
}

/// The number of rows in `table`.
func count(_ table: String, _ connection: Connection) throws -> Int {
    let rows = try connection.query("SELECT COUNT(*) FROM \(quoteIdentifier(table))")
    guard case .int(let value) = rows.first?.first else { throw FixtureError("COUNT(*) of \(table) is not an integer") }
    return Int(value)
}
