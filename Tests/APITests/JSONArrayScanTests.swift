import Testing

@testable import API

/// The element count of a batch's top-level array, taken before any parsing.
@Suite struct JSONArrayScanTests {
    static func over(_ limit: Int, _ text: String) -> Bool {
        JSONArrayScan.hasMoreElements(than: limit, in: Array(text.utf8))
    }

    @Test func countsOnlyTopLevelElements() {
        #expect(!Self.over(2, #"[{"a": [1, 2, 3]}, {"b": "x,y]"}]"#))
        #expect(Self.over(2, #" [ {}, {"s": "\"],"}, [] ] "#))
        #expect(!Self.over(3, #"[{}, {"s": "\"],"}, []]"#))
        #expect(!Self.over(0, "[]") && !Self.over(0, "[ ]"))
        #expect(Self.over(0, "[1]"))
    }

    @Test func stopsAtTheFirstElementPastTheLimitEvenInAnUnfinishedBody() {
        #expect(Self.over(1000, "[" + String(repeating: "{},", count: 1000) + "{"))
        #expect(!Self.over(1000, "[" + String(repeating: "{},", count: 999) + "{}]"))
    }

    @Test func leavesOtherBodiesToTheParser() {
        #expect(!Self.over(0, #"{"a": [1, 2]}"#))
        #expect(!Self.over(0, "x"))
        #expect(!Self.over(0, ""))
    }
}
