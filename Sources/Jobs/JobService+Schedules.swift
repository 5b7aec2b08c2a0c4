import Errors
public import JSON

extension JobService {
    /// The definition of job `name` as the API shows it (see `StoredSchedule.document`); throws `not_found`.
    public func schedule(_ name: String) throws -> JSONValue {
        try withStore { store in
            let catalog = try catalog(store)
            guard let definition = catalog.definitions[name] else {
                throw JobsError(.notFound, "no schedule named '\(name)'")
            }
            let enabled = try store.controls().overrides[name] ?? definition.enabled
            let source = catalog.storedNames.contains(name) ? "database" : "file"
            return StoredSchedule.document(definition, source: source, enabled: enabled)
        }
    }

    /// Stores the schedule `value` (a definition with its `name`) and makes every scheduler follow it;
    /// returns it as `schedule(_:)` does. Throws `name_taken` when a job file or stored schedule has
    /// the name, or the definition's error (`invalid_schedule`, `unknown_timezone`, `unknown_kind`,
    /// `invalid_params`, `invalid_job_definition`).
    public func createSchedule(_ value: JSONValue) throws -> JSONValue {
        guard case .string(let name)? = value.object?["name"] else {
            throw JobsError(.invalidDefinition, "field 'name': required, a string")
        }
        _ = try StoredSchedule.definition(name: name, value, kinds: kinds)
        try refuseFile(name, "a job file already has the name '\(name)'")
        try withStore { try $0.createSchedule(name, value) }
        return try schedule(name)
    }

    /// Replaces the whole definition of the stored schedule `name` with `value`; returns it as
    /// `schedule(_:)` does. Slots it already enqueued are not enqueued again.
    public func replaceSchedule(_ name: String, _ value: JSONValue) throws -> JSONValue {
        _ = try StoredSchedule.definition(name: name, value, kinds: kinds)
        try refuseFile(name, "'\(name)' is defined by a job file, which only its file can change")
        try withStore { try $0.replaceSchedule(name, value) }
        return try schedule(name)
    }

    /// Deletes the stored schedule `name`; its runs stay in the history.
    public func deleteSchedule(_ name: String) throws {
        try refuseFile(name, "'\(name)' is defined by a job file, which only its file can remove")
        try withStore { try $0.deleteSchedule(name) }
    }

    /// Throws `name_taken` with `message` when a job file defines `name`.
    private func refuseFile(_ name: String, _ message: String) throws {
        let files = JobCatalog.load(directory: jobsDirectory, kinds: kinds)
        let invalidFile = files.errors.contains { $0.message.contains("/\(name).json") }
        if files.definitions[name] != nil || invalidFile { throw JobsError(.nameTaken, message) }
    }
}
