import JSON
import Testing

@testable import API

/// The fast path of ingest bodies reads exactly what JSONSerialization reads, or leaves the body to it.
@Suite struct FlatJSONRowsTests {
    @Test(arguments: [
        #"[{"id": 1, "name": "Ana", "datetime": "2021-01-01T00:00:00Z", "department_id": 12, "job_id": null}]"#,
        #" [ {} , {"a":-42,"b":true,"c":false,"d":null} ] "#,
        #"[{"s": "tab\tnew\nline \"quoted\" back\\slash \/ \b\f\r"}]"#,
        #"[{"s": "caf\u00e9 \u20AC \ud83d\ude00 Łucja Müller 😀", "n": 999999999999999999}]"#,
        #"[{"é": "", "": "empty key", "z": 0}]"#,
        "[]",
    ])
    func readsWhatJSONSerializationReads(_ body: String) throws {
        let fast = try #require(FlatJSONRows.parse(Array(body.utf8)))
        #expect(fast == BatchDecoder.serializedRows(Array(body.utf8)))
    }

    @Test(arguments: [
        #"[{"a": 1.5}]"#, #"[{"a": 1e3}]"#, #"[{"a": -0}]"#, #"[{"a": 01}]"#, #"[{"a": 1234567890123456789}]"#,
        #"[{"a": [1]}]"#, #"[{"a": {"b": 1}}]"#, #"[{"a": 1, "a": 2}]"#, #"[{"a": "\ud800"}]"#,
        #"[{"a": "\x"}]"#, "[{\"a\": \"raw\u{1}control\"}]", #"[{"a": 1},]"#, #"[{"a": 1}"#, #"[1]"#,
        #"{"a": 1}"#, #"[{"a": tru}]"#, "", "[{}] x",
    ])
    func leavesEverythingElseToJSONSerialization(_ body: String) {
        #expect(FlatJSONRows.parse(Array(body.utf8)) == nil)
    }

    @Test func refusesInvalidUTF8() {
        #expect(FlatJSONRows.parse(Array(#"[{"a": ""#.utf8) + [0xFF] + Array(#""}]"#.utf8)) == nil)
    }
}
