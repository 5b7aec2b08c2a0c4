/// Receives a request body as it arrives, so large uploads are never held in memory.
///
/// All calls for one request come from the worker thread that owns its connection, one at a time.
/// Exactly one of ``finish()`` and ``abort()`` ends every sink's life:
/// - ``finish()`` when the whole body has been written;
/// - ``abort()`` when the client disconnects, the upload cap is exceeded, the multipart framing is
///   broken, or ``write(_:part:)`` threw (the response is then ``failureResponse(for:)``).
public protocol HTTPBodySink: AnyObject {
    /// Takes the next chunk of the body. For a `multipart/form-data` body, `part` names the form
    /// field the bytes belong to (framing removed); for any other body it is `nil` and the bytes
    /// are the raw body. Throwing stops the upload: the rest of the body is discarded.
    func write(_ chunk: [UInt8], part: HTTPFormPart?) throws

    /// Called after the last chunk; returns the response to send.
    func finish() -> HTTPResponse

    /// Called when the upload will not complete; release anything held for it.
    func abort()

    /// The response sent after ``write(_:part:)`` threw `error`.
    func failureResponse(for error: any Error) -> HTTPResponse
}

extension HTTPBodySink {
    /// Answers 400 `upload_rejected` with the error's description as the message.
    public func failureResponse(for error: any Error) -> HTTPResponse {
        .error(status: 400, code: "upload_rejected", message: String(describing: error))
    }
}

/// Which field of a `multipart/form-data` body a chunk belongs to.
public struct HTTPFormPart: Sendable, Hashable {
    /// The form field name (`name=` in `Content-Disposition`).
    public var name: String
    /// The uploaded file's name, or `nil` for a plain text field.
    public var filename: String?
    /// The part's `Content-Type`, or `nil` when the client sent none.
    public var contentType: String?
    /// Offset of this chunk within the part's data: 0 marks the first chunk of a new part.
    public var offset: UInt64

    /// Creates a part description.
    public init(name: String, filename: String? = nil, contentType: String? = nil, offset: UInt64 = 0) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.offset = offset
    }
}
