import Dispatch
import Errors
internal import Foundation

/// Writes the blocks of a container file after its header: each block's record count and byte size (zigzag varints),
/// its compressed bytes, and the sync marker.
///
/// Blocks are compressed on Dispatch's global queue, several at a time, and written in the order they were
/// submitted. At most ``depth`` blocks are in flight: ``submit(count:bytes:)`` writes the oldest one (waiting for its
/// compression) before it takes another, so memory stays bounded at about `depth` blocks and their compressed copies.
final class AvroBlockSink {
    /// How many blocks may be compressing or waiting to be written: one per core and one more, so no core waits.
    static let depth = ProcessInfo.processInfo.activeProcessorCount + 1
    /// The open file, positioned after the header; nil once closed.
    private var file: UnsafeMutablePointer<FILE>?
    /// The file's path, for messages.
    let path: String
    /// The codec the header names.
    let codec: AvroCodec
    /// The header's sync marker.
    let sync: [UInt8]
    /// Called with every piece of the file as it is written, header first.
    private let onWrite: ((UnsafeRawBufferPointer) -> Void)?
    /// The blocks submitted and not yet written, oldest first.
    private var pending: [(count: Int, job: Compression)] = []

    /// One block being compressed on another thread.
    private final class Compression: @unchecked Sendable {
        /// Signalled once `result` is set; `result` is read only after waiting for it.
        let done = DispatchSemaphore(value: 0)
        var result: Result<[UInt8], AvroError> = .success([])
    }

    /// Opens the file at `path`, whose header is already written, to append blocks; hands the header to `onWrite`.
    init(path: String, codec: AvroCodec, sync: [UInt8], onWrite: ((UnsafeRawBufferPointer) -> Void)?) throws(AvroError)
    {
        guard let file = fopen(path, "a+b") else {
            throw AvroError(.writeFailed, "Cannot open \(path) for appending: \(String(cString: strerror(errno)))")
        }
        self.file = file
        self.path = path
        self.codec = codec
        self.sync = sync
        self.onWrite = onWrite
        guard let onWrite else { return }
        // Reads start at the beginning of an "a+" file; writes still go to its end.
        var header = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = fread(&header, 1, header.count, file)
            if count > 0 { header.withUnsafeBytes { onWrite(UnsafeRawBufferPointer(rebasing: $0[..<count])) } }
            if count < header.count { break }
        }
        guard ferror(file) == 0 else { throw failure("Cannot read the header of") }
    }

    deinit {
        for (_, job) in pending { job.done.wait() }
        if let file { fclose(file) }
    }

    /// Queues a block of `count` records encoded as `bytes`; may write older blocks first.
    func submit(count: Int, bytes: [UInt8]) throws(AvroError) {
        let job = Compression()
        let codec = self.codec
        if codec == .null {
            job.result = .success(bytes)
            job.done.signal()
        } else {
            DispatchQueue.global().async {
                do throws(AvroError) {
                    job.result = .success(try AvroBlockCompression.compress(bytes, codec: codec))
                } catch {
                    job.result = .failure(error)
                }
                job.done.signal()
            }
        }
        pending.append((count, job))
        while pending.count > Self.depth { try writeOldest() }
    }

    /// Writes every queued block and flushes the file to the system.
    func drain() throws(AvroError) {
        while !pending.isEmpty { try writeOldest() }
        guard let file else { throw AvroError(.closed, "\(path) is already closed") }
        if fflush(file) != 0 { throw failure("Cannot flush") }
    }

    /// Writes every queued block, syncs the file to disk and closes it; the file is closed even when a write fails.
    func close() throws(AvroError) {
        defer {
            if let file { fclose(file) }
            file = nil
        }
        try drain()
        guard let file, fsync(fileno(file)) == 0 else { throw failure("Cannot sync") }
    }

    /// Waits for the oldest block's compression and writes it framed.
    private func writeOldest() throws(AvroError) {
        let (count, job) = pending.removeFirst()
        job.done.wait()
        guard let file else { throw AvroError(.closed, "\(path) is already closed") }
        let data = try job.result.get()
        var frame = AvroBlockSink.varint(Int64(count)) + AvroBlockSink.varint(Int64(data.count))
        frame.reserveCapacity(frame.count + data.count + 16)
        frame += data
        frame += sync
        guard fwrite(frame, 1, frame.count, file) == frame.count else { throw failure("Cannot write a block to") }
        if let onWrite { frame.withUnsafeBytes(onWrite) }
    }

    /// The error for a failed write, with the system's reason (a full disk, a file-size limit).
    private func failure(_ what: String) -> AvroError {
        AvroError(.writeFailed, "\(what) \(path) (\(String(cString: strerror(errno))))")
    }

    /// `value` as an Avro long: zigzag, then 7 bits a byte, low bits first.
    static func varint(_ value: Int64) -> [UInt8] {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var bytes: [UInt8] = []
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }
}
