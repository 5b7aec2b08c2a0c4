import Avro
import Foundation
import TestSupport
import Testing

@Suite("Reading records directly from the blocks")
struct AvroDirectReaderTests {
    /// The wanted fields: reordered, a subset, and one the file does not have.
    static let wanted = [
        "maybe_time", "name", "id", "nowhere", "small", "ratio", "single", "flag", "blob",
        "created", "maybe_long", "maybe_text",
    ]

    /// A cell as a comparable value: nil for null, strings and bytes as arrays.
    static func plain(_ cell: AvroCell) -> AnyHashable? {
        switch cell {
        case .null: nil
        case .long(let number): number
        case .double(let number): number
        case .boolean(let flag): flag
        case .string(let bytes): "s:" + String(decoding: bytes, as: UTF8.self)
        case .bytes(let bytes): Array(bytes)
        }
    }

    /// The same record read by avro-c, field by field, in the order of ``wanted``.
    static func plain(_ record: AvroRecordView, schema: AvroSchema) throws -> [AnyHashable?] {
        try wanted.map { name -> AnyHashable? in
            guard let field = schema.fieldIndex(named: name) else { return nil }
            switch try record.typeName(field: field) {
            case "null": return nil
            case "int", "long": return try record.long(field: field)
            case "float", "double": return try record.double(field: field)
            case "boolean": return try record.bool(field: field)
            case "string": return try record.string(field: field).map { "s:" + $0 }
            default: return try record.bytes(field: field)
            }
        }
    }

    @Test(
        "every primitive type and nullable union reads as avro-c reads it, in each codec", arguments: AvroCodec.allCases
    )
    func sameAsAvroC(codec: AvroCodec) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/all.avro"
            try AvroRoundTripTests.write(500, to: path, codec: codec)
            let expected = try AvroFileReader(path: path)
            let reader = try #require(try AvroDirectReader(path: path, fields: Self.wanted))
            #expect(reader.recordCountInFile == 500)
            var count = 0
            while try reader.next() {
                let record = try #require(try expected.next())
                #expect(reader.cells.map(Self.plain) == (try Self.plain(record, schema: expected.schema)))
                count += 1
            }
            #expect(count == 500)
            #expect(try expected.next() == nil)
            #expect(try reader.next() == false)
        }
    }

    /// Reads every record of the file at `path` directly; returns how many.
    static func readAll(_ path: String) throws -> Int {
        let reader = try #require(try AvroDirectReader(path: path, fields: ["id", "name"]))
        var count = 0
        while try reader.next() { count += 1 }
        return count
    }

    @Test("a record with a nested type is left to avro-c")
    func nested() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/nested.avro"
            let schema = try AvroSchema(
                json:
                    #"{"type":"record","name":"r","fields":[{"name":"tags","type":{"type":"array","items":"string"}}]}"#
            )
            try AvroFileWriter(path: path, schema: schema, codec: .deflate).close()
            #expect(try AvroDirectReader(path: path, fields: ["tags"]) == nil)
        }
    }
}
