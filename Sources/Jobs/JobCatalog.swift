public import Errors
import Foundation

/// Every job definition of a `jobs/` folder, loaded at start and on reload: an invalid file is
/// reported (with its path and line) and the others still load.
public struct JobCatalog: Sendable {
    /// The valid definitions, by name.
    public private(set) var definitions: [String: JobDefinition]
    /// One error per file that could not be loaded.
    public private(set) var errors: [JobsError]

    /// A catalog of the given definitions.
    public init(definitions: [JobDefinition] = [], errors: [JobsError] = []) {
        self.definitions = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.errors = errors
    }

    /// Loads every `*.json` file of `directory` (a missing folder is an empty catalog), checking
    /// each job's kind and parameters against `kinds`.
    public static func load(directory: String, kinds: JobKindRegistry) -> JobCatalog {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var catalog = JobCatalog()
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = directory + "/" + name
            do {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw JobsError(.invalidDefinition, "\(path): cannot read the file")
                }
                let text = String(decoding: data, as: UTF8.self)
                let definition = try JobDefinitionParser(path: path, text: text, kinds: kinds).parse()
                if catalog.definitions[definition.name] != nil {
                    throw JobsError(.invalidDefinition, "\(path): field 'name': '\(definition.name)' is defined twice")
                }
                catalog.definitions[definition.name] = definition
            } catch let error as JobsError {
                catalog.errors.append(error)
            } catch {
                catalog.errors.append(JobsError(.invalidDefinition, "\(path): \(error)"))
            }
        }
        return catalog
    }

    /// The definitions sorted by name.
    public var sorted: [JobDefinition] { definitions.values.sorted { $0.name < $1.name } }
}
