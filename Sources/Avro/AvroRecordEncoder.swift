public import Errors

/// Encodes one record of an ``AvroFileWriter`` straight into the block being filled, in Avro's binary encoding;
/// handed to ``AvroFileWriter/appendEncoded(_:)``'s closure.
///
/// Why it exists beside ``AvroRecordBuilder``: a backup writes millions of records, and avro-c's generic values
/// cost a function-pointer call per field to find the field, another to pick the union branch, another to set
/// the value, and a walk of the schema per record to write it. This writes each field as it is set: a union's
/// branch index and a `long` or `int` as zigzag varints, a `double` or `float` as little-endian IEEE bytes, a
/// `boolean` as one byte, `string` and `bytes` as a varint length and the bytes, `null` as nothing. Those are
/// exactly the bytes avro-c's `avro_value_write` writes for the same values (a test compares whole files), so
/// every reader of the files is unaffected.
///
/// An encoder is valid only during the call of the closure it is handed to: it refers to the writer's layout and
/// block without keeping them alive (no reference counting per record).
///
/// Fields are set in ascending index order, each at most once; a nullable field skipped (or left at the end) is
/// written as null, a field that is not nullable throws `field_not_set`. As with ``AvroRecordBuilder`` a union
/// field takes a value of any of its branch types, a `long` fits an `int` field when it fits 32 bits, and a
/// `double` a `float` field.
public struct AvroRecordEncoder {
    /// The writer's fields; the writer keeps them alive while the encoder is in use.
    unowned(unsafe) let layout: AvroRecordLayout
    /// The block the record is written into; the writer keeps it alive while the encoder is in use.
    unowned(unsafe) let block: AvroBlockEncoder
    /// The layout's branch table and union flags, read here so that setting a field touches no object.
    private let branches: UnsafeMutablePointer<Int32>
    private let isUnion: UnsafeMutablePointer<Bool>
    /// The number of fields.
    private let fieldCount: Int
    /// The block's buffer (it grows when a record needs more room).
    private var buffer: UnsafeMutableRawPointer
    /// The buffer's size.
    private var capacity: Int
    /// Where the record written so far ends.
    private(set) var position: Int
    /// The next field to write.
    private var next = 0

    /// Starts a record at the end of `block`.
    init(layout: AvroRecordLayout, block: AvroBlockEncoder) {
        self.layout = layout
        self.block = block
        branches = layout.branches
        isUnion = layout.isUnion
        fieldCount = layout.count
        buffer = block.buffer
        capacity = block.capacity
        position = block.used
    }

    /// Sets field `field` to null.
    public mutating func setNull(field: Int) throws(AvroError) {
        if field == next, let branch = plainBranch(field, .null) { return writeBranch(field, branch) }
        try begin(field, .null)
    }

    /// Sets a `long` field (or an `int` field, when `value` fits in 32 bits).
    public mutating func setLong(field: Int, _ value: Int64) throws(AvroError) {
        if field == next, let branch = plainBranch(field, .long) {
            writeBranch(field, branch)
        } else if layout.accepts(field, .long) {
            try begin(field, .long)
        } else {
            guard Int32(exactly: value) != nil else {
                throw AvroError(.typeMismatch, "\(layout.context(field)): \(value) does not fit an int")
            }
            try begin(field, .int)
        }
        writeVarint(value)
    }

    /// Sets an `int` field (or a `long` field).
    public mutating func setInt(field: Int, _ value: Int32) throws(AvroError) {
        if field == next, let branch = plainBranch(field, .int) {
            writeBranch(field, branch)
        } else {
            try begin(field, layout.accepts(field, .int) ? .int : .long)
        }
        writeVarint(Int64(value))
    }

    /// Sets a `double` field (or a `float` field, rounding to single precision).
    public mutating func setDouble(field: Int, _ value: Double) throws(AvroError) {
        if layout.accepts(field, .double) {
            try begin(field, .double)
            write(value.bitPattern.littleEndian)
        } else {
            try begin(field, .float)
            write(Float(value).bitPattern.littleEndian)
        }
    }

    /// Sets a `boolean` field.
    public mutating func setBoolean(field: Int, _ value: Bool) throws(AvroError) {
        try begin(field, .boolean)
        write(UInt8(value ? 1 : 0))
    }

    /// Sets a `string` field (or a `bytes` field) to UTF-8 bytes, which are not checked.
    public mutating func setString(field: Int, utf8: UnsafeRawBufferPointer) throws(AvroError) {
        if field == next, let branch = plainBranch(field, .string) {
            writeBranch(field, branch)
        } else {
            try begin(field, layout.accepts(field, .string) ? .string : .bytes)
        }
        writeLengthPrefixed(utf8)
    }

    /// Sets a `string` field (or a `bytes` field, to the string's UTF-8 bytes).
    public mutating func setString(field: Int, _ value: String) throws(AvroError) {
        var text = value
        var failure: AvroError?
        text.withUTF8 { utf8 in
            do throws(AvroError) {
                try setString(field: field, utf8: UnsafeRawBufferPointer(utf8))
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Sets a `bytes` field.
    public mutating func setBytes(field: Int, _ value: UnsafeRawBufferPointer) throws(AvroError) {
        try begin(field, .bytes)
        writeLengthPrefixed(value)
    }

    /// Writes every field not yet written as null; throws `field_not_set` for one that is not nullable.
    mutating func finish() throws(AvroError) {
        while next < layout.count { try skip() }
    }

    /// Starts field `field` as `type`: writes the fields skipped before it as null and its union branch index.
    private mutating func begin(_ field: Int, _ type: AvroType) throws(AvroError) {
        let branch = try layout.branch(field, type)
        guard field >= next else {
            throw AvroError(
                .writeFailed, "\(layout.context(field)) is set after field #\(next - 1): set fields once, in order")
        }
        while next < field { try skip() }
        writeBranch(field, branch)
    }

    /// Writes the union branch index of field `field`, the next one, if it is a union, and moves past it.
    @inline(__always)
    private mutating func writeBranch(_ field: Int, _ branch: Int32) {
        if isUnion[field] { writeVarint(Int64(branch)) }
        next = field + 1
    }

    /// The union branch of field `field` that holds `type`, nil when there is no such field or it cannot hold
    /// `type`: ``AvroRecordLayout/branch(_:_:)`` without its errors, for the common case.
    @inline(__always)
    private func plainBranch(_ field: Int, _ type: AvroType) -> Int32? {
        guard field >= 0 && field < fieldCount else { return nil }
        let branch = branches[field * AvroType.typeCount + type.rawValue]
        return branch >= 0 ? branch : nil
    }

    /// Writes the next field as null.
    private mutating func skip() throws(AvroError) {
        guard layout.fields[next].isNullable else { throw layout.notSet(next) }
        let branch = try layout.branch(next, .null)
        if layout.isUnion[next] { writeVarint(Int64(branch)) }
        next += 1
    }

    /// Makes room for `count` more bytes.
    @inline(__always)
    private mutating func reserve(_ count: Int) {
        if position + count > capacity {
            (buffer, capacity) = block.grow(minimum: position + count, keeping: position)
        }
    }

    /// Writes `value` as an Avro `long`: zigzag, then 7 bits a byte, low bits first.
    @inline(__always)
    private mutating func writeVarint(_ value: Int64) {
        reserve(10)
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while rest >= 0x80 {
            buffer.storeBytes(of: UInt8(truncatingIfNeeded: rest) | 0x80, toByteOffset: position, as: UInt8.self)
            position += 1
            rest >>= 7
        }
        buffer.storeBytes(of: UInt8(truncatingIfNeeded: rest), toByteOffset: position, as: UInt8.self)
        position += 1
    }

    /// Writes the bytes of a fixed-size value (already little-endian).
    @inline(__always)
    private mutating func write<Value: FixedWidthInteger>(_ value: Value) {
        reserve(MemoryLayout<Value>.size)
        buffer.storeBytes(of: value, toByteOffset: position, as: Value.self)
        position += MemoryLayout<Value>.size
    }

    /// Writes a varint length and the bytes.
    @inline(__always)
    private mutating func writeLengthPrefixed(_ bytes: UnsafeRawBufferPointer) {
        writeVarint(Int64(bytes.count))
        reserve(bytes.count)
        if let source = bytes.baseAddress { (buffer + position).copyMemory(from: source, byteCount: bytes.count) }
        position += bytes.count
    }
}
