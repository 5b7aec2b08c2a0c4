import ArgumentParser
import Loading
import MariaDB

/// `sluice schema apply|ddl`: create the dictionary's tables.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Create or show the tables the data dictionary declares.",
        subcommands: [Apply.self, DDL.self])

    /// `sluice schema apply`.
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract:
                "Create Sluice's own tables and every dictionary table that does not exist yet (idempotent); unlike the install every other command makes, it runs every statement even when the schema was last installed with the same ones."
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var dictionaryOptions: DictionaryOptions

        func run() throws {
            let installer = SchemaInstaller(
                dictionary: try dictionaryOptions.load(), sqlDirectory: try dictionaryOptions.sqlDirectory())
            let connection = try Connection(url: try global.resolveDatabase())
            for table in try installer.apply(on: connection, force: true) { print("table \(table): ok") }
        }
    }

    /// `sluice schema ddl`.
    struct DDL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ddl", abstract: "Print the SQL that `schema apply` runs.")

        @OptionGroup var dictionaryOptions: DictionaryOptions

        func run() throws {
            let installer = SchemaInstaller(
                dictionary: try dictionaryOptions.load(), sqlDirectory: try dictionaryOptions.sqlDirectory())
            for statement in try installer.statements() { print(statement + ";\n") }
        }
    }
}
