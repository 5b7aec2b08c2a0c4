import Errors
import Foundation
import JSON

/// Reads one job definition file (JSON) into a `JobDefinition`, with errors that name the file,
/// the field and the line it is on.
///
/// ```json
/// {"kind": "backup", "params": {"tables": "*"}, "schedule": "@nightly", "timezone": "Europe/Paris",
///  "catchUp": "once", "timeout": "2h", "retries": {"max": 2, "backoff": "1m"},
///  "allowOverlap": false, "enabled": true, "notify": {"webhooks": ["https://hooks.example/x"], "onSuccess": false}}
/// ```
/// `name` defaults to the file's base name; `kind` is required; everything else is optional.
struct JobDefinitionParser {
    static let knownFields: Set<String> = [
        "name", "kind", "params", "schedule", "timezone", "catchUp", "timeout", "retries", "allowOverlap", "enabled",
        "description", "notify",
    ]

    let path: String
    let text: String
    /// The kinds a definition may name; its params are checked by its kind.
    let kinds: JobKindRegistry

    /// Parses the file's text; throws `invalid_job_definition`, `invalid_schedule`, `unknown_timezone`,
    /// or `unknown_kind`/`invalid_params` for a kind or parameters the kind refuses.
    func parse() throws -> JobDefinition {
        let object: [String: JSONValue]
        do {
            guard let parsed = try JSON.decode(JSONValue.self, from: text).object else {
                throw fail(nil, "the file must hold one JSON object")
            }
            object = parsed
        } catch let error as JobsError {
            throw error
        } catch {
            let detail = (error as? DecodingError).map(Self.detail) ?? "\(error)"
            throw JobsError(.invalidDefinition, "\(path): not valid JSON: \(detail)")
        }
        return try parse(object)
    }

    /// Reads a definition given as a JSON object (a stored schedule's, or a file's parsed text).
    func parse(_ object: [String: JSONValue]) throws -> JobDefinition {
        for key in object.keys.sorted() where !Self.knownFields.contains(key) {
            throw fail(key, "unknown field (known: \(Self.knownFields.sorted().joined(separator: ", ")))")
        }
        let fileName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var definition = JobDefinition(name: try string("name", object) ?? fileName, kind: "")
        guard let kind = try string("kind", object), !kind.isEmpty else {
            throw fail("kind", "required (\(kinds.names.joined(separator: ", ")))")
        }
        definition.kind = kind
        definition.description = try string("description", object)
        if let params = object["params"] {
            guard params.object != nil else { throw fail("params", "must be an object") }
            definition.params = params
        }
        do {
            try kinds.validate(kind: kind, params: definition.params)
        } catch let error as JobsError {
            throw fail(error.code == .unknownKind ? "kind" : "params", error.message, code: error.code)
        }
        if let schedule = try string("schedule", object) {
            do {
                definition.schedule = try Schedule(parsing: schedule)
            } catch let error as JobsError {
                throw fail("schedule", error.message, code: .invalidSchedule)
            }
        }
        if let zone = try string("timezone", object) {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw fail("timezone", "'\(zone)' is not an IANA time zone name", code: .unknownTimezone)
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
            guard let retries = retries.object else {
                throw fail("retries", "must be an object {max, backoff}")
            }
            if let max = retries["max"] {
                guard case .integer(let count) = max, count >= 0, count <= 100 else {
                    throw fail("retries", "max must be 0 to 100")
                }
                definition.retries.max = Int(count)
            }
            if let backoff = try duration("backoff", retries, field: "retries") { definition.retries.backoff = backoff }
        }
        if let overlap = try bool("allowOverlap", object) { definition.allowOverlap = overlap }
        if let enabled = try bool("enabled", object) { definition.enabled = enabled }
        if let notify = object["notify"] { definition.notify = try self.notify(notify) }
        return definition
    }

    private func string(_ key: String, _ object: [String: JSONValue]) throws -> String? {
        guard let value = object[key] else { return nil }
        guard case .string(let text) = value else { throw fail(key, "must be a string") }
        return text
    }

    private func bool(_ key: String, _ object: [String: JSONValue]) throws -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let flag) = value else { throw fail(key, "must be true or false") }
        return flag
    }

    /// A duration given as seconds (number) or text such as `90s`, `5m`, `2h`.
    private func duration(_ key: String, _ object: [String: JSONValue], field: String? = nil) throws -> Duration? {
        let seconds: Double
        switch object[key] {
        case nil: return nil
        case .string(let text):
            do { return try Schedule.interval(text) } catch {
                throw fail(field ?? key, "\(key) '\(text)' is not a duration like 90s, 5m or 2h")
            }
        case .integer(let value): seconds = Double(value)
        case .number(let value): seconds = value
        default: seconds = 0
        }
        guard seconds > 0, seconds <= Double(Schedule.longest) else {
            throw fail(field ?? key, "\(key) must be a positive number of seconds (at most a year) or text like 5m")
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    func fail(_ field: String?, _ message: String, code: JobsError.Code = .invalidDefinition) -> JobsError {
        guard let field else { return JobsError(code, "\(path): \(message)") }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("\"\(field)\"") }.map { $0 + 1 }
        let place = line.map { "\(path):\($0)" } ?? path
        return JobsError(code, "\(place): field '\(field)': \(message)")
    }

    /// What the decoder says is wrong with the text (the underlying parser's words when it has them).
    private static func detail(_ error: DecodingError) -> String {
        guard case .dataCorrupted(let context) = error else { return "\(error)" }
        let underlying = (context.underlyingError as? NSError)?.userInfo["NSDebugDescription"] as? String
        return underlying ?? context.debugDescription
    }
}
