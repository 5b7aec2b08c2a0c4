import Foundation
import MariaDB
import Testing
import TestSupport

/// The Connector/C wrapper against the real private server.
@Suite struct MariaDBWrapperTests {
    @Test func valuesRoundTripThroughPreparedStatements() throws {
        try withTestDatabase { connection, _ in
            try connection.execute(
                "CREATE TABLE v (i BIGINT, d DOUBLE, s VARCHAR(50), b BLOB, t DATETIME(6), n INT NULL) CHARACTER SET utf8mb4"
            )
            let text = "Łucja 🎉 \"quoted\", comma\nnewline"
            try connection.execute(
                "INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .int(-9_223_372_036_854_775_807), .double(1.5), .string(text), .bytes([0, 255, 1]),
                    .string("2021-03-31 23:59:59.5"), .null,
                ])
            let rows = try connection.query("SELECT i, d, s, b, t, n FROM v WHERE s = ?", [.string(text)])
            #expect(
                rows == [
                    [
                        .int(-9_223_372_036_854_775_807), .double(1.5), .string(text), .bytes([0, 255, 1]),
                        .string("2021-03-31 23:59:59.500000"), .null,
                    ]
                ])
        }
    }

    /// An error the server sends after some rows (Connector/C records it on the connection only) is
    /// thrown with its own SQLSTATE and message, as a transaction aborted mid-result must be.
    @Test func anErrorInTheMiddleOfAResultKeepsItsCode() throws {
        try withTestDatabase { connection, _ in
            try connection.execute(
                """
                CREATE FUNCTION fails_at(x INT, at INT) RETURNS INT DETERMINISTIC BEGIN
                  IF x = at THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'failed mid-result'; END IF;
                  RETURN x;
                END
                """)
            var rows = 0
            let error = #expect(throws: MariaDBError.self) {
                try connection.forEachRow("SELECT fails_at(seq, 3000) FROM seq_1_to_5000", []) { _ in rows += 1 }
            }
            #expect(rows > 0 && rows < 3000, "the error came after some rows: \(rows)")
            #expect(error?.sqlState == "45000" && error?.message == "failed mid-result", "\(String(describing: error))")
        }
    }

    @Test func longValuesGrowTheirBuffers() throws {
        try withTestDatabase { connection, _ in
            try connection.execute("CREATE TABLE l (s LONGTEXT)")
            let long = String(repeating: "é", count: 100_000)
            try connection.execute("INSERT INTO l VALUES (?), (?)", [.string("short"), .string(long)])
            #expect(
                try connection.query("SELECT s FROM l ORDER BY LENGTH(s)") == [[.string("short")], [.string(long)]])
        }
    }

    @Test func bulkArrayBindingInsertsEveryRowInOneExecute() throws {
        try withTestDatabase { connection, _ in
            try connection.execute("CREATE TABLE bulk (id BIGINT PRIMARY KEY, name VARCHAR(100) NULL)")
            let rows: [[Value]] = (1...10_000).map {
                [.int(Int64($0)), $0 % 10 == 0 ? .null : .string("name, \"\($0)\"\n")]
            }
            let statement = try connection.prepare("INSERT INTO bulk (id, name) VALUES (?, ?)")
            #expect(try statement.executeBatch(rows) == 10_000)
            #expect(try connection.query("SELECT COUNT(*), COUNT(name) FROM bulk") == [[.int(10_000), .int(9_000)]])
            #expect(try connection.query("SELECT name FROM bulk WHERE id = 7") == [[.string("name, \"7\"\n")]])
            let error = #expect(throws: MariaDBError.self) { try statement.executeBatch([[.int(1), .string("dup")]]) }
            #expect(error?.code == .duplicateEntry)
        }
    }

    @Test func localInfileStreamsChunksFromSwift() throws {
        try withTestDatabase { connection, _ in
            try connection.execute("CREATE TABLE li (id BIGINT PRIMARY KEY, name VARCHAR(50))")
            let source = ChunkSource(
                chunks: (0..<50).map { chunk in
                    Array((0..<1000).map { "\(chunk * 1000 + $0)\tNúñez \($0)\n" }.joined().utf8)
                })
            let inserted = try connection.loadLocalInfile(
                "LOAD DATA LOCAL INFILE 'x' INTO TABLE li CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' (id, name)",
                from: source)
            #expect(inserted == 50_000)
            #expect(try connection.query("SELECT name FROM li WHERE id = 49999") == [[.string("Núñez 999")]])
        }
    }

    @Test func anErrorFromTheSourceIsRethrown() throws {
        try withTestDatabase { connection, _ in
            try connection.execute("CREATE TABLE li (id BIGINT PRIMARY KEY)")
            let source = ChunkSource(chunks: [Array("1\n2\n".utf8)], failAtEnd: true)
            #expect(throws: SourceFailure.self) {
                try connection.loadLocalInfile("LOAD DATA LOCAL INFILE 'x' INTO TABLE li", from: source)
            }
            #expect(connection.ping())
        }
    }

    @Test func rowsStreamWithoutBuffering() throws {
        try withTestDatabase { connection, _ in
            try connection.execute("CREATE TABLE seq (n BIGINT)")
            try connection.execute("INSERT INTO seq SELECT seq FROM seq_1_to_100000")
            var sum: Int64 = 0
            var count = 0
            try connection.forEachRow("SELECT n FROM seq") { row in
                if case .int(let n) = row[0] { sum += n }
                count += 1
            }
            #expect(count == 100_000)
            #expect(sum == 5_000_050_000)
        }
    }
}

struct SourceFailure: Error {}

/// A LOCAL INFILE source that hands out prepared chunks, optionally failing after the last.
final class ChunkSource: LocalInfileSource {
    private var chunks: [[UInt8]]
    private let failAtEnd: Bool

    init(chunks: [[UInt8]], failAtEnd: Bool = false) {
        self.chunks = chunks.reversed()
        self.failAtEnd = failAtEnd
    }

    func nextChunk() throws -> [UInt8]? {
        if let chunk = chunks.popLast() { return chunk }
        if failAtEnd { throw SourceFailure() }
        return nil
    }
}
