import Errors
import Foundation
import JSON

/// Decodes a kind's parameters from a run's JSON object and checks them, turning decoding errors
/// into `invalid_params` errors that name the field.
enum JobParametersDecoder {
    static func decode<Params: JobParameters>(_ type: Params.Type, kind: String, from value: JSONValue) throws
        -> Params
    {
        guard value.object != nil else { throw JobsError(.invalidParams, "\(kind) params must be a JSON object") }
        let params: Params
        do {
            params = try JSON.decode(Params.self, from: try JSON.encode(value))
        } catch let error as DecodingError {
            throw JobsError(.invalidParams, "\(kind) params: \(describe(error))")
        }
        do {
            try params.validate()
        } catch let error as JobsError {
            throw JobsError(error.code, "\(kind) params: \(error.message)")
        }
        return params
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "field '\(field(context.codingPath + [key]))': required"
        case .typeMismatch(let type, let context):
            return "field '\(field(context.codingPath))': must be \(name(of: type))"
        case .valueNotFound(let type, let context):
            return "field '\(field(context.codingPath))': must be \(name(of: type)), not null"
        case .dataCorrupted(let context):
            return "field '\(field(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func field(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        default: return String(describing: type).hasPrefix("Array<") ? "an array" : "a \(type)"
        }
    }
}
