import Foundation
import JSON
import Testing

/// The shared JSON path: open values keep their kinds, and encoding is stable.
struct JSONValueTests {
    @Test func valuesKeepTheirKinds() throws {
        let value = try JSON.decode(
            JSONValue.self, from: #"{"b": true, "i": 7, "n": 1.5, "s": "x/y", "z": null, "a": [1, "2"], "o": {}}"#)
        #expect(
            value
                == .object([
                    "b": .bool(true), "i": .integer(7), "n": .number(1.5), "s": .string("x/y"), "z": .null,
                    "a": .array([.integer(1), .string("2")]), "o": .object([:]),
                ]))
    }

    @Test func encodingSortsKeysAndLeavesSlashes() throws {
        let text = try JSON.text(JSONValue.object(["b": .string("/tmp/x"), "a": .bool(false)]))
        #expect(text == #"{"a":false,"b":"/tmp/x"}"#)
    }

    @Test func datesAreISO8601() throws {
        let text = try JSON.text(["at": Date(timeIntervalSince1970: 0)])
        #expect(text == #"{"at":"1970-01-01T00:00:00Z"}"#)
        #expect(try JSON.decode([String: Date].self, from: text)["at"] == Date(timeIntervalSince1970: 0))
    }
}
