import Testing

@testable import CSV

@Suite("CSVReader: hostile input")
struct CSVHostileInputTests {
    @Test("invalid UTF-8 is replaced and reported per field")
    func invalidUTF8() throws {
        let records = try readAll(
            Array("1,".utf8) + [0xFF, 0xC3] + Array(",ok,\"é\"\n2,\"".utf8) + [0xE2, 0x82] + Array("\"\n".utf8))
        #expect(records[0].fields == ["1", "\u{FFFD}\u{FFFD}", "ok", "é"])
        #expect(records[0].problems == [.invalidUTF8(field: 1)])
        #expect(records[0].raw == Array("1,".utf8) + [0xFF, 0xC3] + Array(",ok,\"é\"".utf8))
        #expect(records[1].fields == ["2", "\u{FFFD}"])
        #expect(records[1].problems == [.invalidUTF8(field: 1)])
    }

    @Test("NUL and other control bytes are just bytes")
    func nulBytes() throws {
        let records = try readAll([0x61, 0x00, 0x62, 0x2C, 0x01, 0x7F, 0x0A])
        #expect(records.map(\.fields) == [["a\u{0}b", "\u{1}\u{7F}"]])
        #expect(records[0].isClean)
    }

    @Test("a quote inside an unquoted field is kept and reported")
    func strayQuoteInUnquotedField() throws {
        let records = try readAll("a\"b,c,5\"\n")
        #expect(records[0].fields == ["a\"b", "c", "5\""])
        #expect(records[0].problems == [.strayQuote(field: 0), .strayQuote(field: 2)])
    }

    @Test("bytes after a closing quote are kept and reported")
    func garbageAfterClosingQuote() throws {
        let records = try readAll("\"a\"b,\"c\" ,\"d\"x\"y\"\"\n\"e\"\rz\n")
        #expect(records.map(\.fields) == [["ab", "c ", "dx\"y\"\""], ["e\rz"]])
        #expect(records[0].problems == [.strayQuote(field: 0), .strayQuote(field: 1), .strayQuote(field: 2)])
        #expect(records[1].problems == [.strayQuote(field: 0)])
    }

    @Test("the end of the input inside quotes makes the rest one record")
    func unterminatedQuote() throws {
        let records = try readAll("1,ok\n2,\"open\nmore,\"\"stuff\n")
        #expect(records.count == 2)
        #expect(records[1].fields == ["2", "open\nmore,\"stuff\n"])
        #expect(records[1].problems == [.unterminatedQuote])
        #expect(records[1].line == 2)
        #expect(records[1].endOffset == 26)
    }

    @Test("an unterminated quote past the limit is one too-long record; reading resumes on the next line")
    func unterminatedQuotePastLimit() throws {
        let text = "1,ok\n2,\"open and a lot more text\nnext,line\n3,x\n"
        for bufferSize in [4, 7, 16, 64, 4096] {
            let records = try readAll(text, options: CSVOptions(maxRecordBytes: 10), bufferSize: bufferSize)
            #expect(records.map(\.fields) == [["1", "ok"], [], ["next", "line"], ["3", "x"]])
            #expect(records[1].problems == [.recordTooLong(bytes: 27)])
            #expect(records[1].raw == Array("2,\"open an".utf8))
            #expect(records.map(\.line) == [1, 2, 3, 4])
            #expect(records.map(\.startOffset) == [0, 5, 33, 43])
        }
    }

    @Test("records at and just over the limit")
    func limitBoundary() throws {
        for bufferSize in [4, 5, 9, 64] {
            let options = CSVOptions(maxRecordBytes: 5)
            let records = try readAll(
                "12345\r\n123456\n\"1\n3\"\n\"1234\n6\"\r\nok", options: options, bufferSize: bufferSize)
            #expect(records.map(\.fields) == [["12345"], [], ["1\n3"], [], ["6\""], ["ok"]])
            #expect(records[1].problems == [.recordTooLong(bytes: 6)])
            // Past the limit quotes are not tracked: the quoted LF just after it ends the record.
            #expect(records[3].problems == [.recordTooLong(bytes: 5)])
            #expect(records[4].problems == [.strayQuote(field: 0)])
            #expect(records.map(\.line) == [1, 2, 3, 5, 6, 7])
            #expect(records.map(\.startOffset) == [0, 7, 14, 20, 26, 30])
        }
    }

    @Test("a 10 MB line between two good lines: bounded memory, truncated raw, both good lines")
    func hugeLine() throws {
        var bytes = Array("1,first\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
        bytes += Array("\r\n2,\"second\"\n".utf8)
        try withTemporaryFile(bytes) { path in
            let reader = try CSVReader(path: path)
            var records: [CSVRecord] = []
            while let record = try reader.next() { records.append(record) }
            #expect(records.count == 3)
            #expect(records.first?.fields == ["1", "first"])
            #expect(records[1].fields.isEmpty)
            #expect(records[1].raw.count == 1 << 20)
            #expect(records[1].problems == [.recordTooLong(bytes: 10_000_000)])
            #expect(records[1].endOffset == 8 + 10_000_002)
            #expect(records.last?.fields == ["2", "second"])
            #expect(records.last?.line == 3)
            #expect(reader.bufferCapacity <= (1 << 20) + 2)
        }
    }

    @Test("random binary input: every byte is in exactly one record or blank line", arguments: [3, 8, 33, 1000])
    func binaryInput(bufferSize: Int) throws {
        var generator = SplitMix64(seed: UInt64(bufferSize))
        for _ in 0..<200 {
            let alphabet: [UInt8] = [0x0A, 0x0D, 0x22, 0x2C, 0x00, 0x61, 0xC3, 0xA9, 0xFF, 0xEF, 0xBB, 0xBF]
            let count = Int(generator.next() % 200)
            let bytes = (0..<count).map { _ in
                generator.next() % 3 == 0
                    ? UInt8(truncatingIfNeeded: generator.next()) : alphabet[Int(generator.next() % 12)]
            }
            let options = CSVOptions(maxRecordBytes: Int(generator.next() % 40) + 1)
            try expectEveryByteAccounted(bytes, records: readAll(bytes, options: options, bufferSize: bufferSize))
        }
    }

    /// Checks that the records tile the input: gaps between them hold only blank lines, and each raw is
    /// the start of its record's bytes.
    private func expectEveryByteAccounted(_ bytes: [UInt8], records: [CSVRecord]) {
        var offset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        for record in records {
            while offset < Int(record.startOffset) {
                let blank = bytes[offset] == 0x0A ? 1 : (bytes[offset] == 0x0D ? 2 : 0)
                #expect(blank > 0 && bytes[offset + blank - 1] == 0x0A, "unaccounted byte at \(offset)")
                guard blank > 0 else { return }
                offset += blank
                line += 1
            }
            #expect(Int(record.startOffset) == offset)
            #expect(record.line == line)
            #expect(record.endOffset > record.startOffset)
            #expect(bytes[offset..<Int(record.endOffset)].starts(with: record.raw))
            offset = Int(record.endOffset)
            line = record.nextLine
        }
        while offset < bytes.count
            && (bytes[offset] == 0x0A
                || (bytes[offset] == 0x0D && offset + 1 < bytes.count && bytes[offset + 1] == 0x0A))
        {
            offset += bytes[offset] == 0x0A ? 1 : 2
        }
        #expect(offset == bytes.count)
    }
}

/// A small seeded generator so that random tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
