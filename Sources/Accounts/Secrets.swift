import Crypto
import Foundation

/// Random tokens and their digests, shared by API keys and sessions.
public enum Secrets {
    /// `count` random bytes from the system's generator, in URL-safe base64 without padding
    /// (`-` and `.` for `+` and `/`, so a token sits in a header, a cookie or a key's `_` parts).
    public static func randomToken(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: ".").replacingOccurrences(of: "=", with: "")
    }

    /// The SHA-256 of `text`'s UTF-8 bytes, in lower-case hex.
    public static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// `digest` in lower-case hex.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `a` and `b` are equal, in time that depends only on their lengths.
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        a.count == b.count && zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
