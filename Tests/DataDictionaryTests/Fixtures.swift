import DataDictionary
import Foundation

/// Paths to the repository's dictionary files, found from this source file's location.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var challengeDictionaryPath: String { repositoryRoot.appendingPathComponent("sql/dictionary.json").path }
    static var extendedDictionaryPath: String {
        repositoryRoot.appendingPathComponent("Tests/Fixtures/dictionary-extended.json").path
    }

    static func challenge() throws -> DataDictionary { try DataDictionary(contentsOf: challengeDictionaryPath) }

    static func dictionary(_ json: String) throws -> DataDictionary { try DataDictionary(json: Data(json.utf8)) }
}
