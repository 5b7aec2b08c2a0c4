import Avro
import Errors
import Testing
import TestSupport

@Suite("Reading with a reader schema")
struct AvroReaderSchemaTests {
    /// A writer schema shaped like AWS Glue's: `root.DynamicRecord`, `["int","null"]` unions, an extra field.
    static let glueJSON = """
        {"type":"record","name":"DynamicRecord","namespace":"root","fields":[
          {"name":"id","type":["int","null"]},
          {"name":"name","type":["string","null"]},
          {"name":"extra","type":"string"},
          {"name":"department_id","type":["int","null"]},
          {"name":"count","type":"int"}
        ]}
        """

    /// A Sluice reader schema for it: other record name, fields reordered, `long` for `int`, one field left out.
    static let readerJSON = """
        {"type":"record","name":"departments","namespace":"sluice","fields":[
          {"name":"count","type":"long"},
          {"name":"department_id","type":["null","long"]},
          {"name":"id","type":"long"},
          {"name":"name","type":["null","string"]}
        ]}
        """

    static func writeGlueFile(_ path: String) throws {
        let writer = try AvroFileWriter(path: path, schema: try AvroSchema(json: glueJSON), codec: .deflate)
        for index in 0..<3 {
            try writer.append { record in
                try record.setInt(field: 0, Int32(index + 1))
                if index != 1 { try record.setString(field: 1, "näme \(index)") }
                try record.setString(field: 2, "ignored")
                if index != 2 { try record.setLong(field: 3, Int64(index * 10)) }
                try record.setInt(field: 4, Int32.max - Int32(index))
            }
        }
        try writer.close()
    }

    @Test("fields resolve by name: reordered, subset, int to long, nullable unions, other record name")
    func resolves() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/glue.avro"
            try Self.writeGlueFile(path)
            let reader = try AvroFileReader(path: path, readerSchema: try AvroSchema(json: Self.readerJSON))
            #expect(reader.writerSchema.fullName == "root.DynamicRecord")
            #expect(reader.schema.fields.map(\.name) == ["count", "department_id", "id", "name"])
            var rows: [String] = []
            while let record = try reader.next() {
                #expect(try record.typeName(field: 0) == "long")
                let count = try record.long(field: 0).map(String.init) ?? "null"
                let department = try record.long(field: 1).map(String.init) ?? "null"
                let id = try record.long(field: 2).map(String.init) ?? "null"
                rows.append("\(count) \(department) \(id) \(try record.string(field: 3) ?? "null")")
            }
            #expect(rows == ["2147483647 0 1 näme 0", "2147483646 10 2 null", "2147483645 null 3 näme 2"])
        }
    }

    @Test("without a reader schema, int fields read as long and unions as their branch")
    func writerSchemaOnly() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/glue.avro"
            try Self.writeGlueFile(path)
            let reader = try AvroFileReader(path: path)
            let record = try #require(try reader.next())
            #expect(try record.typeName(field: 0) == "int")
            #expect(try record.long(field: 0) == 1)
            #expect(try record.string(field: 2) == "ignored")
        }
    }

    @Test("a reader field missing from the writer is a schema mismatch naming the field")
    func mismatchNamesField() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/glue.avro"
            try Self.writeGlueFile(path)
            let schema = try AvroSchema(
                json: """
                    {"type":"record","name":"x","fields":[{"name":"id","type":"long"},{"name":"salary","type":"long"}]}
                    """)
            let error = #expect(throws: AvroError.self) { try AvroFileReader(path: path, readerSchema: schema) }
            #expect(error?.code == .schemaMismatch)
            #expect(error?.message.contains("salary") == true)
        }
    }

    @Test("a string writer field cannot be read as long")
    func incompatibleType() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/glue.avro"
            try Self.writeGlueFile(path)
            let schema = try AvroSchema(
                json: """
                    {"type":"record","name":"x","fields":[{"name":"extra","type":"long"}]}
                    """)
            let error = #expect(throws: AvroError.self) { try AvroFileReader(path: path, readerSchema: schema) }
            #expect(error?.code == .schemaMismatch)
        }
    }

    @Test("withRecordName copies the other record's name and keeps the fields")
    func renaming() throws {
        let reader = try AvroSchema(json: Self.readerJSON)
        let renamed = try reader.withRecordName(of: try AvroSchema(json: Self.glueJSON))
        #expect(renamed.fullName == "root.DynamicRecord")
        #expect(renamed.fields.map(\.name) == reader.fields.map(\.name))
        #expect(throws: AvroError.self) { try reader.withRecordName(of: try AvroSchema(json: #""int""#)) }
    }
}
