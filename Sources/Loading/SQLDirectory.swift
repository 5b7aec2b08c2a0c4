import Errors
import Foundation

/// Finds the project's `sql/` folder, which holds the data dictionary and every SQL file Sluice runs.
///
/// Looked up in order: `$SLUICE_SQL_DIR`, then `sql/` in each of `InstallLayout.roots()` (the
/// working directory, the executable's `../share/sluice` and the folders above it, `/usr/share/sluice`).
public struct SQLDirectory: Sendable {
    /// The folder's path.
    public let path: String

    /// Uses the folder at `path` as it is.
    public init(path: String) {
        self.path = path
    }

    /// Locates the folder, or throws `sql_dir_not_found` naming the places tried.
    public static func locate(environment: [String: String]? = nil) throws
        -> SQLDirectory
    {
        let environment = environment ?? ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let configured = environment["SLUICE_SQL_DIR"], !configured.isEmpty { candidates.append(configured) }
        candidates += InstallLayout.roots().map { $0 + "/sql" }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/dictionary.json") {
            return SQLDirectory(path: candidate)
        }
        throw IngestError(
            code: .sqlDirectoryNotFound,
            message: "cannot find the sql/ folder with dictionary.json; set SLUICE_SQL_DIR. Tried: "
                + candidates.joined(separator: ", "))
    }

    /// The folder `name` beside this one (`public`, `jobs`), where the same install keeps it.
    public func sibling(_ name: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The data dictionary file's path.
    public var dictionaryPath: String { path + "/dictionary.json" }

    /// The text of the SQL file `name` in this folder.
    public func read(_ name: String) throws -> String {
        let file = path + "/" + name
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            throw IngestError(code: .sqlDirectoryNotFound, message: "cannot read \(file)")
        }
        return text
    }
}
