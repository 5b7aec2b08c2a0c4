internal import CAvro
import Errors

/// Reads a file header's metadata, a `map<bytes>`, in Swift rather than with avro-c's datum reader:
/// avro-c allocates each key and value at the length it reads from the file before checking that
/// the file holds that many bytes (and leaks the buffer when it does not), so a damaged header
/// could ask for any amount of memory. Here every length is checked against the bytes left in the
/// file first. Found by `make fuzz` (AvroReaderFuzz).
struct AvroHeaderMap {
    /// avro-c's buffered reader, positioned at the map.
    let reader: avro_reader_t
    /// The file, for messages.
    let path: String
    /// How many bytes of the file are left to read.
    var remaining: Int

    /// The map's entries, values decoded as UTF-8 (the last of a repeated key wins).
    ///
    /// - Throws: ``AvroError`` `file_corrupt` when the map is malformed or the file ends inside it.
    mutating func read() throws(AvroError) -> [String: String] {
        var result: [String: String] = [:]
        while true {
            var count = try long()
            if count == 0 { return result }
            if count < 0 {
                // A negative count is followed by the block's size in bytes, which is not needed here.
                guard count != .min else { throw corrupt() }
                count = -count
                _ = try long()
            }
            for _ in 0..<count {
                let key = try bytes()
                result[String(decoding: key, as: UTF8.self)] = String(decoding: try bytes(), as: UTF8.self)
            }
        }
    }

    private mutating func long() throws(AvroError) -> Int64 {
        var consumed = 0
        let read = AvroVarint.read(from: reader, consumed: &consumed)
        remaining -= consumed
        guard case .value(let value) = read else { throw corrupt() }
        return value
    }

    private mutating func bytes() throws(AvroError) -> [UInt8] {
        let length = try long()
        guard length >= 0, length <= remaining else { throw corrupt() }
        var buffer = [UInt8](repeating: 0, count: Int(length))
        if length > 0 && avro_read(reader, &buffer, length) != 0 { throw corrupt() }
        remaining -= Int(length)
        return buffer
    }

    private func corrupt() -> AvroError {
        AvroError(.fileCorrupt, "Cannot read the header of \(path): its metadata map is damaged or cut short")
    }
}
