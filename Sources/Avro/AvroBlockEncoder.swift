internal import CAvro

/// One block's worth of encoded records in memory, filled either by avro-c's datum writer (``append(_:)``) or by
/// ``AvroRecordEncoder``, which writes into ``buffer`` directly.
///
/// avro-c's writer gets only what is left of ``blockSize``: when a record does not fit, ``append(_:)`` returns
/// false and the bytes it wrote partly are dropped, as avro-c's own file writer does. The buffer itself is larger
/// (and grows) so that ``AvroRecordEncoder`` can finish a record that crosses ``blockSize`` before the block is cut
/// in front of it.
final class AvroBlockEncoder {
    /// The uncompressed size a block may reach.
    let blockSize: Int
    /// The block's buffer.
    private(set) var buffer: UnsafeMutableRawPointer
    /// Its size in bytes.
    private(set) var capacity: Int
    /// avro-c's memory writer, pointed at what is left of the block before each record.
    private let writer: avro_writer_t
    /// How many records the block holds.
    var count = 0
    /// The bytes of the records that were written whole.
    var used = 0

    /// An empty block of at most `blockSize` bytes.
    init(blockSize: Int) throws(AvroError) {
        self.blockSize = blockSize
        capacity = blockSize * 2
        buffer = .allocate(byteCount: capacity, alignment: 16)
        guard let writer = avro_writer_memory(buffer.assumingMemoryBound(to: CChar.self), Int64(blockSize)) else {
            buffer.deallocate()
            throw AvroCall.failure(0, .writeFailed, "Cannot make a block buffer")
        }
        self.writer = writer
    }

    deinit {
        avro_writer_free(writer)
        buffer.deallocate()
    }

    /// Encodes `value` at the end of the block with avro-c; false when it does not fit in what is left.
    func append(_ value: UnsafeMutablePointer<avro_value_t>) -> Bool {
        guard used < blockSize else { return false }
        avro_writer_memory_set_dest(
            writer, (buffer + used).assumingMemoryBound(to: CChar.self), Int64(blockSize - used))
        guard avro_value_write(writer, value) == 0 else { return false }
        used += Int(avro_writer_tell(writer))
        count += 1
        return true
    }

    /// Makes the buffer hold at least `minimum` bytes, keeping its first `keeping` bytes; returns the buffer.
    func grow(minimum: Int, keeping: Int) -> (buffer: UnsafeMutableRawPointer, capacity: Int) {
        if minimum > capacity {
            let larger = UnsafeMutableRawPointer.allocate(byteCount: max(minimum, capacity * 2), alignment: 16)
            larger.copyMemory(from: buffer, byteCount: keeping)
            buffer.deallocate()
            buffer = larger
            capacity = max(minimum, capacity * 2)
        }
        return (buffer, capacity)
    }

    /// Moves the bytes `start..<end` (a record encoded after the block was taken) to the start of the empty block.
    func moveToFront(_ start: Int, _ end: Int) {
        buffer.copyMemory(from: buffer + start, byteCount: end - start)
        used = end - start
    }

    /// The block's record count and encoded bytes; empties the block.
    func take() -> (count: Int, bytes: [UInt8]) {
        let block = (count, Array(UnsafeRawBufferPointer(start: buffer, count: used)))
        used = 0
        count = 0
        return block
    }
}
