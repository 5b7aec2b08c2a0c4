internal import CAvro

/// The types of the Avro specification.
public enum AvroType: String, Sendable, CaseIterable {
    case null, boolean, int, long, float, double, bytes, string, record, `enum`, fixed, map, array, union

    /// The number of types, for tables indexed by ``ordinal``.
    static let typeCount = 14

    /// The type's position in declaration order, 0..<``typeCount``.
    var ordinal: Int {
        switch self {
        case .null: 0
        case .boolean: 1
        case .int: 2
        case .long: 3
        case .float: 4
        case .double: 5
        case .bytes: 6
        case .string: 7
        case .record: 8
        case .enum: 9
        case .fixed: 10
        case .map: 11
        case .array: 12
        case .union: 13
        }
    }

    /// The type of an avro-c schema; a missing schema counts as null.
    init(schema: avro_schema_t?) {
        self = schema.map { AvroType(CAvro_avro_typeof($0)) } ?? .null
    }

    /// Maps avro-c's type tag (links to named types count as records).
    init(_ type: avro_type_t) {
        switch type {
        case AVRO_NULL: self = .null
        case AVRO_BOOLEAN: self = .boolean
        case AVRO_INT32: self = .int
        case AVRO_INT64: self = .long
        case AVRO_FLOAT: self = .float
        case AVRO_DOUBLE: self = .double
        case AVRO_BYTES: self = .bytes
        case AVRO_STRING: self = .string
        case AVRO_ENUM: self = .enum
        case AVRO_FIXED: self = .fixed
        case AVRO_MAP: self = .map
        case AVRO_ARRAY: self = .array
        case AVRO_UNION: self = .union
        default: self = .record
        }
    }
}

/// One field of a record schema.
public struct AvroField: Sendable, Equatable {
    /// The field's name.
    public let name: String
    /// The field's declared type; ``AvroType/union`` for unions such as `["null","long"]`.
    public let type: AvroType
    /// The types of a union's branches in order, or `[type]` for a field that is not a union.
    public let branches: [AvroType]
    /// The field's `logicalType` from the schema JSON (e.g. `timestamp-micros`), if any.
    public let logicalType: String?

    /// Whether the field can hold null (it is `null` or a union with a `null` branch).
    public var isNullable: Bool { branches.contains(.null) }

    /// The type of the field's value when it is not null: the first non-null branch of a union.
    public var valueType: AvroType { branches.first { $0 != .null } ?? .null }

    /// Creates a field description.
    public init(name: String, type: AvroType, branches: [AvroType], logicalType: String? = nil) {
        self.name = name
        self.type = type
        self.branches = branches
        self.logicalType = logicalType
    }

    /// Describes a field from its avro-c schema.
    init(name: String, schema: avro_schema_t?, logicalType: String?) {
        let type = AvroType(schema: schema)
        var branches = [type]
        if let schema, type == .union {
            branches = (0..<avro_schema_union_size(schema)).map {
                AvroType(schema: avro_schema_union_branch(schema, Int32($0)))
            }
        }
        self.init(name: name, type: type, branches: branches, logicalType: logicalType)
    }
}

extension AvroField {
    /// The type as written in a schema: `long`, or `["null","long"]` for a union.
    public var describedType: String {
        type == .union ? "[" + branches.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]" : type.rawValue
    }
}
