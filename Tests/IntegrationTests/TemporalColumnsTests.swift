import MariaDB
import Testing
import TestSupport

/// `forEachRowInPlace(temporal: .epochNumbers)` against the SQL it stands in for in backups.
@Suite struct TemporalColumnsTests {
    @Test("epoch numbers equal TO_SECONDS and TO_DAYS: years 0 to 9999, fractions, zero and partial dates as NULL")
    func epochNumbersMatchTheSQLFunctions() throws {
        try withTestDatabase { connection, _ in
            try connection.execute("SET SESSION sql_mode = ''")  // lets zero and partial dates in
            try connection.execute(
                "CREATE TABLE e (id INT PRIMARY KEY, t DATETIME(6) NULL, s TIMESTAMP(3) NULL, d DATE NULL, n INT)")
            let edges = [
                "0000-00-00 00:00:00", "0000-01-01 00:00:00", "0000-02-29 12:00:00", "0000-03-01 00:00:00",
                "0001-01-01 00:00:00", "1582-10-10 10:10:10.5", "1969-12-31 23:59:59.999999", "1970-01-01 00:00:00",
                "2000-02-29 23:59:59.000001", "2021-00-05 01:02:03", "2021-11-00 01:02:03", "2038-01-19 03:14:07.499",
                "9999-12-31 23:59:59.999999",
            ]
            for (index, time) in edges.enumerated() {
                try connection.execute(
                    "INSERT INTO e VALUES (?, ?, IF(? BETWEEN '1970-01-02' AND '2038-01-18', ?, NULL), ?, ?)",
                    [.int(Int64(index)), .string(time), .string(time), .string(time), .string(time), .int(7)])
            }
            try connection.execute(
                """
                INSERT INTO e SELECT 100 + seq, t, IF(t BETWEEN '1970-01-02' AND '2038-01-18', t, NULL), t, seq
                FROM (SELECT seq, TIMESTAMP('0001-01-01') + INTERVAL seq * 1051201 MINUTE + INTERVAL seq * 7919 MICROSECOND
                      AS t FROM seq_1_to_4990) spread
                """)
            let expected = try connection.query(
                """
                SELECT TO_SECONDS(t) * 1000000 + MICROSECOND(t) - 62167219200000000,
                       TO_SECONDS(s) * 1000000 + MICROSECOND(s) - 62167219200000000, TO_DAYS(d) - 719528, n
                FROM e ORDER BY id
                """)
            var rows: [[Value]] = []
            try connection.forEachRowInPlace("SELECT t, s, d, n FROM e ORDER BY id", temporal: .epochNumbers) {
                rows.append($0.values)
            }
            #expect(rows.count == 5003)
            #expect(rows == expected)
            #expect(rows[0][0] == .null && rows[9][0] == .null && rows[10][2] == .null)
            #expect(rows[7][0] == .int(0) && rows[7][2] == .int(0))
        }
    }
}
