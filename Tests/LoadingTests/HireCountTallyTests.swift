import DataDictionary
import Foundation
import Testing

@testable import Loading

@Suite struct HireCountTallyTests {
    @Test func packedKeysRoundTripAndOutOfRangeOnesDoNot() throws {
        let key = try #require(HireCountTally.key(year: 2021, quarter: 4, department: 8_388_607, job: 0))
        let parts = HireCountTally.parts(key)
        #expect([parts.year, parts.quarter, parts.department, parts.job] == [2021, 4, 8_388_607, 0])
        #expect(HireCountTally.key(year: 16_384, quarter: 1, department: 1, job: 1) == nil)
        #expect(HireCountTally.key(year: 2021, quarter: 1, department: -1, job: 1) == nil)
        #expect(HireCountTally.key(year: 2021, quarter: 1, department: 1, job: 1 << 23) == nil)
    }

    /// A delta word holds the key and its count at their bounds (`sql/counts/tables.sql` reads it back), and
    /// refuses a count or an id past 16 bits.
    @Test func deltaWordsHoldTheirBoundsAndRefuseWhatDoesNotFit() throws {
        let key = try #require(HireCountTally.key(year: 16_383, quarter: 4, department: 65_535, job: 0))
        let word = UInt64(bitPattern: try #require(HireCountTally.deltaWord(key, count: -32_768)))
        #expect(
            [word >> 48, word >> 34 & 16_383, (word >> 32 & 3) + 1, word >> 16 & 65_535, word & 65_535] == [
                0, 16_383, 4, 65_535, 0,
            ])
        #expect(HireCountTally.deltaWord(key, count: 32_767).map { UInt64(bitPattern: $0) >> 48 } == 65_535)
        #expect(HireCountTally.deltaWord(key, count: 32_768) == nil)
        let wide = try #require(HireCountTally.key(year: 2021, quarter: 1, department: 1, job: 65_536))
        #expect(HireCountTally.deltaWord(wide, count: 1) == nil)
    }

    /// Thousands of keys (the table grows several times) count exactly as a Dictionary does.
    @Test func countsAsADictionaryDoes() throws {
        var tally = HireCountTally()
        var expected: [UInt64: Int64] = [:]
        for index in 0..<20_000 {
            let key = try #require(
                HireCountTally.key(
                    year: 2000 + Int64(index % 7), quarter: Int64(index % 4) + 1,
                    department: Int64(index % 13), job: Int64(index % 211)))
            let delta: Int64 = index % 5 == 0 ? -1 : 1
            tally.add(key, delta)
            expected[key, default: 0] += delta
        }
        #expect(
            Dictionary(uniqueKeysWithValues: tally.nonZero.map { ($0.key, $0.count) })
                == expected.filter { $0.value != 0 })
        #expect(!tally.isEmpty)
        tally.removeAll()
        #expect(tally.isEmpty && tally.nonZero.isEmpty)
    }
}

@Suite struct LoadDataEncoderTests {
    @Test func escapesTextAndWritesNumbersAndNulls() {
        var encoder = LoadDataEncoder()
        encoder.append([.integer(-9_223_372_036_854_775_808), .text("plain"), .null])
        encoder.append([.integer(0), .text("tab\there\\ new\nline\r\u{0}"), .integer(9_223_372_036_854_775_807)])
        let expected = "-9223372036854775808\tplain\t\\N\n0\ttab\\there\\\\ new\\nline\\r\\0\t9223372036854775807\n"
        #expect(String(decoding: encoder.bytes, as: UTF8.self) == expected)
        #expect(encoder.rowCount == 2)
    }
}

@Suite struct HireCountsMergeTests {
    /// Counts added in two parts and merged cancel out exactly against every row taken away again,
    /// for keys in the packed tally and for a key that does not pack (a negative department).
    @Test func mergingKeepsPackedAndOtherKeys() throws {
        let dictionary = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../sql/dictionary.json").path
        let table = try #require(try DataDictionary(contentsOf: dictionary).table(named: HireCounts.tableName))
        let rows = (0..<50).map(Self.row)
        var first = try #require(HireCounts(table: table))
        var second = try #require(HireCounts(table: table))
        for (index, row) in rows.enumerated() {
            if index < 20 { first.add(row) } else { second.add(row) }
        }
        first.add(second)
        for row in rows.dropLast() { first.add(row, sign: -1) }
        #expect(!first.isEmpty)
        first.add(rows[rows.count - 1], sign: -1)
        #expect(first.isEmpty)
    }

    /// Row `index`: a hire every 20 days, in departments 0 to 3 (row 7 in department -3) and jobs 0 to 2.
    static func row(_ index: Int) -> [CellValue] {
        let instant = Timestamp(microsecondsSinceEpoch: Int64(index) * 20 * 86_400_000_000)
        let department: Int64 = index == 7 ? -3 : Int64(index % 4)
        return [
            .integer(Int64(index)), .text("n"), .timestamp(instant), .integer(department), .integer(Int64(index % 3)),
        ]
    }
}
