import BatchIngest
import DataDictionary
import JSON

/// The fastest path of the usual ingest body: `FlatJSONRows`' subset, read straight into one text
/// per column (keys matched to the table's columns by their bytes), with no dictionary per row.
///
/// It answers nil for everything `BatchDecoder`'s general path must judge: anything outside
/// `FlatJSONRows`' subset, a key with an escape, a key the table does not have, a key twice in one
/// object, more than `limit` objects (refused there before any is read). On every body it accepts, its rows are the ones the general path builds from
/// `FlatJSONRows.parse` (`PositionalJSONRowsTests` compares them): the same texts (null and
/// missing fields are empty), the same type violations in column order, the same raw bytes.
enum PositionalJSONRows {
    /// The rows of `body` for `table`, or nil.
    static func rows(_ body: [UInt8], table: TableDefinition, limit: Int) -> [IncomingRow]? {
        let columns = table.columns
        guard columns.count <= 64 else { return nil }
        let names = columns.map { Array($0.name.utf8) }
        let emptyFields = [String](repeating: "", count: columns.count)
        return body.withUnsafeBufferPointer { bytes in
            var reader = Reader(bytes: bytes)
            guard reader.take(UInt8(ascii: "[")) else { return nil }
            var rows: [IncomingRow] = []
            if !reader.take(UInt8(ascii: "]")) {
                repeat {
                    guard rows.count < limit else { return nil }
                    reader.skipSpace()
                    let start = reader.at
                    guard var row = reader.positionalObject(columns: columns, names: names, emptyFields: emptyFields)
                    else { return nil }
                    row.raw = { [body, end = reader.at] in rawObject(body[start..<end]) }
                    rows.append(row)
                } while reader.take(UInt8(ascii: ","))
                guard reader.take(UInt8(ascii: "]")) else { return nil }
            }
            reader.skipSpace()
            return reader.at == bytes.count ? rows : nil
        }
    }

    /// What the general path keeps as an object's raw bytes: the object re-encoded.
    private static func rawObject(_ object: ArraySlice<UInt8>) -> [UInt8] {
        let parsed = FlatJSONRows.parse([UInt8(ascii: "[")] + object + [UInt8(ascii: "]")])?.first
        return parsed.flatMap { try? JSON.encode($0) }.map(Array.init) ?? []
    }
}

extension Reader {
    /// One object at `at` as a row of `columns` (whose names' bytes are `names`), its raw bytes not
    /// yet set; nil when it is outside the subset. Its fields start as a copy of `emptyFields` (one
    /// empty text per column): a new `Array(repeating:count:)` per row looked its storage's generic
    /// metadata up each time.
    fileprivate mutating func positionalObject(
        columns: [ColumnDefinition], names: [[UInt8]], emptyFields: [String]
    ) -> IncomingRow? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var fields = emptyFields
        var seen: UInt64 = 0
        var refused: UInt64 = 0
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipSpace()
                guard let index = key(names), seen & (1 << index) == 0, take(UInt8(ascii: ":")) else { return nil }
                seen |= 1 << index
                skipSpace()
                guard at < bytes.count else { return nil }
                let type = columns[index].type
                let numeric = type == .integer || type == .number
                switch bytes[at] {
                case UInt8(ascii: "\""):
                    guard let text = string() else { return nil }
                    fields[index] = text
                case UInt8(ascii: "n"):
                    guard literal("null", .null) != nil else { return nil }
                case UInt8(ascii: "t"), UInt8(ascii: "f"):
                    let flag = bytes[at] == UInt8(ascii: "t")
                    guard literal(flag ? "true" : "false", .bool(flag)) != nil else { return nil }
                    if type == .boolean { fields[index] = flag ? "true" : "false" } else { refused |= 1 << index }
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let start = at
                    guard integer() != nil else { return nil }
                    // The subset's integers have no leading zero, no `-0` and no exponent: their
                    // text is what `String(Int64)` writes for them.
                    if numeric {
                        fields[index] = String(
                            decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
                    } else {
                        refused |= 1 << index
                    }
                default: return nil
                }
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        var violations: [Violation] = []
        if refused != 0 {
            for (index, column) in columns.enumerated() where refused & (1 << index) != 0 {
                violations.append(BatchDecoder.typeViolation(column))
            }
        }
        return IncomingRow(fields: .positional(fields), raw: { [] }, decodingViolations: violations)
    }

    /// The index of the column a key at `at` names, read by its bytes; nil for a key with an
    /// escape or one no column has.
    private mutating func key(_ names: [[UInt8]]) -> Int? {
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
        let start = at + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            if bytes[end] == UInt8(ascii: "\\") || bytes[end] < 0x20 { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        at = end + 1
        return names.firstIndex { name in
            // By length first, then byte by byte: `elementsEqual` here cost 250 instructions a key.
            guard name.count == end - start else { return false }
            for offset in name.indices where name[offset] != bytes[start + offset] { return false }
            return true
        }
    }
}
