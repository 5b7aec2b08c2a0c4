internal import CAvro
internal import Glibc
import Errors

/// The one place that turns avro-c return codes into thrown ``AvroError``s. avro-c keeps its last error message in
/// thread-local storage, so it is read here immediately after the failing call, on the same thread.
enum AvroCall {
    /// avro-c's current error message.
    static func lastMessage() -> String {
        guard let text = avro_strerror() else { return "" }
        return String(cString: text)
    }

    /// Throws `code` with `context` and avro-c's message when `rc` is not zero.
    @inline(__always)
    static func check(_ rc: Int32, _ code: AvroError.Code, _ context: @autoclosure () -> String) throws(AvroError) {
        if rc != 0 { throw failure(rc, code, context()) }
    }

    /// Returns `pointer`, or throws `code` with `context` and avro-c's message when it is nil.
    static func check<T>(_ pointer: T?, _ code: AvroError.Code, _ context: @autoclosure () -> String)
        throws(AvroError) -> T
    {
        guard let pointer else { throw failure(0, code, context()) }
        return pointer
    }

    /// Runs `call`, which writes to a file, and throws `code` with `context`, avro-c's message and the
    /// system's reason (`errno`: a full disk, a file-size limit) when it fails.
    static func checkWrite(_ call: () -> Int32, _ code: AvroError.Code, _ context: @autoclosure () -> String)
        throws(AvroError)
    {
        errno = 0
        let rc = call()
        let reason = errno
        guard rc != 0 else { return }
        let error = failure(rc, code, context())
        throw reason == 0 ? error : AvroError(code, error.message + " (\(String(cString: strerror(reason))))")
    }

    /// Builds the error for a failed call, reading avro-c's message now.
    static func failure(_ rc: Int32, _ code: AvroError.Code, _ context: String) -> AvroError {
        let message = lastMessage()
        var text = context
        if !message.isEmpty { text += ": " + message }
        if rc != 0 && message.isEmpty { text += " (avro-c error \(rc))" }
        return AvroError(code, text)
    }
}
