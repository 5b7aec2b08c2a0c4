import ArgumentParser
import Foundation
import Jobs
import MariaDB

/// `sluice worker --run ID`: executes one queued run; started by the scheduler, not by people.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Execute one job run (started by the scheduler).", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions
    @Option(name: .customLong("run"), help: "The run's id.") var runID: Int64

    func run() throws {
        let url = try global.resolveDatabase()
        let runner = WorkerRunner(
            kinds: RegisteredKinds.current, connect: { try Connection(url: url) },
            dictionaryPath: { try dictionaryOptions.path() }, rejectDirectory: global.dataDirectory + "/rejects",
            fileStore: try global.fileStore())
        let status = runner.run(runID)
        if status != 0 { throw ExitCode(status) }
    }
}
