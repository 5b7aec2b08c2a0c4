import Errors
import Foundation
public import JSON

/// A schedule kept in the database (`sluice_schedules`) rather than in a `jobs/` file: its
/// definition is the same JSON object a file holds, checked by the same parser and kinds.
public enum StoredSchedule {
    /// The longest name a schedule may have (`sluice_schedules.name`, `sluice_job_runs.job_name`).
    public static let maxNameLength = 128

    /// Reads the definition `value` of the schedule `name`; the object's own `name`, when given,
    /// must be `name`. Throws `invalid_job_definition`, `invalid_schedule`, `unknown_timezone`,
    /// `unknown_kind` or `invalid_params`, each naming the field.
    public static func definition(name: String, _ value: JSONValue, kinds: JobKindRegistry) throws -> JobDefinition {
        try checkName(name)
        guard var object = value.object else {
            throw JobsError(.invalidDefinition, "schedule '\(name)': the definition must be a JSON object")
        }
        if let given = object["name"], given != .string(name) {
            throw JobsError(.invalidDefinition, "schedule '\(name)': field 'name': must be '\(name)' as in the path")
        }
        object["name"] = .string(name)
        return try JobDefinitionParser(path: "schedule '\(name)'", text: "", kinds: kinds).parse(object)
    }

    /// Refuses a name that is empty, too long, or has characters other than letters, digits, `.`, `_`
    /// and `-` (it appears in URLs and file names), with `invalid_job_definition`.
    public static func checkName(_ name: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
        guard !name.isEmpty, name.count <= maxNameLength, name.unicodeScalars.allSatisfy(allowed.contains),
            name.allSatisfy(\.isASCII), let first = name.first, first.isLetter || first.isNumber
        else {
            throw JobsError(
                .invalidDefinition,
                "field 'name': give 1 to \(maxNameLength) ASCII letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        }
    }

    /// The definition as the API and CLI show it, in the form a stored schedule is written in
    /// (durations in seconds), with `source` (`database` or `file`) and whether it is `enabled` now.
    public static func document(_ definition: JobDefinition, source: String, enabled: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(definition.name), "kind": .string(definition.kind), "params": definition.params,
            "timezone": .string(definition.timeZone.identifier), "catchUp": .string(definition.catchUp.rawValue),
            "timeout": .number(definition.timeout.seconds),
            "retries": [
                "max": .integer(Int64(definition.retries.max)), "backoff": .number(definition.retries.backoff.seconds),
            ],
            "allowOverlap": .bool(definition.allowOverlap), "enabled": .bool(enabled), "source": .string(source),
        ]
        object["description"] = definition.description.map(JSONValue.string)
        object["schedule"] = definition.schedule.map { .string($0.description) }
        if !definition.notify.webhooks.isEmpty || definition.notify.onSuccess {
            object["notify"] = [
                "webhooks": .array(definition.notify.webhooks.map { .string($0.absoluteString) }),
                "onSuccess": .bool(definition.notify.onSuccess),
            ]
        }
        return .object(object)
    }
}
