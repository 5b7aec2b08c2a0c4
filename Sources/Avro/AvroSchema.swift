internal import CAvro
public import Errors
internal import Foundation
internal import JSON

/// An Avro schema parsed by avro-c. Owns its `avro_schema_t` and releases it in `deinit`.
///
/// avro-c forgets attributes it does not model, such as `logicalType`, so the schema keeps the JSON text it was
/// made from in ``json``; ``AvroFileWriter`` writes that text into the file header unchanged.
public final class AvroSchema {
    /// The owned avro-c schema.
    let handle: avro_schema_t
    /// The schema's JSON text, exactly as given to ``init(json:)`` (with `logicalType` and other attributes).
    public let json: String
    /// The fields of a record schema, in order; empty for any other schema.
    public let fields: [AvroField]

    /// Parses a schema from its JSON text.
    ///
    /// - Throws: ``AvroError`` `schema_invalid` with avro-c's message when the JSON is not a valid Avro schema.
    public init(json: String) throws(AvroError) {
        AvroAllocator.installed
        var schema: avro_schema_t?
        let rc = json.withCString { avro_schema_from_json_length($0, strlen($0), &schema) }
        try AvroCall.check(rc, .schemaInvalid, "Cannot parse Avro schema")
        self.handle = try AvroCall.check(schema, .schemaInvalid, "Cannot parse Avro schema")
        self.json = json
        self.fields = AvroSchema.recordFields(of: handle, logicalTypes: AvroSchema.fieldLogicalTypes(json))
    }

    /// Wraps a schema avro-c built, taking over the caller's reference.
    private init(taking handle: avro_schema_t, json: String) {
        self.handle = handle
        self.json = json
        self.fields = AvroSchema.recordFields(of: handle, logicalTypes: AvroSchema.fieldLogicalTypes(json))
    }

    deinit { avro_schema_decref(handle) }

    /// The schema's type (``AvroType/record`` for a record schema).
    public var type: AvroType { AvroType(CAvro_avro_typeof(handle)) }

    /// The name of a named schema (record, enum or fixed) without its namespace, or nil.
    public var name: String? { avro_schema_name(handle).map { String(cString: $0) } }

    /// The namespace of a named schema, or nil when it has none.
    public var namespace: String? {
        guard let text = avro_schema_namespace(handle), text.pointee != 0 else { return nil }
        return String(cString: text)
    }

    /// The full name of a named schema (`namespace.name`), or nil for unnamed schemas.
    public var fullName: String? {
        guard let name else { return nil }
        return namespace.map { "\($0).\(name)" } ?? name
    }

    /// The index of the record field called `name`, or nil when there is none.
    public func fieldIndex(named name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }

    /// This record schema with the record name and namespace of `other`, and the same fields.
    ///
    /// avro-c resolves a writer record only into a reader record of the same full name, so a reader schema written
    /// as `sluice.Employee` cannot read a file whose records are called `root.DynamicRecord`. Renaming the reader
    /// record to the writer's name makes fields match by name, whatever the record is called.
    ///
    /// - Throws: ``AvroError`` `schema_invalid` when either schema is not a record.
    public func withRecordName(of other: AvroSchema) throws(AvroError) -> AvroSchema {
        guard type == .record, other.type == .record, let otherName = other.name else {
            throw AvroError(.schemaInvalid, "Only record schemas can take another record's name")
        }
        if other.fullName == fullName { return self }
        let record = try AvroCall.check(
            avro_schema_record(otherName, other.namespace), .schemaInvalid, "Cannot create record \(otherName)")
        for index in fields.indices {
            let field = avro_schema_record_field_get_by_index(handle, Int32(index))
            // The append takes its own reference to the field's schema (an extra incref here leaked it).
            let rc = avro_schema_record_field_append(record, fields[index].name, field)
            if rc != 0 {
                let error = AvroCall.failure(rc, .schemaInvalid, "Cannot copy field \(fields[index].name)")
                avro_schema_decref(record)
                throw error
            }
        }
        return AvroSchema(
            taking: record, json: AvroSchema.renamedJSON(json, name: otherName, namespace: other.namespace))
    }

    /// Describes the fields of `schema` when it is a record.
    private static func recordFields(of schema: avro_schema_t, logicalTypes: [String: String]) -> [AvroField] {
        guard CAvro_avro_typeof(schema) == AVRO_RECORD else { return [] }
        return (0..<avro_schema_record_size(schema)).map { index in
            let name = String(cString: avro_schema_record_field_name(schema, Int32(index)))
            let fieldSchema = avro_schema_record_field_get_by_index(schema, Int32(index))
            return AvroField(name: name, schema: fieldSchema, logicalType: logicalTypes[name])
        }
    }

    /// The `logicalType` of each top-level record field that has one, read from the JSON text (avro-c drops it).
    private static func fieldLogicalTypes(_ json: String) -> [String: String] {
        guard case .array(let fields)? = (try? JSON.decode(JSONValue.self, from: json))?.object?["fields"] else {
            return [:]
        }
        var result: [String: String] = [:]
        for case .object(let field) in fields {
            guard case .string(let name)? = field["name"] else { continue }
            let type = field["type"] ?? .null
            let candidates: [JSONValue] = if case .array(let branches) = type { branches } else { [type] }
            for case .object(let branch) in candidates {
                if case .string(let logical)? = branch["logicalType"] { result[name] = logical }
            }
        }
        return result
    }

    /// `json` with its top-level record `name` and `namespace` replaced; `json` unchanged if it cannot be edited.
    private static func renamedJSON(_ json: String, name: String, namespace: String?) -> String {
        guard var object = (try? JSON.decode(JSONValue.self, from: json))?.object else { return json }
        object["name"] = .string(name)
        object["namespace"] = namespace.map(JSONValue.string)
        return (try? JSON.text(JSONValue.object(object))) ?? json
    }
}
