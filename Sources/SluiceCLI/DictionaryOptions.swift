import ArgumentParser
import DataDictionary
import Foundation
import Loading

/// Options that choose the data dictionary and the `sql/` folder.
struct DictionaryOptions: ParsableArguments {
    @Option(name: .long, help: "The data dictionary file (default: $SLUICE_DICTIONARY, else sql/dictionary.json).")
    var dictionary: String?

    /// The `sql/` folder.
    func sqlDirectory() throws -> SQLDirectory {
        try SQLDirectory.locate()
    }

    /// The dictionary file to use: `--dictionary`, `$SLUICE_DICTIONARY`, or the one in `sql/`.
    func path() throws -> String {
        let environment = ProcessInfo.processInfo.environment["SLUICE_DICTIONARY"].flatMap { $0.isEmpty ? nil : $0 }
        return try dictionary ?? environment ?? sqlDirectory().dictionaryPath
    }

    /// The dictionary in `path()`.
    func load() throws -> DataDictionary {
        try DataDictionary(contentsOf: try path())
    }
}
