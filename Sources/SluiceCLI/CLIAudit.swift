import Accounts
import Foundation
import MariaDB

/// Records what an administrator did from the command line (keys and users) in the audit trail,
/// as the system user who ran the command.
enum CLIAudit {
    /// Appends `action` on `target` by the CLI's user.
    static func record(_ action: String, target: String, on connection: Connection) throws {
        try AuditLog().append(
            AuditLog.Entry(actorKind: "cli", actor: ProcessInfo.processInfo.userName, action: action, target: target),
            on: connection)
    }
}
