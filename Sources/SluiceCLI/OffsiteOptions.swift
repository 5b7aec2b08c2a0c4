import ArgumentParser
import Backup
import Errors
import Foundation
import Offsite

/// `--offsite REMOTE:PATH`: an rclone remote that holds off-site copies of backups.
struct OffsiteOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "An rclone remote and folder for off-site copies of backups (default: $SLUICE_OFFSITE).",
            valueName: "remote:path"))
    var offsite: String?

    func validate() throws {
        _ = try offsite.map(Self.remote)
    }

    /// The remote `text` names, or the `--offsite` option's validation error.
    static func remote(_ text: String) throws -> OffsiteRemote {
        do { return try OffsiteRemote(parsing: text) } catch let error as OffsiteError {
            throw ValidationError("--offsite \(error.message)")
        }
    }

    /// The remote named by `--offsite`, else `$SLUICE_OFFSITE`, else none.
    func remote() throws -> OffsiteRemote? {
        if let offsite { return try OffsiteRemote(parsing: offsite) }
        return try OffsiteRemote.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    /// The backups on the remote, if one is named.
    func backups() throws -> OffsiteBackups? {
        try remote().map { try OffsiteBackups(remote: $0) }
    }

    /// Copies the backup just written in `folder` to the remote, if one is named, and prints what was copied.
    func copy(_ folder: String, _ manifest: BackupManifest) throws {
        guard let remote = try remote() else { return }
        do {
            let report = try OffsiteBackups(remote: remote).upload(
                folder: folder, manifest: manifest)
            print(
                "copied to \(report.remote): \(report.files) files, \(report.bytes) bytes, verified by \(report.verified)"
            )
        } catch let error as OffsiteError {
            try? FileHandle.standardError.write(
                contentsOf: Data("error: \(error)\nthe backup is complete in \(folder); nothing was pruned\n".utf8))
            throw ExitCode(1)
        }
    }
}
