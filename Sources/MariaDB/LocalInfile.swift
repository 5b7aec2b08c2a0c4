internal import CMariaDB
import Errors

/// Supplies the bytes of a `LOAD DATA LOCAL INFILE` from Swift instead of a file, so validated rows
/// stream to the server without a temporary file.
public protocol LocalInfileSource: AnyObject {
    /// The next piece of data, or nil at the end. A thrown error aborts the statement and is
    /// rethrown by `Connection.loadLocalInfile`.
    func nextChunk() throws -> [UInt8]?
}

extension Connection {
    /// Runs a `LOAD DATA LOCAL INFILE` statement whose data comes from `source` (whatever file name
    /// the SQL names). Returns the rows the server inserted; compare with what was sent, and check
    /// `warningCount` for rows it skipped or changed.
    public func loadLocalInfile(_ sql: String, from source: some LocalInfileSource) throws -> UInt64 {
        let context = InfileContext(source: source)
        let unmanaged = Unmanaged.passRetained(context)
        defer {
            mysql_set_local_infile_default(mysql)
            unmanaged.release()
        }
        mysql_set_local_infile_handler(mysql, infileInit, infileRead, infileEnd, infileError, unmanaged.toOpaque())
        let inserted: UInt64
        do {
            inserted = try execute(sql)
        } catch {
            if let sourceError = context.error { throw sourceError }
            throw error
        }
        if let sourceError = context.error { throw sourceError }
        return inserted
    }
}

/// The state of one LOCAL INFILE transfer, reached from the C callbacks through an opaque pointer.
final class InfileContext {
    let source: any LocalInfileSource
    var pending: [UInt8] = []
    var position = 0
    var error: (any Error)?

    init(source: any LocalInfileSource) { self.source = source }

    /// Copies up to `capacity` bytes into `buffer`; 0 at the end, -1 when the source failed.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int32 {
        do {
            while position == pending.count {
                guard let chunk = try source.nextChunk() else { return 0 }
                pending = chunk
                position = 0
            }
        } catch {
            self.error = error
            return -1
        }
        let count = min(capacity, pending.count - position)
        pending.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + position, byteCount: count)
        }
        position += count
        return Int32(count)
    }
}

private func infileInit(
    _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ name: UnsafePointer<CChar>?,
    _ userdata: UnsafeMutableRawPointer?
) -> Int32 {
    state?.pointee = userdata
    return 0
}

private func infileRead(_ state: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ length: UInt32)
    -> Int32
{
    guard let state, let buffer else { return -1 }
    return Unmanaged<InfileContext>.fromOpaque(state).takeUnretainedValue().read(into: buffer, capacity: Int(length))
}

private func infileEnd(_ state: UnsafeMutableRawPointer?) {}

private func infileError(_ state: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ length: UInt32)
    -> Int32
{
    guard let state, let buffer, length > 0 else { return Int32(MariaDBError.Code.unknownError.rawValue) }
    let context = Unmanaged<InfileContext>.fromOpaque(state).takeUnretainedValue()
    let message = Array(
        ("LOCAL INFILE source failed: " + (context.error.map { String(describing: $0) } ?? "unknown")).utf8.prefix(
            Int(length) - 1))
    for (index, byte) in message.enumerated() { buffer[index] = CChar(bitPattern: byte) }
    buffer[message.count] = 0
    return Int32(MariaDBError.Code.unknownError.rawValue)
}
