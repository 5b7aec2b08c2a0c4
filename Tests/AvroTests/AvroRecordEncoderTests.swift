import Avro
import Errors
import Foundation
import Testing
import TestSupport

/// What ``AvroRecordBuilder`` and ``AvroRecordEncoder`` both set, so one fill writes a record through either.
protocol RecordFields {
    mutating func setNull(field: Int) throws(AvroError)
    mutating func setLong(field: Int, _ value: Int64) throws(AvroError)
    mutating func setInt(field: Int, _ value: Int32) throws(AvroError)
    mutating func setDouble(field: Int, _ value: Double) throws(AvroError)
    mutating func setBoolean(field: Int, _ value: Bool) throws(AvroError)
    mutating func setString(field: Int, _ value: String) throws(AvroError)
    mutating func setBlob(field: Int, _ value: [UInt8]) throws(AvroError)
}

extension AvroRecordBuilder: RecordFields {
    mutating func setBlob(field: Int, _ value: [UInt8]) throws(AvroError) { try setBytes(field: field, value) }
}

extension AvroRecordEncoder: RecordFields {
    mutating func setBlob(field: Int, _ value: [UInt8]) throws(AvroError) {
        var failure: AvroError?
        value.withUnsafeBytes { bytes in
            do throws(AvroError) { try setBytes(field: field, bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

@Suite("Avro record encoder")
struct AvroRecordEncoderTests {
    /// One record of the all-types schema, with the edge values the encodings have: extreme and negative longs
    /// and ints, doubles that are not round numbers (and infinities), empty, non-ASCII and NUL-holding text.
    struct Row {
        var id: Int64, small: Int32, ratio: Double, single: Double, flag: Bool, name: String, blob: [UInt8]
        var created: Int64, maybeLong: Int64?, maybeText: String?

        init(_ index: Int) {
            let longs: [Int64] = [0, -1, 1, 63, -64, 64, -65, .max, .min, 1_636_253_322_000_000, -7_654_321]
            let ints: [Int32] = [0, -1, 1, .max, .min, 18_938, -719_162]
            id = longs[index % longs.count]
            small = ints[index % ints.count]
            ratio = [0, -0.0, 1 / 3, -2.5e300, .infinity, -.infinity, .leastNonzeroMagnitude][index % 7]
            single = Double(Float(index) * -0.75)
            flag = index % 3 == 0
            name = ["", "plain", "Zoë Ñúñez", "東京 🚀", "with\u{0}nul", String(repeating: "x", count: 300)][index % 6]
            blob = index % 4 == 0 ? [] : [UInt8(index % 256), 0, 255]
            created = longs[(index + 3) % longs.count]
            maybeLong = index % 3 == 1 ? nil : longs[(index + 5) % longs.count]
            maybeText = index % 4 == 2 ? nil : ["", "ü", "text \(index)"][index % 3]
        }

        /// Sets the fields in order; `maybe_long` is skipped when nil and `maybe_time` always (both written null).
        func fill<Record: RecordFields>(_ record: inout Record) throws {
            try record.setLong(field: 0, id)
            try record.setInt(field: 1, small)
            try record.setDouble(field: 2, ratio)
            try record.setDouble(field: 3, single)
            try record.setBoolean(field: 4, flag)
            try record.setString(field: 5, name)
            try record.setBlob(field: 6, blob)
            try record.setLong(field: 7, created)
            if let maybeLong { try record.setLong(field: 8, maybeLong) }
            if let maybeText { try record.setString(field: 9, maybeText) } else { try record.setNull(field: 9) }
        }
    }

    /// Writes `count` rows with avro-c's generic values (`append`) or with the encoder (`appendEncoded`).
    static func write(_ count: Int, to path: String, encoded: Bool, blockSize: Int = 1024) throws {
        let writer = try AvroFileWriter(
            path: path, schema: try AvroSchema(json: allTypesSchemaJSON), codec: .null, blockSize: blockSize)
        for index in 0..<count {
            if encoded {
                try writer.appendEncoded { try Row(index).fill(&$0) }
            } else {
                try writer.append { try Row(index).fill(&$0) }
            }
        }
        try writer.close()
    }

    /// The file's bytes with every copy of its sync marker (the last 16 bytes, which end every block) zeroed.
    static func bytesWithoutSync(_ path: String) throws -> [UInt8] {
        var bytes = [UInt8](try contents(of: path))
        let sync = Array(bytes.suffix(16))
        var index = 0
        while index + 16 <= bytes.count {
            if Array(bytes[index..<(index + 16)]) == sync {
                bytes.replaceSubrange(index..<(index + 16), with: repeatElement(0, count: 16))
                index += 16
            } else {
                index += 1
            }
        }
        return bytes
    }

    @Test("writes exactly the bytes avro-c writes, block for block")
    func sameBytesAsAvroC() throws {
        try withTemporaryDirectory { folder in
            try Self.write(500, to: folder + "/avro-c.avro", encoded: false)
            try Self.write(500, to: folder + "/encoded.avro", encoded: true)
            let expected = try Self.bytesWithoutSync(folder + "/avro-c.avro")
            let written = try Self.bytesWithoutSync(folder + "/encoded.avro")
            #expect(written.count == expected.count)
            #expect(written == expected)
            let reader = try AvroFileReader(path: folder + "/encoded.avro")
            var count = 0
            while try reader.next() != nil { count += 1 }
            #expect(count == 500)
        }
    }

    @Test("fields go in order; a skipped field that is not nullable, or one set twice, is refused")
    func orderAndMissingFields() throws {
        try withTemporaryDirectory { folder in
            let writer = try AvroFileWriter(
                path: folder + "/x.avro", schema: try AvroSchema(json: allTypesSchemaJSON), codec: .null)
            let missing = #expect(throws: AvroError.self) { try writer.appendEncoded { try $0.setInt(field: 1, 1) } }
            #expect(missing?.code == .fieldNotSet)
            let twice = #expect(throws: AvroError.self) {
                try writer.appendEncoded {
                    try $0.setLong(field: 0, 1); try $0.setLong(field: 0, 2)
                }
            }
            #expect(twice?.code == .writeFailed)
            let unknown = #expect(throws: AvroError.self) { try writer.appendEncoded { try $0.setLong(field: 11, 1) } }
            #expect(unknown?.code == .fieldUnknown)
            let mismatch = #expect(throws: AvroError.self) {
                try writer.appendEncoded { try $0.setBoolean(field: 0, true) }
            }
            #expect(mismatch?.code == .typeMismatch)
            #expect(writer.recordCount == 0)
            try writer.close()
        }
    }

    @Test("a record larger than the block size gets a block of its own")
    func oversizedRecord() throws {
        try withTemporaryDirectory { folder in
            try Self.write(12, to: folder + "/big.avro", encoded: true, blockSize: 200)
            let reader = try AvroFileReader(path: folder + "/big.avro")
            var names: [String] = []
            while let record = try reader.next() { names.append(try record.string(field: 5) ?? "") }
            #expect(names == (0..<12).map { Row($0).name })
        }
    }
}
