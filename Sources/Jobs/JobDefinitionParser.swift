import Errors
import Foundation

/// Reads one job definition file (JSON) into a `JobDefinition`, with errors that name the file,
/// the field and the line it is on.
///
/// ```json
/// {"kind": "backup", "params": {"tables": "*"}, "schedule": "@nightly", "timezone": "Europe/Paris",
///  "catchUp": "once", "timeout": "2h", "retries": {"max": 2, "backoff": "1m"},
///  "allowOverlap": false, "enabled": true}
/// ```
/// `name` defaults to the file's base name; `kind` is required; everything else is optional.
struct JobDefinitionParser {
    static let knownFields: Set<String> = [
        "name", "kind", "params", "schedule", "timezone", "catchUp", "timeout", "retries", "allowOverlap", "enabled",
        "description",
    ]

    let path: String
    let text: String

    /// Parses the file's text; throws `invalid_job_definition`.
    func parse() throws -> JobDefinition {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw fail(nil, "the file must hold one JSON object")
            }
            object = parsed
        } catch let error as JobsError {
            throw error
        } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            throw JobsError(.invalidDefinition, "\(path): not valid JSON: \(detail)")
        }
        for key in object.keys.sorted() where !Self.knownFields.contains(key) {
            throw fail(key, "unknown field (known: \(Self.knownFields.sorted().joined(separator: ", ")))")
        }
        let fileName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var definition = JobDefinition(name: try string("name", object) ?? fileName, kind: "")
        guard let kind = try string("kind", object), !kind.isEmpty else {
            throw fail("kind", "required (migrate, backup, restore, prune)")
        }
        definition.kind = kind
        if let params = object["params"] {
            guard params is [String: Any] else { throw fail("params", "must be an object") }
            let data = try JSONSerialization.data(withJSONObject: params, options: [.sortedKeys])
            definition.paramsJSON = String(decoding: data, as: UTF8.self)
        }
        if let schedule = try string("schedule", object) {
            do {
                definition.schedule = try Schedule(parsing: schedule)
            } catch let error as JobsError {
                throw fail("schedule", error.message)
            }
        }
        if let zone = try string("timezone", object) {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw fail("timezone", "'\(zone)' is not an IANA time zone name")
            }
            definition.timeZone = timeZone
        }
        if let catchUp = try string("catchUp", object) {
            guard let policy = JobDefinition.CatchUp(rawValue: catchUp) else {
                throw fail("catchUp", "must be skip, once or all")
            }
            definition.catchUp = policy
        }
        if let timeout = try duration("timeout", object) { definition.timeout = timeout }
        if let retries = object["retries"] {
            guard let retries = retries as? [String: Any] else {
                throw fail("retries", "must be an object {max, backoff}")
            }
            if let max = retries["max"] {
                guard let count = max as? Int, count >= 0, count <= 100 else {
                    throw fail("retries", "max must be 0 to 100")
                }
                definition.retries.max = count
            }
            if let backoff = try duration("backoff", retries, field: "retries") { definition.retries.backoff = backoff }
        }
        if let overlap = try bool("allowOverlap", object) { definition.allowOverlap = overlap }
        if let enabled = try bool("enabled", object) { definition.enabled = enabled }
        return definition
    }

    private func string(_ key: String, _ object: [String: Any]) throws -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value as? String else { throw fail(key, "must be a string") }
        return text
    }

    private func bool(_ key: String, _ object: [String: Any]) throws -> Bool? {
        guard let value = object[key] else { return nil }
        guard let flag = value as? Bool else { throw fail(key, "must be true or false") }
        return flag
    }

    /// A duration given as seconds (number) or text such as `90s`, `5m`, `2h`.
    private func duration(_ key: String, _ object: [String: Any], field: String? = nil) throws -> Duration? {
        guard let value = object[key] else { return nil }
        if let text = value as? String {
            do { return try Schedule.interval(text) } catch {
                throw fail(field ?? key, "\(key) '\(text)' is not a duration like 90s, 5m or 2h")
            }
        }
        guard let seconds = value as? Double, seconds > 0 else {
            throw fail(field ?? key, "\(key) must be a positive number of seconds or text like 5m")
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    private func fail(_ field: String?, _ message: String) -> JobsError {
        guard let field else { return JobsError(.invalidDefinition, "\(path): \(message)") }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("\"\(field)\"") }.map { $0 + 1 }
        let place = line.map { "\(path):\($0)" } ?? path
        return JobsError(.invalidDefinition, "\(place): field '\(field)': \(message)")
    }
}
