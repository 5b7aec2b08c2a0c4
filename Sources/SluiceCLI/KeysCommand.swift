import API
import ArgumentParser
import MariaDB

/// `sluice keys create|list|revoke`: API keys (only their hash is stored).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

    /// `sluice keys create`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a key and print it once.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Who or what the key is for.") var name: String
        @Option(name: .long, help: "read, ingest, reports, operator or admin (repeatable).") var scope: [String] = [
            "ingest"
        ]

        func run() throws {
            let scopes = try scope.map { text in
                guard let scope = APIKeyStore.Scope(rawValue: text) else {
                    throw ValidationError("unknown scope '\(text)'; use read, ingest, reports, operator or admin")
                }
                return scope
            }
            let connection = try Connection(url: try global.resolveDatabase())
            let key = try APIKeyStore().create(name: name, scopes: scopes, on: connection)
            try CLIAudit.record("key.create", target: String(key.split(separator: "_")[1]), on: connection)
            print(key)
        }
    }

    /// `sluice keys list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List keys (never their secrets).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let connection = try Connection(url: try global.resolveDatabase())
            for key in try APIKeyStore().list(on: connection) {
                let state = key.revokedAt.map { "revoked \($0)" } ?? "active"
                print("\(key.id)  \(key.scopes.map(\.rawValue).joined(separator: ","))  \(state)  \(key.name)")
            }
        }
    }

    /// `sluice keys revoke`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key by its id.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key id (the part after slk_).") var id: String

        func run() throws {
            let connection = try Connection(url: try global.resolveDatabase())
            guard try APIKeyStore().revoke(id: id, on: connection) else { throw ValidationError("no active key \(id)") }
            try CLIAudit.record("key.revoke", target: id, on: connection)
            print("revoked \(id)")
        }
    }
}
