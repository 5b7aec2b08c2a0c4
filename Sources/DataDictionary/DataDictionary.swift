import Errors
public import Foundation

/// The data dictionary: the one declarative source of truth for every table Sluice manages.
///
/// It is read from a JSON file (`sql/dictionary.json` by default). The DDL that `sluice schema apply`
/// runs, the row validators, the load order, the Avro schemas and the API documentation all follow
/// from it, so adding a table or a rule is an edit to that file and needs no Swift code.
public struct DataDictionary: Sendable, Codable {
    /// Version of the dictionary's content; recorded in backups and reports.
    public var version: Int
    /// What the dictionary describes, for generated documentation.
    public var description: String?
    /// The tables, in declaration order.
    public var tables: [TableDefinition]

    /// Creates a dictionary from its parts and checks that it is consistent.
    public init(version: Int, description: String? = nil, tables: [TableDefinition]) throws {
        self.version = version
        self.description = description
        self.tables = tables
        try DictionaryChecker(dictionary: self).check()
    }

    /// Decodes a dictionary file, checking its structural rules.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            version: container.decode(Int.self, forKey: .version),
            description: container.decodeIfPresent(String.self, forKey: .description),
            tables: container.decode([TableDefinition].self, forKey: .tables)
        )
    }

    /// Decodes and checks a dictionary from its JSON text.
    public init(json: Data) throws {
        do {
            self = try JSONDecoder().decode(DataDictionary.self, from: json)
        } catch let error as DictionaryError {
            throw error
        } catch let error as DecodingError {
            throw DictionaryError(code: .invalidDictionary, message: DictionaryError.describe(error))
        }
    }

    /// Loads and checks the dictionary file at `path`.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DictionaryError(code: .dictionaryUnreadable, message: "cannot read the data dictionary at \(path)")
        }
        do {
            try self.init(json: data)
        } catch var error as DictionaryError {
            error.message = "\(path): \(error.message)"
            throw error
        }
    }

    /// The table called `name`, if the dictionary declares it.
    public func table(named name: String) -> TableDefinition? {
        tables.first { $0.name == name }
    }

    /// Whether `name` can name a table or column: 1-64 ASCII letters, digits or underscores, not
    /// starting with a digit (so it is a safe SQL identifier and file name).
    public static func isIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...64).contains(bytes.count)
            && bytes.allSatisfy {
                $0 == UInt8(ascii: "_") || ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122)
            }
            && !(bytes[0] >= 48 && bytes[0] <= 57)
    }

    /// The table called `name`, or an `unknown_table` error naming the tables that exist.
    public func requireTable(_ name: String) throws -> TableDefinition {
        guard let table = table(named: name) else {
            let known = tables.map(\.name).joined(separator: ", ")
            throw DictionaryError(code: .unknownTable, message: "unknown table '\(name)'; the dictionary has: \(known)")
        }
        return table
    }

    /// Every table, parents before the tables that reference them, so loading in this order never
    /// breaks a foreign key. Ties keep declaration order.
    public var tablesInDependencyOrder: [TableDefinition] {
        var ordered: [TableDefinition] = []
        var placed = Set<String>()
        while ordered.count < tables.count {
            for table in tables where !placed.contains(table.name) {
                let parents = table.columns.compactMap { $0.references?.table }.filter { $0 != table.name }
                if parents.allSatisfy(placed.contains) {
                    ordered.append(table)
                    placed.insert(table.name)
                }
            }
        }
        return ordered
    }
}
