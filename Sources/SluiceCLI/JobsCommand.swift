import ArgumentParser
import Errors
import Foundation
import JSON
import Jobs

/// `sluice jobs list|show|run|cancel|retry|reload|schedules|enable|disable`: job history and control.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Show and control job runs and schedules.",
        subcommands: [
            List.self, Show.self, Run.self, Cancel.self, Retry.self, Reload.self, Schedules.self, Enable.self,
            Disable.self,
        ])

    /// `sluice jobs list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs, newest first.")
        @OptionGroup var jobs: JobsServiceOptions
        @Option(name: .long, help: "Only runs in this state (queued, running, succeeded, failed, cancelled, lost).")
        var status: String?
        @Option(name: .long, help: "Only runs of this kind.") var kind: String?
        @Option(name: .long, help: "Only runs of this job.") var job: String?
        @Option(name: .long, help: "Only runs enqueued since: an ISO 8601 time, or an age like 30m, 2h, 7d.") var since:
            String?
        @Option(name: .long, help: "At most this many runs.") var limit = 50

        func validate() throws {
            if let status, RunState(rawValue: status) == nil { throw ValidationError("unknown --status '\(status)'") }
            if let since, RunTable.parseSince(since) == nil {
                throw ValidationError("--since takes an ISO 8601 time or an age like 2h")
            }
        }

        func run() throws {
            let filter = RunFilter(
                state: status.flatMap(RunState.init(rawValue:)), kind: kind, job: job,
                since: since.flatMap(RunTable.parseSince),
                limit: limit)
            print(RunTable(try jobs.service().listRuns(filter)).text)
        }
    }

    /// `sluice jobs show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one run and its log.")
        @OptionGroup var jobs: JobsServiceOptions
        @Argument(help: "The run's id.") var id: Int64

        func run() throws {
            let service = try jobs.service()
            print(RunTable.detail(try service.run(id)))
            for line in try service.log(id) { print("  [\(line.stream)] \(line.line)") }
        }
    }

    /// `sluice jobs run NAME`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Queue a run of a job now (a scheduler executes it).")
        @OptionGroup var jobs: JobsServiceOptions
        @Argument(help: "The job's name.") var name: String
        @Option(name: .long, help: "Parameters as a JSON object, instead of the job's own.") var params: String?

        private func parsedParams() throws -> JSONValue? {
            guard let params else { return nil }
            guard let value = try? JSON.decode(JSONValue.self, from: params), value.object != nil else {
                throw JobsError(.invalidParams, "params must be a JSON object")
            }
            return value
        }

        func run() throws {
            let run = try jobs.service().submit(
                job: name, params: try parsedParams(), trigger: "user", by: JobsServiceOptions.byline)
            print("queued run \(run.id) of \(run.job)")
        }
    }

    /// `sluice jobs cancel ID`.
    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel", abstract: "Cancel a queued run, or stop a running one.")
        @OptionGroup var jobs: JobsServiceOptions
        @Argument(help: "The run's id.") var id: Int64

        func run() throws {
            let run = try jobs.service().cancel(id)
            print(run.state == .cancelled ? "run \(id) cancelled" : "run \(id): stop requested")
        }
    }

    /// `sluice jobs retry ID`.
    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Queue a new attempt of a failed, cancelled or lost run.")
        @OptionGroup var jobs: JobsServiceOptions
        @Argument(help: "The run's id.") var id: Int64

        func run() throws {
            let run = try jobs.service().retry(id, trigger: "user", by: JobsServiceOptions.byline)
            print("queued run \(run.id) (attempt \(run.attempt) of \(run.job))")
        }
    }

    /// `sluice jobs reload`.
    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reload",
            abstract: "Check the job definitions and make every scheduler reload them.")
        @OptionGroup var jobs: JobsServiceOptions

        func run() throws {
            let catalog = try jobs.service().reload()
            for error in catalog.errors { FileHandle.standardError.write(Data("invalid: \(error.message)\n".utf8)) }
            print("reload requested: \(catalog.definitions.count) valid, \(catalog.errors.count) invalid")
            if !catalog.errors.isEmpty { throw ExitCode(2) }
        }
    }

    /// `sluice jobs schedules`.
    struct Schedules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedules", abstract: "List the schedules with their next and last run.")
        @OptionGroup var jobs: JobsServiceOptions

        func run() throws { try Self.list(try jobs.service()) }

        /// Prints one line per schedule (with where it is defined) and one per invalid definition.
        static func list(_ service: JobService) throws {
            let (schedules, errors) = try service.schedules()
            for schedule in schedules {
                let last = schedule.lastRun.map { "run \($0.id) \($0.state.rawValue)" } ?? "never"
                let next = schedule.nextRun.map { InstantText.string($0) } ?? "-"
                print(
                    "\(schedule.name)  \(schedule.kind)  \(schedule.schedule ?? "manual") \(schedule.timeZone)  "
                        + "\(schedule.enabled ? "enabled" : "disabled")  next \(next)  last \(last)  from \(schedule.source)"
                )
            }
            for error in errors { print("invalid: \(error.message)") }
        }
    }

    /// `sluice jobs enable NAME`.
    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Enable a job's schedule on every scheduler.")
        @OptionGroup var jobs: JobsServiceOptions
        @Argument(help: "The job's name.") var name: String

        func run() throws { try jobs.service().setEnabled(name, true) }
    }

    /// `sluice jobs disable NAME`.
    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Disable a job's schedule on every scheduler.")
        @OptionGroup var jobs: JobsServiceOptions
        @Argument(help: "The job's name.") var name: String

        func run() throws { try jobs.service().setEnabled(name, false) }
    }
}
