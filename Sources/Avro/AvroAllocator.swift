internal import CAvro
internal import Glibc

/// The allocator avro-c uses in Sluice: libc's, except that it refuses any one allocation larger
/// than ``maxBytes``.
///
/// avro-c sizes some buffers from lengths it has just read from the file (a string, a bytes value,
/// a map key, in the header as in the blocks) and checks them against the data only afterwards, so
/// a damaged or hostile file can ask for terabytes (a negative length becomes a huge `size_t`).
/// Refused, the allocation fails cleanly (avro-c reports "Cannot allocate ...", Sluice throws
/// `file_corrupt`) instead of exhausting memory. Found by `make fuzz` (AvroReaderFuzz).
enum AvroAllocator {
    /// The largest single allocation: 256 MiB, far above any block Sluice writes (64 KiB of
    /// records) or a value of a dictionary table, and above the 64 MiB match finder of the `lzma`
    /// codec's default encoder (which a 64 MiB cap refused).
    static let maxBytes = 256 << 20

    /// Installs the allocator the first time it is read (a global's initialisation runs once, under
    /// a lock). Both allocators use `realloc` and `free`, so memory avro-c allocated before is freed
    /// correctly after.
    static let installed: Void = avro_set_allocator(boundedAllocate, nil)
}

/// `avro_allocator_t`: `realloc`/`free`, refusing sizes over ``AvroAllocator/maxBytes``.
private func boundedAllocate(
    _ userData: UnsafeMutableRawPointer?, _ pointer: UnsafeMutableRawPointer?, _ oldSize: Int, _ newSize: Int
) -> UnsafeMutableRawPointer? {
    if newSize == 0 {
        free(pointer)
        return nil
    }
    // `size_t` imports as `Int`: a huge size (a negative length read from the file) is negative here.
    guard newSize > 0, newSize <= AvroAllocator.maxBytes else { return nil }
    return realloc(pointer, newSize)
}
