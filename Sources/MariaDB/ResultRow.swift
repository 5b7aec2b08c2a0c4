/// One fetched row, read in place from the statement's result buffers: integers as `Int64`, floating-point
/// numbers as `Double`, text and binary columns as the bytes the server sent, with no ``Value`` and no
/// `String` made per cell. For code that streams millions of rows (a backup); everyone else reads
/// `[Value]` rows from `forEachRow`, which are built from this.
///
/// A row is valid only during the call of the closure it is handed to: the next fetch overwrites it.
public struct ResultRow {
    /// How a column arrives.
    public enum Kind: Sendable {
        /// Any integer column, read with ``int64(_:)``.
        case integer
        /// FLOAT and DOUBLE, read with ``double(_:)``.
        case floating
        /// Text, and every type read back as text (DECIMAL, DATETIME, ...), read with ``withText(_:_:)``.
        case text
        /// Binary columns (BLOB, VARBINARY), read with ``bytes(_:)``.
        case binary
    }

    /// The statement's buffers; they outlive every row handed out (the statement's fetch loop owns them).
    @usableFromInline unowned(unsafe) let results: ResultBuffers

    /// The number of columns.
    @inlinable public var count: Int { results.count }

    /// How column `column` arrives.
    @inlinable @inline(__always)
    public func kind(_ column: Int) -> Kind { results.kinds[column] }

    /// Whether column `column` is SQL NULL.
    @inlinable @inline(__always)
    public func isNull(_ column: Int) -> Bool { results.nulls[column] != 0 }

    /// An integer column's value.
    @inlinable @inline(__always)
    public func int64(_ column: Int) -> Int64 { results.buffers[column].loadUnaligned(as: Int64.self) }

    /// A floating-point column's value.
    @inlinable @inline(__always)
    public func double(_ column: Int) -> Double { results.buffers[column].loadUnaligned(as: Double.self) }

    /// A text or binary column's bytes, exactly as the server sent them.
    @inlinable @inline(__always)
    public func bytes(_ column: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: results.buffers[column], count: Int(results.lengths[column]))
    }

    /// Calls `body` with a text or binary column's bytes as UTF-8, exactly the bytes a `String` made from
    /// them holds (``Value/string(_:)``, ``Value/description``): the server's bytes when they are valid
    /// UTF-8, as they are from any utf8mb4 column, otherwise with each invalid sequence replaced by U+FFFD.
    @inlinable @inline(__always)
    public func withText<Result>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows
        -> Result
    {
        let raw = bytes(column)
        if results.validText[column] { return try body(raw) }
        if UTF8Validation.isValid(raw) {
            results.validText[column] = true  // the next call for this row's column skips the check
            return try body(raw)
        }
        var repaired = String(decoding: raw, as: UTF8.self)
        return try repaired.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }

    /// Column `column` as a ``Value``.
    public func value(_ column: Int) -> Value {
        if isNull(column) { return .null }
        switch kind(column) {
        case .integer: return .int(int64(column))
        case .floating: return .double(double(column))
        case .text: return .string(String(decoding: bytes(column), as: UTF8.self))
        case .binary: return .bytes(Array(bytes(column)))
        }
    }

    /// Every column as a ``Value``.
    public var values: [Value] {
        var row: [Value] = []
        row.reserveCapacity(count)
        for column in 0..<count { row.append(value(column)) }
        return row
    }
}
