import Crypto
import _CryptoExtras
import Errors
import Foundation

/// A password stored as scrypt (memory-hard) with a per-user random salt and its parameters:
/// `scrypt$<log2 N>$<r>$<p>$<salt, base64>$<key, base64>`, so stronger parameters apply to new
/// passwords while old hashes still verify.
public struct PasswordHash: Sendable, Equatable {
    /// The fewest characters a password may have.
    public static let minimumLength = 12
    /// The most bytes a password may have.
    public static let maximumBytes = 1024

    /// log2 of scrypt's cost N.
    public let logN: Int
    /// scrypt's block size r.
    public let blockSize: Int
    /// scrypt's parallelism p.
    public let parallelism: Int
    /// The random salt.
    public let salt: [UInt8]
    /// The derived key.
    public let key: [UInt8]

    /// Hashes `password` with a new 16-byte salt: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s).
    /// Throws `weak_password` when it is too short or too long.
    public init(password: String, logN: Int = 15) throws {
        try Self.check(password)
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = try Self.derive(password, logN: logN, blockSize: 8, parallelism: 1, salt: salt)
        self.init(logN: logN, blockSize: 8, parallelism: 1, salt: salt, key: key)
    }

    private init(logN: Int, blockSize: Int, parallelism: Int, salt: [UInt8], key: [UInt8]) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.salt = salt
        self.key = key
    }

    /// Reads a stored hash; nil when `text` is not one.
    public init?(stored text: String) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let logN = Int(parts[1]), (10...20).contains(logN),
            let blockSize = Int(parts[2]), (1...32).contains(blockSize), let parallelism = Int(parts[3]),
            (1...16).contains(parallelism), let salt = Data(base64Encoded: String(parts[4])),
            let key = Data(base64Encoded: String(parts[5])), !key.isEmpty
        else { return nil }
        self.init(logN: logN, blockSize: blockSize, parallelism: parallelism, salt: Array(salt), key: Array(key))
    }

    /// The text stored in the users table.
    public var stored: String {
        "scrypt$\(logN)$\(blockSize)$\(parallelism)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Whether `password` is the one hashed, compared in constant time.
    public func verify(_ password: String) -> Bool {
        guard password.utf8.count <= Self.maximumBytes,
            let derived = try? Self.derive(
                password, logN: logN, blockSize: blockSize, parallelism: parallelism, salt: salt)
        else { return false }
        return Secrets.equal(derived, key)
    }

    /// Throws `weak_password` unless `password` has at least ``minimumLength`` characters and at
    /// most ``maximumBytes`` bytes.
    public static func check(_ password: String) throws {
        guard password.count >= minimumLength else {
            throw AccountsError(.weakPassword, "a password needs at least \(minimumLength) characters")
        }
        guard password.utf8.count <= maximumBytes else {
            throw AccountsError(.weakPassword, "a password may have at most \(maximumBytes) bytes")
        }
    }

    private static func derive(_ password: String, logN: Int, blockSize: Int, parallelism: Int, salt: [UInt8]) throws
        -> [UInt8]
    {
        let derived = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << logN, blockSize: blockSize,
            parallelism: parallelism)
        return derived.withUnsafeBytes { Array($0) }
    }
}
