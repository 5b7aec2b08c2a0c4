import Foundation
import Testing

@testable import CSV

@Suite("CSVReader: records across buffer boundaries")
struct CSVBufferBoundaryTests {
    /// A generated input: the bytes, and the fields, lines and offsets of each record in it.
    struct Sample {
        var bytes: [UInt8] = []
        var records: [[String]] = []
        var lines: [Int] = []
        var startOffsets: [Int64] = []
    }

    /// Random records written with random quoting, line endings, blank lines and final terminator.
    static func sample(seed: UInt64, records count: Int) -> Sample {
        var generator = SplitMix64(seed: seed)
        let pieces = ["a", "b", "Z", "0", "9", " ", ",", "\"", "\n", "\r", "\r\n", "é", "€", "😀", "\u{0}", "-", "T"]
        var sample = Sample()
        var line = 1
        for index in 0..<count {
            let fieldCount = Int(generator.next() % 6) + 1
            var fields: [String] = []
            for _ in 0..<fieldCount {
                let length = generator.next() % 5 == 0 ? Int(generator.next() % 300) : Int(generator.next() % 12)
                fields.append((0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
            }
            if generator.next() % 8 == 0 {
                let blank = Array((generator.next() % 2 == 0 ? "\n" : "\r\n").utf8)
                sample.bytes += blank
                line += 1
            }
            sample.records.append(fields)
            sample.lines.append(line)
            sample.startOffsets.append(Int64(sample.bytes.count))
            let encoded = fields.map { field -> String in
                let needsQuotes = field.utf8.contains { Array(",\"\r\n".utf8).contains($0) } || fields == [""]
                guard needsQuotes || generator.next() % 4 == 0 else { return field }
                return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            let text = encoded.joined(separator: ",")
            sample.bytes += Array(text.utf8)
            line += text.utf8.count { $0 == 0x0A }
            if index < count - 1 || generator.next() % 2 == 0 {
                sample.bytes += Array((generator.next() % 2 == 0 ? "\n" : "\r\n").utf8)
                line += 1
            }
        }
        return sample
    }

    /// Checks records against the sample, reporting only the first record that differs.
    private func expectMatch(_ records: [CSVRecord], _ sample: Sample, _ comment: Comment) {
        #expect(records.count == sample.records.count, comment)
        let first = zip(records, sample.records.indices).first { record, index in
            record.fields != sample.records[index] || record.line != sample.lines[index]
                || record.startOffset != sample.startOffsets[index] || !record.isClean
        }
        if let (record, index) = first {
            Issue.record(
                "\(comment): record \(index) read as \(record), expected \(sample.records[index]) on line \(sample.lines[index]) at \(sample.startOffsets[index])"
            )
        }
    }

    @Test("random records read back the same from a file with many buffer sizes", arguments: 0..<6)
    func roundTripFromFile(seed: Int) throws {
        let sample = Self.sample(seed: UInt64(seed), records: 400)
        try withTemporaryFile(sample.bytes) { path in
            for bufferSize in [4, 5, 7, 16, 31, 64, 100, 257, 1000, 4096, 1 << 18] {
                expectMatch(try readFile(path, bufferSize: bufferSize), sample, "buffer \(bufferSize)")
            }
        }
    }

    @Test("random records read back the same from memory", arguments: 6..<12)
    func roundTripFromMemory(seed: Int) throws {
        let sample = Self.sample(seed: UInt64(seed), records: 300)
        for bufferSize in [3, 8, 61, 1 << 16] {
            expectMatch(try readAll(sample.bytes, bufferSize: bufferSize), sample, "buffer \(bufferSize)")
        }
    }

    @Test("resuming after any record of a file gives exactly the remaining records")
    func resumeAfterEveryRecord() throws {
        let sample = Self.sample(seed: 99, records: 60)
        try withTemporaryFile(sample.bytes) { path in
            let all = try readFile(path, bufferSize: 64)
            #expect(all.map(\.fields) == sample.records)
            for (index, record) in all.enumerated() {
                let rest = try readFile(path, startingAt: record.endOffset, line: record.nextLine, bufferSize: 37)
                #expect(rest == Array(all[(index + 1)...]))
            }
        }
    }

    @Test("the challenge fixture parses cleanly")
    func challengeFixture() throws {
        let path = #filePath.replacingOccurrences(
            of: "CSVTests/CSVBufferBoundaryTests.swift", with: "Fixtures/challenge/hired_employees.csv")
        let records = try readFile(path, bufferSize: 1000)
        #expect(records.count == 1999)
        #expect(records.allSatisfy { $0.fields.count == 5 && $0.isClean })
        #expect(records.last?.line == 1999)
    }
}
