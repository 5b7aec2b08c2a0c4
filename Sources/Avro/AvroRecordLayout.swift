import Errors

/// The fields of a writer's record schema, laid out for setting fields by index: which union branch holds each
/// type, whether a field is a union, whether it is nullable. Shared by ``AvroRecordBuilder`` (avro-c's generic
/// values) and ``AvroRecordEncoder`` (Sluice's own encoding).
///
/// The layout is kept in flat buffers of plain values so that looking a field up costs no reference counting and
/// no exclusivity checks: millions of fields a second go through here.
final class AvroRecordLayout {
    /// The record's fields.
    let fields: [AvroField]
    /// The number of fields.
    let count: Int
    /// For field `f` and type `t`, the union branch of that type at `f * typeCount + t.rawValue`: 0 for a field of
    /// that type that is not a union, -1 when the field cannot hold the type.
    let branches: UnsafeMutablePointer<Int32>
    /// Whether each field is a union.
    let isUnion: UnsafeMutablePointer<Bool>

    /// Lays out `schema`, which must be a record schema.
    init(schema: AvroSchema) throws(AvroError) {
        guard schema.type == .record else {
            throw AvroError(.schemaInvalid, "A file writer needs a record schema, not \(schema.type.name)")
        }
        fields = schema.fields
        count = fields.count
        branches = .allocate(capacity: max(1, count * AvroType.typeCount))
        branches.initialize(repeating: -1, count: max(1, count * AvroType.typeCount))
        isUnion = .allocate(capacity: max(1, count))
        isUnion.initialize(repeating: false, count: max(1, count))
        for (index, field) in fields.enumerated() {
            isUnion[index] = field.type == .union
            for (branch, type) in field.branches.enumerated().reversed() {
                branches[index * AvroType.typeCount + type.rawValue] = Int32(branch)
            }
        }
    }

    deinit {
        branches.deallocate()
        isUnion.deallocate()
    }

    /// Whether field `index` has (a union branch of) type `type`.
    @inline(__always)
    func accepts(_ index: Int, _ type: AvroType) -> Bool {
        index >= 0 && index < count && branches[index * AvroType.typeCount + type.rawValue] >= 0
    }

    /// The union branch of field `index` that holds `type` (0 for a field of that type that is not a union).
    ///
    /// - Throws: ``AvroError`` `field_unknown` for an index out of range, `type_mismatch` when the field cannot
    ///   hold `type`.
    @inline(__always)
    func branch(_ index: Int, _ type: AvroType) throws(AvroError) -> Int32 {
        guard index >= 0 && index < count else {
            throw AvroError(.fieldUnknown, "Field index \(index) is out of range 0..<\(count)")
        }
        let branch = branches[index * AvroType.typeCount + type.rawValue]
        guard branch >= 0 else {
            throw AvroError(
                .typeMismatch, "\(context(index)) has type \(fields[index].describedType), not \(type.name)")
        }
        return branch
    }

    /// The error for field `index`, which is not nullable, left unset.
    func notSet(_ index: Int) -> AvroError {
        AvroError(.fieldNotSet, "Field \(fields[index].name) (#\(index)) was not set")
    }

    /// Names field `index` for error messages.
    func context(_ index: Int) -> String {
        index >= 0 && index < count ? "Field \(fields[index].name) (#\(index))" : "Field #\(index)"
    }
}
