import ArgumentParser
import DataDictionary
import Errors
import Foundation
import Loading
import MariaDB
import Migration

/// `sluice migrate`: load historic CSV files into dictionary tables.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Load CSV files into tables: streamed, validated, rejects logged, restartable without duplicates.",
        discussion: """
            Either one file into one table (--table T FILE), or every <table>.csv in a folder (--dir DIR), \
            parents before children. Exit status: 0 when the files were loaded (even with rejected rows), \
            3 when --max-rejects rolled a load back, 1 on a fatal error.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions

    @Option(name: .long, help: "The table FILE is loaded into.") var table: String?
    @Option(name: .long, help: "Load every <table>.csv file in this folder.") var dir: String?
    @Argument(help: "The CSV file (with --table).") var file: String?
    @Flag(name: .long, help: "The files start with a header line, which is skipped.") var header = false
    @Option(name: .long, help: "Roll a table's load back when more rows than N, or than P% of its rows, are rejected.")
    var maxRejects: String?
    @Option(name: .long, help: "Write the summary as JSON to this file.") var summary: String?
    @Option(name: .long, help: "Write rejected rows to this CSV file (one table only).") var rejectFile: String?
    @Option(
        name: .long,
        help: """
            Rows validated and committed per batch (default 20000). Without it, a fresh load into an empty table \
            is one transaction on InnoDB's bulk path (about twice as fast; a kill undoes it whole); with it, every \
            load commits batch by batch, and a killed one resumes after its last batch.
            """)
    var batchRows: Int?

    func validate() throws {
        guard (table != nil && file != nil && dir == nil) || (dir != nil && table == nil && file == nil) else {
            throw ValidationError("give either --table TABLE FILE, or --dir DIR")
        }
        if let maxRejects, RejectLimit(parsing: maxRejects) == nil {
            throw ValidationError("--max-rejects takes a count (100) or a percentage (5%), not '\(maxRejects)'")
        }
        if rejectFile != nil && dir != nil { throw ValidationError("--reject-file goes with one file, not --dir") }
        guard (1...1_000_000).contains(batchRows ?? 1) else {
            throw ValidationError("--batch-rows must be 1 to 1000000")
        }
    }

    func run() throws {
        let dictionary = try dictionaryOptions.load()
        let jobs = try plan(dictionary)
        let connection = try Connection(url: try global.resolveDatabase())
        try SchemaInstaller(dictionary: dictionary, sqlDirectory: try dictionaryOptions.sqlDirectory()).apply(
            on: connection)
        var options = MigrationOptions()
        options.header = header
        options.maxRejects = maxRejects.flatMap(RejectLimit.init(parsing:))
        options.rejectFile = rejectFile
        if let batchRows {
            options.batchRows = batchRows
            options.bulkIntoEmptyTable = false
        }
        options.rejectDirectory = global.dataDirectory + "/rejects"
        let migration = Migration(
            connection: connection, dictionary: dictionary, options: options, progress: TerminalProgress())
        var results: [TableLoadSummary] = []
        for (table, path) in jobs { results.append(try migration.load(table: table, file: path)) }
        let report = MigrationSummary(tables: results)
        print(SummaryTable(report).text)
        if let summary { try write(report, to: summary) }
        if results.contains(where: { $0.outcome == .rolledBack }) { throw ExitCode(3) }
    }

    /// The (table, file) pairs to load, parents first.
    private func plan(_ dictionary: DataDictionary) throws -> [(String, String)] {
        if let table, let file {
            _ = try dictionary.requireTable(table)
            return [(table, file)]
        }
        let folder = dir ?? "."
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw IngestError(code: .fileUnreadable, message: "cannot list the folder \(folder)")
        }
        let csvFiles = Set(names.filter { $0.hasSuffix(".csv") })
        for name in csvFiles.sorted() where dictionary.table(named: String(name.dropLast(4))) == nil {
            try? FileHandle.standardError.write(
                contentsOf: Data("ignoring \(folder)/\(name): no table \(name.dropLast(4)) in the dictionary\n".utf8))
        }
        let jobs = dictionary.tablesInDependencyOrder.compactMap { table in
            csvFiles.contains(table.name + ".csv") ? (table.name, "\(folder)/\(table.name).csv") : nil
        }
        guard !jobs.isEmpty else {
            throw IngestError(code: .fileUnreadable, message: "no <table>.csv files for dictionary tables in \(folder)")
        }
        return jobs
    }

    private func write(_ report: MigrationSummary, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(report).write(to: URL(fileURLWithPath: path))
    }
}
