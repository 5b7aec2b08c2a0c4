internal import CAvro

/// Encodes records with avro-c's datum writer into one block's worth of memory.
///
/// The buffer holds at most `capacity` bytes. When a record does not fit, ``append(_:)`` returns false and the
/// bytes it wrote partly are dropped by the next ``take()``, as avro-c's own file writer does.
final class AvroBlockEncoder {
    /// The block's buffer.
    private let buffer: UnsafeMutableRawPointer
    /// Its size in bytes.
    private let capacity: Int
    /// avro-c's memory writer over `buffer`.
    private let writer: avro_writer_t
    /// How many records the block holds.
    private(set) var count = 0
    /// The bytes of the records that were written whole.
    private var used = 0

    /// An empty block of `capacity` bytes.
    init(capacity: Int) throws(AvroError) {
        self.capacity = capacity
        buffer = .allocate(byteCount: capacity, alignment: 16)
        guard let writer = avro_writer_memory(buffer.assumingMemoryBound(to: CChar.self), Int64(capacity)) else {
            buffer.deallocate()
            throw AvroCall.failure(0, .writeFailed, "Cannot make a block buffer")
        }
        self.writer = writer
    }

    deinit {
        avro_writer_free(writer)
        buffer.deallocate()
    }

    /// Encodes `value` at the end of the block; false when it does not fit in what is left.
    func append(_ value: UnsafeMutablePointer<avro_value_t>) -> Bool {
        guard avro_value_write(writer, value) == 0 else { return false }
        used = Int(avro_writer_tell(writer))
        count += 1
        return true
    }

    /// The block's record count and encoded bytes; empties the block.
    func take() -> (count: Int, bytes: [UInt8]) {
        let block = (count, Array(UnsafeRawBufferPointer(start: buffer, count: used)))
        avro_writer_reset(writer)
        used = 0
        count = 0
        return block
    }
}
