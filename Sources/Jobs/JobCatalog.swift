public import Errors
import Foundation
public import JSON

/// Every job definition of a `jobs/` folder and of the schedules stored in the database, loaded at
/// start and on reload: an invalid one is reported (a file with its path and line) and the others
/// still load.
public struct JobCatalog: Sendable {
    /// The valid definitions, by name.
    public private(set) var definitions: [String: JobDefinition]
    /// One error per file or stored schedule that could not be loaded.
    public private(set) var errors: [JobsError]
    /// The names of the definitions that are stored schedules (the others are files).
    public private(set) var storedNames: Set<String> = []

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

    /// This catalog with the stored schedules `stored` (definitions by name, as JSON objects) added
    /// beside the files; one that is invalid, or whose name a file has, is an error.
    public func adding(stored: [String: JSONValue], kinds: JobKindRegistry) -> JobCatalog {
        var catalog = self
        for (name, value) in stored.sorted(by: { $0.key < $1.key }) {
            do {
                let definition = try StoredSchedule.definition(name: name, value, kinds: kinds)
                guard catalog.definitions[name] == nil else {
                    throw JobsError(.nameTaken, "schedule '\(name)': a job file already has this name")
                }
                catalog.definitions[name] = definition
                catalog.storedNames.insert(name)
            } catch let error as JobsError {
                catalog.errors.append(error)
            } catch {
                catalog.errors.append(JobsError(.invalidDefinition, "schedule '\(name)': \(error)"))
            }
        }
        return catalog
    }

    /// The definitions sorted by name.
    public var sorted: [JobDefinition] { definitions.values.sorted { $0.name < $1.name } }
}
