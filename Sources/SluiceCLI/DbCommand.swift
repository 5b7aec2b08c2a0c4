import ArgumentParser
import LocalMariaDB
import MariaDB

/// `sluice db start|stop|status|url`: the managed local MariaDB.
struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Manage the private MariaDB server under the data directory.",
        subcommands: [Start.self, Stop.self, Status.self, URLCommand.self])

    /// `sluice db start`.
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start", abstract: "Initialise (once) and start the managed server.")
        @OptionGroup var global: GlobalOptions
        @Option(
            name: .long,
            help:
                "Another mariadbd option for this start, written whole, e.g. --server-option=--log-bin (repeatable)."
        )
        var serverOption: [String] = []

        func run() throws {
            print("started: \(try global.localServer.start(serverOptions: serverOption))")
        }
    }

    /// `sluice db stop`.
    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the managed server.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.localServer.stop()
            print("stopped")
        }
    }

    /// `sluice db status`.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Say whether the managed server runs, and where.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            switch global.localServer.status() {
            case .running(let pid, let port, let socket): print("running: pid \(pid), port \(port), socket \(socket)")
            case .stopped: print("stopped")
            }
        }
    }

    /// `sluice db url`.
    struct URLCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url", abstract: "Print the URL of the managed server.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            print(try global.localServer.url.connectionString)
        }
    }
}
