import Errors
/// What a person may do: each role includes the ones before it.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Reads every page: runs, schedules, backups, uploads, data, reports.
    case viewer
    /// Also uploads files, runs and cancels jobs, edits schedules and corrects rows.
    case `operator`
    /// Also restores backups and manages keys and users, and reads the audit trail.
    case admin

    /// The role named `text`, or `invalid_role`.
    public init(parsing text: String) throws {
        guard let role = Role(rawValue: text) else {
            throw AccountsError(.invalidRole, "unknown role '\(text)'; use viewer, operator or admin")
        }
        self = role
    }
}
