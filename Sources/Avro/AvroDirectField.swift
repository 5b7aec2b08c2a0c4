/// How ``AvroDirectReader`` decodes one field of the writer's records: its type, or its union's branch types, each a
/// primitive; and which wanted field it fills, if any.
struct AvroDirectField {
    /// The field's branches (one for a field that is not a union).
    let branches: [AvroType]
    /// Whether the field is a union, whose value starts with the branch index.
    let isUnion: Bool
    /// The index among the wanted fields, or nil when the field is skipped.
    let target: Int?

    /// The decoder for `field`, or nil when its type (or a branch of its union) is not a primitive type.
    init?(_ field: AvroField, target: Int?) {
        let primitives: Set<AvroType> = [.null, .boolean, .int, .long, .float, .double, .bytes, .string]
        guard !field.branches.isEmpty, field.branches.allSatisfy(primitives.contains) else { return nil }
        self.branches = field.branches
        self.isUnion = field.type == .union
        self.target = target
    }

    /// Decodes the field's value at `cursor`; nil when the bytes are not a valid value of its type.
    func decode(_ cursor: inout AvroCursor) -> AvroCell? {
        var type = branches[0]
        if isUnion {
            guard let index = cursor.long(), index >= 0, index < branches.count else { return nil }
            type = branches[Int(index)]
        }
        switch type {
        case .null: return .null
        case .boolean: return cursor.byte().map { .boolean($0 != 0) }
        case .int, .long: return cursor.long().map(AvroCell.long)
        case .float:
            return cursor.fixed(4).map { .double(Double(Float(bitPattern: $0.loadUnaligned(as: UInt32.self)))) }
        case .double: return cursor.fixed(8).map { .double(Double(bitPattern: $0.loadUnaligned(as: UInt64.self))) }
        case .string: return cursor.lengthPrefixed().map(AvroCell.string)
        case .bytes: return cursor.lengthPrefixed().map(AvroCell.bytes)
        default: return nil
        }
    }
}

/// A position in a decompressed block, reading Avro's binary encoding with every length checked against the end.
struct AvroCursor {
    /// The block's bytes.
    let bytes: UnsafeRawBufferPointer
    /// The next byte to read.
    var offset: Int

    /// One byte, or nil at the end.
    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A zigzag varint `long`, or nil when cut short or longer than ten bytes.
    mutating func long() -> Int64? {
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 70 {
            guard offset < bytes.count else { return nil }
            let byte = bytes[offset]
            offset += 1
            raw |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1) }
            shift += 7
        }
        return nil
    }

    /// The next `count` bytes, or nil when fewer are left.
    mutating func fixed(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    /// A `long` length, then that many bytes; nil when the length is negative or runs past the end.
    mutating func lengthPrefixed() -> UnsafeRawBufferPointer? {
        guard let length = long(), length >= 0, length <= Int64(bytes.count - offset) else { return nil }
        return fixed(Int(length))
    }
}
