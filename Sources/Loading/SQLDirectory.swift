import Errors
import Foundation

/// Finds the project's `sql/` folder, which holds the data dictionary and every SQL file Sluice runs.
///
/// Looked up in order: `$SLUICE_SQL_DIR`, `./sql`, then the folders above the running executable
/// (so a binary under `.build/` finds the checkout's `sql/`), then `/usr/share/sluice/sql`.
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
        candidates.append(FileManager.default.currentDirectoryPath + "/sql")
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        for _ in 0..<5 {
            folder.deleteLastPathComponent()
            candidates.append(folder.appendingPathComponent("sql").path)
        }
        candidates.append("/usr/share/sluice/sql")
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/dictionary.json") {
            return SQLDirectory(path: candidate)
        }
        throw IngestError(
            code: .sqlDirectoryNotFound,
            message: "cannot find the sql/ folder with dictionary.json; set SLUICE_SQL_DIR. Tried: "
                + candidates.joined(separator: ", "))
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
