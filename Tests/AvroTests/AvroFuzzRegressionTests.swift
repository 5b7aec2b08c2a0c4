import Avro
import Errors
import Foundation
import Testing
import TestSupport

/// Inputs `make fuzz` (AvroReaderFuzz) found: each is refused as `file_corrupt`, without a crash or
/// an allocation sized by the damaged length (under `make sanitize` the old code aborted here).
@Suite("Fuzzing regressions")
struct AvroFuzzRegressionTests {
    /// Avro's zigzag varint of `value`.
    static func varint(_ value: Int64) -> [UInt8] {
        var raw = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var bytes: [UInt8] = []
        while raw >= 0x80 {
            bytes.append(UInt8(raw & 0x7F) | 0x80)
            raw >>= 7
        }
        return bytes + [UInt8(raw)]
    }

    @Test("a header value with a negative or huge length", arguments: [-61, 1 << 40, Int64.max])
    func headerLength(length: Int64) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/header.avro"
            let key = Array("avro.schema".utf8)
            let header = [0x4F, 0x62, 0x6A, 0x01] + Self.varint(1) + Self.varint(Int64(key.count)) + key
            try write(Data(header + Self.varint(length) + Array(repeating: 0x7B, count: 40)), to: path)
            let error = #expect(throws: AvroError.self) { try AvroFileReader(path: path) }
            #expect(error?.code == .fileCorrupt)
        }
    }

    @Test("a string inside a block with a negative length")
    func recordStringLength() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/block.avro"
            let writer = try AvroFileWriter(path: path, schema: try AvroSchema(json: employeeSchemaJSON), codec: .null)
            try writer.append { record in
                try record.setLong(field: 0, 1)
                try record.setString(field: 1, "employee 1")
                try record.setLong(field: 2, 0)
                try record.setLong(field: 3, 1)
                try record.setLong(field: 4, 1)
            }
            try writer.close()
            var data = try contents(of: path)
            // The name's length (10, zigzag 0x14) follows the id (1, zigzag 0x02); -64 is 0x7F.
            let name = Array("employee 1".utf8)
            let start = try #require(data.indices.first { data[$0...].starts(with: name) })
            #expect(data[start - 1] == 0x14)
            data[start - 1] = 0x7F
            try write(data, to: path)
            let error = #expect(throws: AvroError.self) {
                let reader = try AvroFileReader(path: path)
                while try reader.next() != nil {}
            }
            #expect(error?.code == .fileCorrupt)
        }
    }
}
