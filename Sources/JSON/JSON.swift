public import Foundation

/// The one configured JSON encoder and decoder of Sluice: keys sorted, slashes unescaped, dates
/// as ISO 8601 instants. Every module writes and reads JSON through these.
public enum JSON {
    /// Encodes `value` compactly.
    public static func encode(_ value: some Encodable) throws -> Data {
        try encoder(pretty: false).encode(value)
    }

    /// Encodes `value` indented, for files people read (manifests, summaries).
    public static func encodePretty(_ value: some Encodable) throws -> Data {
        try encoder(pretty: true).encode(value)
    }

    /// Encodes `value` compactly as text.
    public static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// Decodes a `T` from `data`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: some DataProtocol) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(data))
    }

    /// Decodes a `T` from JSON `text`.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decode(type, from: Data(text.utf8))
    }

    private static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
