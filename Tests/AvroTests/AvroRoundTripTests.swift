import Avro
import Errors
import Testing
import TestSupport

@Suite("Avro round trips")
struct AvroRoundTripTests {
    /// The values of record `index` in the all-types fixture.
    struct Row: Equatable {
        var id: Int64, small: Int64, ratio: Double, single: Double, flag: Bool, name: String, blob: [UInt8]
        var created: Int64, maybeLong: Int64?, maybeText: String?, maybeTime: Int64?

        init(_ index: Int) {
            id = Int64(index) * 1_000_000_007
            small = Int64(Int32.min) + Int64(index)
            ratio = Double(index) / 3
            single = Double(Float(index) * 0.5)
            flag = index % 2 == 0
            name = ["plain", "Zoë Ñúñez", "東京 🚀", "", "with\u{0}nul"][index % 5]
            blob = [UInt8(index % 256), 0, 255]
            created = 1_636_253_322_000_000 + Int64(index)
            maybeLong = index % 3 == 0 ? nil : Int64(-index)
            maybeText = index % 4 == 0 ? nil : "text \(index) ü"
            maybeTime = index % 5 == 0 ? nil : 1_600_000_000_000_000
        }
    }

    static func write(_ count: Int, to path: String, codec: AvroCodec) throws {
        let schema = try AvroSchema(json: allTypesSchemaJSON)
        let writer = try AvroFileWriter(path: path, schema: schema, codec: codec, blockSize: 1024)
        for index in 0..<count {
            let row = Row(index)
            try writer.append { record in
                try record.setLong(field: 0, row.id)
                try record.setInt(field: 1, Int32(row.small))
                try record.setDouble(field: 2, row.ratio)
                try record.setDouble(field: 3, row.single)
                try record.setBoolean(field: 4, row.flag)
                try record.setString(field: 5, row.name)
                try record.setBytes(field: 6, row.blob)
                try record.setLong(field: 7, row.created)
                if let value = row.maybeLong {
                    try record.setLong(field: 8, value)
                } else {
                    try record.setNull(field: 8)
                }
                if let value = row.maybeText { try record.setString(field: 9, value) }  // unset: null
                if let value = row.maybeTime {
                    try record.setLong(field: 10, value)
                } else {
                    try record.setNull(field: 10)
                }
            }
        }
        #expect(writer.recordCount == count)
        try writer.close()
    }

    @Test("every type, nullable unions and non-ASCII text survive each codec", arguments: AvroCodec.allCases)
    func everyType(codec: AvroCodec) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/all.avro"
            try Self.write(500, to: path, codec: codec)
            let reader = try AvroFileReader(path: path)
            #expect(reader.recordCountInFile == 500)
            #expect(reader.metadata["avro.codec"] == codec.rawValue)
            var index = 0
            while let record = try reader.next() {
                let expected = Row(index)
                var row = expected
                row.id = try record.long(field: 0) ?? -1
                row.small = try record.long(field: 1) ?? -1
                row.ratio = try record.double(field: 2) ?? -1
                row.single = try record.double(field: 3) ?? -1
                row.flag = try record.bool(field: 4) ?? !expected.flag
                row.name = try record.string(field: 5) ?? "?"
                row.blob = try record.bytes(field: 6) ?? []
                row.created = try record.long(field: 7) ?? -1
                row.maybeLong = try record.long(field: 8)
                row.maybeText = try record.string(field: 9)
                row.maybeTime = try record.long(field: 10)
                #expect(row == expected)
                #expect(try record.isNull(field: 8) == (expected.maybeLong == nil))
                #expect(try record.typeName(field: 9) == (expected.maybeText == nil ? "null" : "string"))
                index += 1
            }
            #expect(index == 500)
            #expect(try reader.next() == nil)
        }
    }

    /// One `bytes` field, for blocks of chosen bytes.
    static let noiseSchemaJSON = #"{"type":"record","name":"Noise","fields":[{"name":"data","type":"bytes"}]}"#

    /// `count` random bytes, which do not compress.
    static func noise(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    @Test(
        "blocks that do not compress, larger than deflate's 65,535-byte stored blocks, read back in each codec",
        arguments: AvroCodec.allCases)
    func incompressibleBlocks(codec: AvroCodec) throws {
        let records = (0..<4).map { _ in Self.noise(90_000) }
        try withTemporaryDirectory { directory in
            let path = directory + "/noise.avro"
            let schema = try AvroSchema(json: Self.noiseSchemaJSON)
            let writer = try AvroFileWriter(path: path, schema: schema, codec: codec, blockSize: 200_000)
            for record in records { try writer.append { try $0.setBytes(field: 0, record) } }
            try writer.close()
            let reader = try AvroFileReader(path: path)
            for record in records { #expect(try reader.next()?.bytes(field: 0) == record) }
            #expect(try reader.next() == nil)
        }
    }

    @Test("deflate finds a repeat 3 KB back in every block: igzip's whole window, not a shrunken one")
    func deflateWindow() throws {
        let noise = Self.noise(3_000)
        try withTemporaryDirectory { directory in
            let schema = try AvroSchema(json: Self.noiseSchemaJSON)
            // Each block holds the noise twice: ~3.1 KB compressed, ~6 KB stored when the window is under 3 KB.
            for file in 0..<8 {
                let path = directory + "/repeat\(file).avro"
                let writer = try AvroFileWriter(path: path, schema: schema, codec: .deflate, blockSize: 6_100)
                for _ in 0..<8 { try writer.append { try $0.setBytes(field: 0, noise) } }
                try writer.close()
                #expect(try contents(of: path).count < 16_000)
            }
        }
    }

    @Test("the header keeps the schema JSON as given, logicalType included")
    func schemaJSONKept() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/all.avro"
            try Self.write(3, to: path, codec: .deflate)
            let reader = try AvroFileReader(path: path)
            #expect(reader.metadata["avro.schema"] == allTypesSchemaJSON)
            #expect(reader.writerSchema.json == allTypesSchemaJSON)
            #expect(reader.writerSchema.fields[7].logicalType == "timestamp-micros")
            #expect(reader.writerSchema.fields[10].logicalType == "timestamp-micros")
            #expect(reader.writerSchema.fullName == "sluice.test.AllTypes")
        }
    }

    @Test("user metadata round-trips through the header")
    func metadataRoundTrip() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/meta.avro"
            let metadata = [
                "sluice.table": "hired_employees", "sluice.dictionary_version": "3",
                "sluice.snapshot_time": "2026-11-22T10:00:00Z", "sluice.note": "naïve 東京",
            ]
            let writer = try AvroFileWriter(
                path: path, schema: try AvroSchema(json: employeeSchemaJSON), codec: .null, metadata: metadata)
            try writer.close()
            let reader = try AvroFileReader(path: path)
            for (key, value) in metadata { #expect(reader.metadata[key] == value) }
            #expect(reader.metadata["avro.codec"] == "null")
            #expect(reader.recordCountInFile == 0)
            #expect(try reader.next() == nil)
        }
    }

    @Test("reserved metadata keys are refused")
    func reservedMetadata() throws {
        try withTemporaryDirectory { directory in
            let schema = try AvroSchema(json: employeeSchemaJSON)
            #expect(throws: AvroError.self) {
                try AvroFileWriter(path: directory + "/x.avro", schema: schema, metadata: ["avro.codec": "zstd"])
            }
        }
    }

    @Test("a field left unset must be nullable; wrong types and indexes throw")
    func builderErrors() throws {
        try withTemporaryDirectory { directory in
            let writer = try AvroFileWriter(
                path: directory + "/e.avro", schema: try AvroSchema(json: employeeSchemaJSON), codec: .null)
            let unset = #expect(throws: AvroError.self) { try writer.append { _ in } }
            #expect(unset?.code == .fieldNotSet)
            let mismatch = #expect(throws: AvroError.self) {
                try writer.append { try $0.setString(field: 0, "one") }
            }
            #expect(mismatch?.code == .typeMismatch)
            let unknown = #expect(throws: AvroError.self) { try writer.append { try $0.setLong(field: 9, 1) } }
            #expect(unknown?.code == .fieldUnknown)
            try writer.append { try $0.setLong(field: 0, 7) }  // other fields nullable: written as null
            try writer.close()
            let reader = try AvroFileReader(path: directory + "/e.avro")
            let record = try #require(try reader.next())
            #expect(try record.long(field: 0) == 7)
            #expect(try record.isNull(field: 1))
            #expect(throws: AvroError.self) { try record.string(field: 0) }
        }
    }

    @Test("a record larger than a block is refused, and the records around it are kept")
    func recordLargerThanABlock() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/e.avro"
            let writer = try AvroFileWriter(
                path: path, schema: try AvroSchema(json: employeeSchemaJSON), codec: .zstandard, blockSize: 32)
            try writer.append { try $0.setLong(field: 0, 1) }
            let error = #expect(throws: AvroError.self) {
                try writer.append {
                    try $0.setLong(field: 0, 2)
                    try $0.setString(field: 1, String(repeating: "x", count: 100))
                }
            }
            #expect(error?.code == .writeFailed)
            try writer.append { try $0.setLong(field: 0, 3) }
            try writer.close()
            let reader = try AvroFileReader(path: path)
            #expect(try reader.next()?.long(field: 0) == 1)
            #expect(try reader.next()?.long(field: 0) == 3)
            #expect(try reader.next() == nil)
        }
    }

    @Test("a schema that is not a record cannot be written")
    func nonRecordSchema() throws {
        try withTemporaryDirectory { directory in
            let error = #expect(throws: AvroError.self) {
                try AvroFileWriter(path: directory + "/x.avro", schema: try AvroSchema(json: #""long""#))
            }
            #expect(error?.code == .schemaInvalid)
        }
    }
}
