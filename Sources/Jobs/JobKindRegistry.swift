import Errors
public import JSON

/// The job kinds a program offers, by name: checks a kind and its parameters when a run is
/// submitted or a job file is loaded, and runs them in the worker.
public struct JobKindRegistry: Sendable {
    /// The longest kind name the history stores (`sluice_job_runs.kind`).
    public static let maxNameLength = 32

    private var kinds: [String: AnyJobKind] = [:]

    /// A registry of no kinds.
    public init() {}

    /// This registry with `kind` added (or replacing the kind of the same name).
    public func adding<Kind: JobKind>(_ kind: Kind) -> JobKindRegistry {
        precondition(
            !Kind.name.isEmpty && Kind.name.count <= Self.maxNameLength,
            "a kind's name has 1 to \(Self.maxNameLength) characters: '\(Kind.name)'")
        var registry = self
        registry.kinds[Kind.name] = AnyJobKind(kind)
        return registry
    }

    /// The registered kinds' names, sorted.
    public var names: [String] { kinds.keys.sorted() }

    /// Refuses an unknown kind (`unknown_kind`) or parameters the kind does not take (`invalid_params`,
    /// naming the field).
    public func validate(kind: String, params: JSONValue) throws {
        _ = try self.kind(kind).decode(params)
    }

    /// The parameters of `kind` that name server paths (none for an unknown kind).
    public func pathFields(of kind: String) -> Set<String> {
        kinds[kind]?.pathFields ?? []
    }

    /// The stored file a run of `kind` with `params` reads (nil for an unknown kind or bad params).
    public func storedFile(kind: String, params: JSONValue) -> StoredFile? {
        (try? self.kind(kind).decode(params))?.storedFile
    }

    /// Runs `kind` with `params` and returns its summary.
    public func run(kind: String, params: JSONValue, in context: JobContext) throws -> JSONValue {
        try self.kind(kind).run(params, context)
    }

    private func kind(_ name: String) throws -> AnyJobKind {
        guard let kind = kinds[name] else {
            let shown = name.count > Self.maxNameLength ? String(name.prefix(Self.maxNameLength)) + "..." : name
            throw JobsError(.unknownKind, "unknown kind '\(shown)' (known: \(names.joined(separator: ", ")))")
        }
        return kind
    }
}

/// A kind with its types erased: its parameters go in and its summary comes out as JSON values.
private struct AnyJobKind: Sendable {
    let pathFields: Set<String>
    let decode: @Sendable (JSONValue) throws -> any JobParameters
    let run: @Sendable (JSONValue, JobContext) throws -> JSONValue

    init<Kind: JobKind>(_ kind: Kind) {
        pathFields = Kind.Params.pathFields
        let decode: @Sendable (JSONValue) throws -> Kind.Params = { value in
            try JobParametersDecoder.decode(Kind.Params.self, kind: Kind.name, from: value)
        }
        self.decode = decode
        run = { value, context in
            let summary = try kind.run(try decode(value), in: context)
            return try JSON.decode(JSONValue.self, from: try JSON.encode(summary))
        }
    }
}
