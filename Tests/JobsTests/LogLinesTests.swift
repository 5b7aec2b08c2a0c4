import Testing

@testable import Jobs

/// A worker's output cut into stored log lines: at newlines, and long lines into pieces that
/// keep every byte, split no character and fit the `line TEXT` column.
@Suite struct LogLinesTests {
    @Test func linesEndAtNewlinesAndTheRestAtTheEnd() {
        var splitter = LogLines()
        #expect(splitter.append(Array("one\ntw".utf8)) == ["one"])
        #expect(splitter.append(Array("o\n\nthree".utf8)) == ["two", ""])
        #expect(splitter.finish() == ["three"])
        #expect(splitter.finish() == [])
    }

    @Test func aLongLineIsSplitOnCharacterBoundariesAndNothingIsLost() {
        let line = String(repeating: "é€😀a", count: 30_000)  // 300,000 bytes, characters of 1 to 4 bytes
        var splitter = LogLines()
        var pieces: [String] = []
        let bytes = Array((line + "\nnext\n").utf8)
        for start in stride(from: 0, to: bytes.count, by: 16 * 1024) {
            pieces += splitter.append(bytes[start..<min(start + 16 * 1024, bytes.count)])
        }
        pieces += splitter.finish()
        #expect(pieces.last == "next")
        let long = pieces.dropLast()
        #expect(long.count > 4)
        #expect(long.allSatisfy { $0.utf8.count <= LogLines.maxBytes && !$0.contains("\u{FFFD}") })
        #expect(long.joined() == line)
    }

    @Test func invalidBytesStillFitTheColumn() {
        var splitter = LogLines()
        let pieces = splitter.append([UInt8](repeating: 0xFF, count: 100_000) + [10]) + splitter.finish()
        #expect(pieces.allSatisfy { $0.utf8.count <= LogLines.maxBytes })
        #expect(pieces.reduce(0) { $0 + $1.unicodeScalars.count } == 100_000)
    }
}
