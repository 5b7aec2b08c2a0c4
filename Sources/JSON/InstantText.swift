public import Foundation

/// ISO-8601 instant text in UTC (`2021-01-01T00:00:00Z`), the form JSON dates take: the one way
/// Sluice writes and reads instants as text for people and programs.
public enum InstantText {
    /// `date` as `yyyy-MM-ddTHH:mm:ssZ`, or with milliseconds (`…:ss.SSSZ`) when `fractionalSeconds`.
    public static func string(_ date: Date, fractionalSeconds: Bool = false) -> String {
        let formatter = ISO8601DateFormatter()
        if fractionalSeconds { formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds] }
        return formatter.string(from: date)
    }

    /// The instant `text` names (`yyyy-MM-ddTHH:mm:ssZ` or with an offset, with or without fractional
    /// seconds, as a browser's `toISOString()` writes them); nil for anything else.
    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
