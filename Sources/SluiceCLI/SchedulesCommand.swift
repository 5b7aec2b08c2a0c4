import ArgumentParser
import Errors
import Foundation
import JSON
import Jobs

/// `sluice schedules list|show|create|edit|delete`: the schedules of job files and those stored in
/// the database; only stored ones can be created, edited and deleted, with the API's rules.
struct SchedulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "List, show, create, edit and delete schedules.",
        subcommands: [List.self, Show.self, Create.self, Edit.self, Delete.self])

    /// Where a definition comes from: `--json TEXT` or `--file PATH` (`-` for standard input).
    struct DefinitionOptions: ParsableArguments {
        @Option(name: .long, help: "The definition as a JSON object.") var json: String?
        @Option(name: .long, help: "A file holding the definition as a JSON object ('-': standard input).")
        var file: String?

        func validate() throws {
            guard (json == nil) != (file == nil) else { throw ValidationError("give either --json or --file") }
        }

        /// The definition read and decoded; throws `invalid_job_definition` when it is not JSON.
        func value() throws -> JSONValue {
            var text = json ?? ""
            if let file {
                let handle = file == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: file)
                guard let handle else { throw ValidationError("cannot read \(file)") }
                text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            }
            guard let value = try? JSON.decode(JSONValue.self, from: text) else {
                throw JobsError(.invalidDefinition, "the definition is not valid JSON")
            }
            return value
        }
    }

    /// `sluice schedules list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every schedule with its source, next and last run.")
        @OptionGroup var jobs: JobsServiceOptions

        func run() throws { try JobsCommand.Schedules.list(try jobs.service()) }
    }

    /// `sluice schedules show NAME`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a schedule's definition as JSON.")
        @OptionGroup var jobs: JobsServiceOptions
        @Argument(help: "The schedule's name.") var name: String

        func run() throws {
            print(String(decoding: try JSON.encodePretty(try jobs.service().schedule(name)), as: UTF8.self))
        }
    }

    /// `sluice schedules create --json|--file`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Store a new schedule (its definition names it); every scheduler follows it within seconds.")
        @OptionGroup var jobs: JobsServiceOptions
        @OptionGroup var definition: DefinitionOptions

        func run() throws {
            let value = try definition.value()
            _ = try jobs.service().createSchedule(value)
            if case .string(let name)? = value.object?["name"] { print("created schedule \(name)") }
        }
    }

    /// `sluice schedules edit NAME --json|--file`.
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Replace a stored schedule's whole definition.")
        @OptionGroup var jobs: JobsServiceOptions
        @Argument(help: "The schedule's name.") var name: String
        @OptionGroup var definition: DefinitionOptions

        func run() throws {
            _ = try jobs.service().replaceSchedule(name, try definition.value())
            print("replaced schedule \(name)")
        }
    }

    /// `sluice schedules delete NAME`.
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a stored schedule; its runs stay in the history.")
        @OptionGroup var jobs: JobsServiceOptions
        @Argument(help: "The schedule's name.") var name: String

        func run() throws {
            try jobs.service().deleteSchedule(name)
            print("deleted schedule \(name)")
        }
    }
}
