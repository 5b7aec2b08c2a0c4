import Accounts
import ArgumentParser
import MariaDB

/// `sluice users create|list|disable|enable|reset-password`: the people who sign in to the admin
/// site. Passwords are read from standard input, never from the command line, and stored as scrypt.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Create, list, disable and enable users, and reset their passwords.",
        subcommands: [Create.self, List.self, Disable.self, Enable.self, ResetPassword.self])

    /// `sluice users create`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a user; the password is the first line of standard input.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "The sign-in name.") var name: String
        @Option(name: .long, help: "viewer, operator or admin.") var role: String
        @Flag(name: .long, help: "Read the password from standard input (required: never pass it as an argument).")
        var passwordStdin = false

        func validate() throws {
            guard passwordStdin else {
                throw ValidationError("pass --password-stdin and the password on standard input")
            }
            _ = try Role(parsing: role)
        }

        func run() throws {
            let password = try readPassword()
            let connection = try Connection(url: try global.resolveDatabase())
            let user = try UserStore().create(
                name: name, role: try Role(parsing: role), password: password, on: connection)
            try CLIAudit.record("user.create", target: user.name, on: connection)
            print("created \(user.role.rawValue) \(user.name)")
        }
    }

    /// `sluice users list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List users (never their passwords).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let connection = try Connection(url: try global.resolveDatabase())
            for user in try UserStore().list(on: connection) {
                let state = user.disabledAt.map { "disabled \($0)" } ?? "active"
                let seen = user.lastSignInAt.map { "last sign-in \($0)" } ?? "never signed in"
                print("\(user.name)  \(user.role.rawValue)  \(state)  \(seen)")
            }
        }
    }

    /// `sluice users disable`.
    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Disable a user and end their sessions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String

        func run() throws { try setDisabled(true, name: name, global: global) }
    }

    /// `sluice users enable`.
    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Enable a disabled user again.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String

        func run() throws { try setDisabled(false, name: name, global: global) }
    }

    /// `sluice users reset-password`.
    struct ResetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Set a user's password (the first line of standard input) and end their sessions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String

        func run() throws {
            let password = try readPassword()
            let connection = try Connection(url: try global.resolveDatabase())
            try UserStore().resetPassword(name: name, password: password, on: connection)
            try CLIAudit.record("user.reset_password", target: name, on: connection)
            print("reset the password of \(name)")
        }
    }
}

/// The first line of standard input, checked for length before any database work.
private func readPassword() throws -> String {
    guard let line = readLine(strippingNewline: true) else {
        throw ValidationError("no password on standard input")
    }
    try PasswordHash.check(line)
    return line
}

/// Disables or enables the user `name`, and records it in the audit trail.
private func setDisabled(_ disabled: Bool, name: String, global: GlobalOptions) throws {
    let connection = try Connection(url: try global.resolveDatabase())
    try UserStore().setDisabled(disabled, name: name, on: connection)
    try CLIAudit.record(disabled ? "user.disable" : "user.enable", target: name, on: connection)
    print("\(disabled ? "disabled" : "enabled") \(name)")
}
