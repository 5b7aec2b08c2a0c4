import DataDictionary
import Foundation
import Loading
import MariaDB
import Migration
import Testing
import TestSupport

/// Migrations of files that break every rule a real file breaks: each bad row is rejected with its
/// line and reason, every good row is inserted, and accepted + rejected = received.
@Suite struct HostileMigrationTests {
    static let ok = ",2021-01-01T00:00:00Z,1,1"

    /// (record bytes, rules expected; empty = inserted). Records are joined with "\n" unless they carry their own end.
    static let records: [(bytes: [UInt8], rules: [String])] = [
        (Array("\u{FEFF}1,Ana\(ok)".utf8), []),
        (Array("2,\"Doe, John\"\(ok)\r".utf8), []),
        (Array("3,\"multi\nline\"\(ok)".utf8), []),
        (Array("4,\"quote \"\"x\"\"\",2021-06-30T23:00:00-02:00,1,1".utf8), []),
        (Array("5,Bad".utf8) + [0xFF, 0xFE] + Array("Name\(ok)".utf8), ["invalid_utf8"]),
        (Array("6,\(ok)".utf8), ["required"]),
        (Array("7,   \(ok)".utf8), ["required"]),
        (Array("8,Extra\(ok),9".utf8), ["column_count"]),
        (Array("9,Missing,2021-01-01T00:00:00Z,1".utf8), ["column_count"]),
        (Array("10,Feb,2021-02-30T10:00:00Z,1,1".utf8), ["timestamp"]),
        (Array("-11,Neg\(ok)".utf8), ["min"]),
        (Array("99999999999999999999,Huge\(ok)".utf8), ["integer"]),
        (Array("1,Dup\(ok)".utf8), ["unique"]),
        (Array("12,FK,2021-01-01T00:00:00Z,99,1".utf8), ["foreign_key"]),
        (Array("13, Spaces \(ok)".utf8), []),
        (Array("100,Existing\(ok)".utf8), ["unique"]),
        (
            Array("14,".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10 << 20) + Array(ok.utf8),
            ["record_too_long"]
        ),
        (Array("15,After,2021-01-01T10:00:00+05:30,1,1".utf8), []),
        (Array("16,Bin".utf8) + [0, 1, 2] + Array("ary\(ok)".utf8), []),
        (Array("17,\"both\",2021-13-01T00:00:00Z,0,x".utf8), ["timestamp", "min", "integer"]),
        (Array("18,\"unterminated\(ok)\n".utf8), ["malformed_csv"]),
    ]

    @Test func everyBadRowIsRejectedWithItsLineAndReasons() throws {
        try withTestDatabase { connection, _ in
            try withTemporaryDirectory { folder in
                let dictionary = try loadChallengeDictionary()
                try installSchema(dictionary, connection)
                try connection.execute("INSERT INTO departments VALUES (1, 'D1'), (2, 'D2')")
                try connection.execute("INSERT INTO jobs VALUES (1, 'J1')")
                try connection.execute("INSERT INTO hired_employees VALUES (100, 'Old', '2020-01-01 00:00:00', 1, 1)")

                var file: [UInt8] = []
                var expectedLines: [(line: Int, rules: [String])] = []
                var line = 1
                for (index, record) in Self.records.enumerated() {
                    expectedLines.append((line, record.rules))
                    file += record.bytes
                    line += record.bytes.filter { $0 == 10 }.count
                    if index < Self.records.count - 1 {
                        file.append(10)
                        line += 1
                    }
                    if index == 14 {  // a blank line is not a record
                        file.append(10)
                        line += 1
                    }
                }
                let path = folder + "/hired_employees.csv"
                _ = FileManager.default.createFile(atPath: path, contents: Data(file))

                var options = MigrationOptions()
                options.rejectDirectory = folder
                options.batchRows = 4
                let summary = try Migration(connection: connection, dictionary: dictionary, options: options)
                    .load(table: "hired_employees", file: path)

                let expectedRejects = expectedLines.filter { !$0.rules.isEmpty }
                #expect(summary.received == Self.records.count)
                #expect(summary.rejected == expectedRejects.count)
                #expect(summary.inserted == Self.records.count - expectedRejects.count)
                #expect(summary.blankLines == 1)
                #expect(summary.isBalanced)

                let stored = try connection.query(
                    "SELECT position, JSON_EXTRACT(reasons, '$[*].rule') FROM sluice_rejects ORDER BY position")
                let found = stored.map { row in (Int(row[0].description) ?? -1, row[1].description) }
                #expect(found.map(\.0) == expectedRejects.map(\.line))
                for (actual, expected) in zip(found, expectedRejects) {
                    let rules = expected.rules.map { "\"\($0)\"" }.joined(separator: ", ")
                    #expect(actual.1 == "[\(rules)]", "line \(expected.line)")
                }
                let ids = try connection.query("SELECT id FROM hired_employees ORDER BY id").map(\.first!.description)
                #expect(ids == ["1", "2", "3", "4", "13", "15", "16", "100"])
                let converted = try connection.query(
                    "SELECT CAST(datetime AS CHAR) FROM hired_employees WHERE id IN (4, 15) ORDER BY id")
                #expect(
                    converted.map(\.first!.description) == ["2021-07-01 01:00:00.000000", "2021-01-01 04:30:00.000000"])
                let names = try connection.query(
                    "SELECT name FROM hired_employees WHERE id IN (2, 3, 4, 13) ORDER BY id")
                #expect(names.map(\.first!.description) == ["Doe, John", "multi\nline", "quote \"x\"", " Spaces "])
            }
        }
    }

    @Test(arguments: [
        ("empty", [UInt8]()),
        ("newlines", Array("\n\n\r\n".utf8)),
        ("binary", (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }),
    ])
    func degenerateFilesNeverCrash(name: String, bytes: [UInt8]) throws {
        try withTestDatabase { connection, _ in
            try withTemporaryDirectory { folder in
                let dictionary = try loadChallengeDictionary()
                try installSchema(dictionary, connection)
                let path = folder + "/\(name).csv"
                _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
                var options = MigrationOptions()
                options.rejectDirectory = folder
                let summary = try Migration(connection: connection, dictionary: dictionary, options: options)
                    .load(table: "departments", file: path)
                #expect(summary.isBalanced)
                #expect(summary.inserted == (try count("departments", connection)))
                #expect(summary.rejected == (try count("sluice_rejects", connection)))
            }
        }
    }
}

func loadChallengeDictionary() throws -> DataDictionary {
    try DataDictionary(contentsOf: repositoryRoot + "/sql/dictionary.json")
}

func installSchema(_ dictionary: DataDictionary, _ connection: Connection) throws {
    try SchemaInstaller(dictionary: dictionary, sqlDirectory: SQLDirectory(path: repositoryRoot + "/sql")).apply(
        on: connection)
}
