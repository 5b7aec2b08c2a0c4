import Errors
import Testing

@testable import CSV

@Suite("CSVReader: RFC 4180 records")
struct CSVReaderTests {
    @Test("plain records, with their lines and offsets")
    func plainRecords() throws {
        let records = try readAll("4535,Marcelo Gonzalez,2021-07-27T16:02:08Z,1,2\n7,Ana,x,3,4\n")
        #expect(
            records.map(\.fields) == [
                ["4535", "Marcelo Gonzalez", "2021-07-27T16:02:08Z", "1", "2"], ["7", "Ana", "x", "3", "4"],
            ])
        #expect(records.map(\.line) == [1, 2])
        #expect(records.map(\.startOffset) == [0, 47])
        #expect(records.map(\.endOffset) == [47, 59])
        #expect(records.map(\.nextLine) == [2, 3])
        #expect(records[1].raw == Array("7,Ana,x,3,4".utf8))
        #expect(records.allSatisfy { $0.isClean })
    }

    @Test("a UTF-8 byte-order mark at the start is skipped")
    func byteOrderMark() throws {
        let records = try readAll([0xEF, 0xBB, 0xBF] + Array("a,b\n\u{FEFF}c\n".utf8))
        #expect(records.map(\.fields) == [["a", "b"], ["\u{FEFF}c"]])
        #expect(records[0].startOffset == 3)
        #expect(records[0].raw == Array("a,b".utf8))
    }

    @Test("CRLF ends a record; a lone CR is data")
    func lineEndings() throws {
        let records = try readAll("a,b\r\nc\rd,e\r\n\"q\"\r\nlast\r")
        #expect(records.map(\.fields) == [["a", "b"], ["c\rd", "e"], ["q"], ["last\r"]])
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(records[0].raw == Array("a,b".utf8))
        #expect(records[0].endOffset == 5)
    }

    @Test("quoted fields hold delimiters, doubled quotes and line breaks")
    func quotedFields() throws {
        let records = try readAll("1,\"a,b\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\"crlf\r\nin\"\n3,\"\",x\n")
        #expect(
            records.map(\.fields) == [["1", "a,b", "say \"hi\""], ["2", "two\nlines", "crlf\r\nin"], ["3", "", "x"]])
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records.map(\.nextLine) == [2, 5, 6])
        #expect(records.allSatisfy { $0.isClean })
    }

    @Test("empty fields, trailing empty field, whitespace kept")
    func emptyFieldsAndWhitespace() throws {
        #expect(
            try fields("1,,3\na,b,\n , x ,\t\n,\n") == [
                ["1", "", "3"], ["a", "b", ""], [" ", " x ", "\t"], ["", ""],
            ])
    }

    @Test("blank lines are skipped and counted")
    func blankLines() throws {
        let reader = CSVReader(bytes: Array("\na\n\r\n\nb\n\n".utf8))
        let first = try reader.next()
        #expect(first?.fields == ["a"])
        #expect(first?.line == 2)
        #expect(reader.blankLines == 1)
        let second = try reader.next()
        #expect(second?.fields == ["b"])
        #expect(second?.line == 5)
        #expect(reader.blankLines == 3)
        #expect(try reader.next() == nil)
        #expect(reader.blankLines == 4)
    }

    @Test("an empty input and an input of only newlines have no records")
    func emptyInputs() throws {
        #expect(try readAll("").isEmpty)
        let reader = CSVReader(bytes: Array("\n\r\n\n".utf8))
        #expect(try reader.next() == nil)
        #expect(reader.blankLines == 3)
    }

    @Test("a last line without a terminator is a record")
    func lastLineWithoutTerminator() throws {
        let records = try readAll("a\nb,c")
        #expect(records.map(\.fields) == [["a"], ["b", "c"]])
        #expect(records[1].endOffset == 5)
        #expect(records[1].nextLine == 2)
        #expect(try fields("\"q\"") == [["q"]])
        #expect(try fields("x,") == [["x", ""]])
    }

    @Test("skipHeader drops the first record only")
    func skipHeader() throws {
        let options = CSVOptions(skipHeader: true)
        let records = try readAll("\nid,name\n1,a\n2,b\n", options: options)
        #expect(records.map(\.fields) == [["1", "a"], ["2", "b"]])
        #expect(records.map(\.line) == [3, 4])
        #expect(try readAll("id,name", options: options).isEmpty)
    }

    @Test("another delimiter and quote")
    func otherDelimiter() throws {
        let options = CSVOptions(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"))
        #expect(try fields("a;'b;c';'it''s'\n", options: options) == [["a", "b;c", "it's"]])
    }

    @Test("resuming at a record's end offset gives exactly the remaining records")
    func resume() throws {
        let text = "h1,h2\n1,\"multi\nline\"\n\n2,b\r\n3,c"
        try withTemporaryFile(Array(text.utf8)) { path in
            let all = try readFile(path, options: CSVOptions(skipHeader: true))
            #expect(all.map(\.fields) == [["1", "multi\nline"], ["2", "b"], ["3", "c"]])
            for (index, record) in all.enumerated() {
                let rest = try readFile(
                    path, options: CSVOptions(skipHeader: true), startingAt: record.endOffset, line: record.nextLine)
                #expect(rest == Array(all[(index + 1)...]))
            }
        }
    }

    @Test("a missing file is file_unreadable")
    func missingFile() {
        #expect {
            _ = try CSVReader(path: "/nonexistent/sluice/file.csv")
        } throws: { error in
            guard let error = error as? CSVReadError else { return false }
            return error.code == .fileUnreadable && error.message.hasPrefix("/nonexistent/sluice/file.csv: ")
        }
    }

    @Test("reading a directory is io_error")
    func directory() throws {
        let reader = try CSVReader(path: "/tmp")
        #expect(throws: CSVReadError.self) { _ = try reader.next() }
        do {
            _ = try reader.next()
        } catch CSVReadError.Code.ioError {
            // matched by code
        }
    }
}
