import Avro
import Errors
import Foundation
import Testing
import TestSupport

@Suite("Damaged and invalid input")
struct AvroDamagedFileTests {
    /// Writes 300 records in 3 explicit blocks and returns the file size after the first block.
    static func writeThreeBlocks(_ path: String, codec: AvroCodec) throws -> Int {
        let writer = try AvroFileWriter(path: path, schema: try AvroSchema(json: employeeSchemaJSON), codec: codec)
        var firstBlockEnd = 0
        for index in 0..<300 {
            try writer.append { record in
                try record.setLong(field: 0, Int64(index))
                try record.setString(field: 1, "employee \(index)")
                try record.setLong(field: 2, 1_636_253_322_000_000)
                try record.setLong(field: 3, Int64(index % 7))
                try record.setLong(field: 4, Int64(index % 11))
            }
            if index % 100 == 99 { try writer.flush() }
            if index == 99 { firstBlockEnd = try contents(of: path).count }
        }
        try writer.close()
        return firstBlockEnd
    }

    /// Reads every record; returns how many.
    static func readAll(_ path: String) throws -> Int {
        let reader = try AvroFileReader(path: path)
        var count = 0
        while let record = try reader.next() {
            _ = try record.string(field: 1)
            count += 1
        }
        return count
    }

    @Test(
        "a file cut inside a block is refused; one cut at a block boundary reads cleanly",
        arguments: [AvroCodec.deflate, .zstandard])
    func truncation(codec: AvroCodec) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/full.avro"
            let boundary = try Self.writeThreeBlocks(path, codec: codec)
            let data = try contents(of: path)
            #expect(try Self.readAll(path) == 300)
            let cut = directory + "/cut.avro"
            for length in [boundary + 1, boundary + 10, data.count - 17, data.count - 16, data.count - 1] {
                try write(data.prefix(length), to: cut)
                let error = #expect(throws: AvroError.self, "cut at \(length)") { try Self.readAll(cut) }
                #expect(error?.code == .fileCorrupt)
            }
            try write(data.prefix(boundary), to: cut)
            #expect(try Self.readAll(cut) == 100)
        }
    }

    @Test(
        "corrupted bytes inside a block throw file_corrupt, read by avro-c or directly",
        arguments: [AvroCodec.snappy, .deflate, .zstandard])
    func corruptedBlock(codec: AvroCodec) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/full.avro"
            let boundary = try Self.writeThreeBlocks(path, codec: codec)
            var data = try contents(of: path)
            // Damage the compressed bytes in the middle of the second block.
            for offset in 40..<60 { data[boundary + offset] ^= 0xA5 }
            try write(data, to: path)
            let error = #expect(throws: AvroError.self) { try Self.readAll(path) }
            #expect(error?.code == .fileCorrupt)
            let direct = #expect(throws: AvroError.self) { try AvroDirectReaderTests.readAll(path) }
            #expect(direct?.code == .fileCorrupt)
        }
    }

    @Test("a damaged sync marker is refused when the file is opened", arguments: [AvroCodec.null, .zstandard])
    func damagedSync(codec: AvroCodec) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/full.avro"
            let boundary = try Self.writeThreeBlocks(path, codec: codec)
            var data = try contents(of: path)
            data[boundary - 3] ^= 0xFF
            try write(data, to: path)
            let error = #expect(throws: AvroError.self) { try AvroFileReader(path: path) }
            #expect(error?.code == .fileCorrupt)
        }
    }

    @Test("a file that is not Avro, and a missing file, are unreadable")
    func notAvro() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/plain.csv"
            try write(Data("id,name\n1,Ann\n".utf8), to: path)
            let error = #expect(throws: AvroError.self) { try AvroFileReader(path: path) }
            #expect(error?.code == .fileUnreadable)
            try write(Data(), to: path)
            #expect(throws: AvroError.self) { try AvroFileReader(path: path) }
            let missing = #expect(throws: AvroError.self) { try AvroFileReader(path: directory + "/none.avro") }
            #expect(missing?.code == .fileUnreadable)
        }
    }

    @Test("invalid schema JSON throws schema_invalid with avro-c's message")
    func invalidSchema() throws {
        for json in ["{", #"{"type":"record","name":"x","fields":[{"name":"a","type":"nope"}]}"#, ""] {
            let error = #expect(throws: AvroError.self) { try AvroSchema(json: json) }
            #expect(error?.code == .schemaInvalid)
            #expect(error?.message.isEmpty == false)
        }
    }
}
