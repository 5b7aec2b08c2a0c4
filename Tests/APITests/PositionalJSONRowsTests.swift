import BatchIngest
import DataDictionary
import Foundation
import Testing

@testable import API

/// The positional path of ingest bodies builds the rows the general path builds, or leaves the body to it.
@Suite struct PositionalJSONRowsTests {
    private let table: TableDefinition

    init() throws {
        let json = #"""
            {"version": 1, "tables": [{"name": "t", "columns": [
              {"name": "id", "type": "integer", "primaryKey": true},
              {"name": "name", "type": "string", "required": false},
              {"name": "at", "type": "timestamp", "required": false},
              {"name": "ok", "type": "boolean", "required": false},
              {"name": "ratio", "type": "number", "required": false}]}]}
            """#
        table = try DataDictionary(json: Data(json.utf8)).tables[0]
    }

    @Test(arguments: [
        #"[{"id": 1, "name": "Ana", "at": "2021-01-01T00:00:00Z", "ok": true, "ratio": -12}]"#,
        #" [ {} , {"ratio":-42,"ok":false,"name":null,"id":"7"} ] "#,
        #"[{"id": true, "name": 5, "at": 1, "ok": 0, "ratio": "x"}, {"name": false, "ok": null}]"#,
        #"[{"name": "tab\tnew\nline \"quoted\" back\\slash \/ caf\u00e9 \ud83d\ude00 Łucja"}]"#,
        #"[{"id": 999999999999999999, "ratio": 0}, {"id": -5}]"#,
        "[]",
    ])
    func buildsTheGeneralPathsRows(_ body: String) throws {
        let bytes = Array(body.utf8)
        let positional = try #require(PositionalJSONRows.rows(bytes, table: table, limit: 1000))
        let general = try BatchDecoder(table: table).generalJSONRows(bytes)
        #expect(positional.count == general.count)
        for (fast, slow) in zip(positional, general) {
            guard case .positional(let fields) = fast.fields, case .named(let named) = slow.fields else {
                Issue.record("expected positional rows from the fast path and named ones from the general path")
                return
            }
            #expect(fields == table.columns.map { (named[$0.name] ?? nil) ?? "" })
            #expect(fast.decodingViolations == slow.decodingViolations)
            #expect(fast.raw() == slow.raw())
        }
    }

    @Test(arguments: [
        #"[{"id": 1, "other": 2}]"#, #"[{"id": 1, "id": 2}]"#, #"[{"i\u0064": 1}]"#, #"[{"id": 1.5}]"#,
        #"[{"name": [1]}]"#, #"[{"name": {"a": 1}}]"#, #"[{"id": 01}]"#, #"[{"id": -0}]"#, #"[{"id": 1},]"#,
        #"[{"id": 1}"#, #"[{"é": 1}]"#, #"[1]"#, #"{"id": 1}"#, #"[{"ok": tru}]"#, "", "[{}] x",
    ])
    func leavesEverythingElseToTheGeneralPath(_ body: String) {
        #expect(PositionalJSONRows.rows(Array(body.utf8), table: table, limit: 1000) == nil)
    }

    @Test func leavesMoreRowsThanTheLimitToTheGeneralPath() {
        let body = Array(("[" + Array(repeating: #"{"id": 1}"#, count: 3).joined(separator: ",") + "]").utf8)
        #expect(PositionalJSONRows.rows(body, table: table, limit: 3)?.count == 3)
        #expect(PositionalJSONRows.rows(body, table: table, limit: 2) == nil)
    }
}
