internal import CAvro

/// The types of the Avro specification, in the order of avro-c's `avro_type_t` tags, so that a tag
/// is the raw value (avro-c's `AVRO_LINK`, a reference to a named type, counts as a record).
public enum AvroType: Int, Sendable, CaseIterable {
    case string, bytes, int, long, float, double, boolean, null, record, `enum`, fixed, map, array, union

    /// The number of types, for tables indexed by raw value.
    static let typeCount = allCases.count
    /// The types' names in the specification, by raw value.
    private static let names = [
        "string", "bytes", "int", "long", "float", "double", "boolean", "null", "record", "enum", "fixed", "map",
        "array", "union",
    ]

    /// The type's name in the specification: `null`, `long`, `string`, ...
    public var name: String { Self.names[rawValue] }

    /// The type of an avro-c schema; a missing schema counts as null.
    init(schema: avro_schema_t?) {
        self = schema.map { AvroType(CAvro_avro_typeof($0)) } ?? .null
    }

    /// Maps avro-c's type tag (links to named types count as records).
    init(_ type: avro_type_t) {
        self = AvroType(rawValue: Int(type.rawValue)) ?? .record
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
        type == .union ? "[" + branches.map { "\"\($0.name)\"" }.joined(separator: ",") + "]" : type.name
    }
}
