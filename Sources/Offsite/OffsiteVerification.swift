import Errors
import Foundation
import Loading

/// Compares files on a remote (as `rclone lsjson --hash` lists them) with the local files they
/// were copied from: by SHA-256, MD5 or SHA-1 where the remote keeps one (S3 keeps MD5, SFTP and
/// the local backend all three), else by size only, and says which.
enum OffsiteVerification {
    /// A local file and what it should be.
    struct Expected {
        /// Its name in the backup folder.
        var name: String
        /// Its local path.
        var path: String
        /// Its size.
        var bytes: Int64
        /// Its SHA-256, when already known (the manifest records the Avro files').
        var sha256: String?
    }

    /// One file as `rclone lsjson` lists it.
    struct Listed: Decodable {
        var path: String
        var size: Int64
        var hashes: [String: String]?

        enum CodingKeys: String, CodingKey {
            case path = "Path", size = "Size", hashes = "Hashes"
        }
    }

    /// The `rclone lsjson` arguments that list `location`'s files with the hashes compared here.
    static func listArguments(_ location: String) -> [String] {
        ["lsjson", "--files-only"] + FileDigest.Algorithm.allCases.flatMap { ["--hash-type", $0.rawValue] }
            + [location]
    }

    /// Checks every expected file against the listing; returns how they were compared (`sha256`,
    /// `md5`, `sha1` or `size`; several joined by `+`).
    /// - Throws: ``OffsiteError`` `offsite_mismatch` naming the first file that differs or is missing.
    static func verify(_ expected: [Expected], listing: Data) throws -> String {
        let listed = try JSONDecoder().decode([Listed].self, from: listing)
        var methods: [String] = []
        for file in expected {
            guard let remote = listed.first(where: { $0.path == file.name }) else {
                throw OffsiteError(.mismatch, "\(file.name) is missing on the remote")
            }
            guard remote.size == file.bytes else {
                throw OffsiteError(.mismatch, "\(file.name) has \(remote.size) bytes on the remote, \(file.bytes) here")
            }
            let method = try compareHash(file, remote.hashes ?? [:])
            if !methods.contains(method) { methods.append(method) }
        }
        return methods.isEmpty ? "size" : methods.joined(separator: "+")
    }

    private static func compareHash(_ file: Expected, _ hashes: [String: String]) throws -> String {
        guard
            let algorithm = FileDigest.Algorithm.allCases.first(where: { !(hashes[$0.rawValue] ?? "").isEmpty }),
            let theirs = hashes[algorithm.rawValue]
        else { return "size" }
        let ours =
            algorithm == .sha256 && file.sha256 != nil
            ? file.sha256 ?? "" : try FileDigest.digest(algorithm, path: file.path).hex
        guard ours == theirs.lowercased() else {
            throw OffsiteError(
                .mismatch, "\(file.name): the remote's \(algorithm.rawValue) differs from the local file's")
        }
        return algorithm.rawValue
    }
}
