import Accounts

/// What a route needs of its caller. Every route names one (``Route/permission``); a key's scopes and
/// a user's role are mapped to the permissions they grant here, and only here.
enum Permission: String, Sendable, CaseIterable, Codable {
    /// Know who the caller is (`GET`/`DELETE /api/v1/session`): every caller has it.
    case identify
    /// Read the rows of the dictionary's tables.
    case read
    /// Send rows to the ingestion API, correct and delete rows.
    case ingest
    /// Read reports.
    case reports
    /// Read runs and their logs, schedules, backups, uploads and rejects.
    case view
    /// Upload files, queue and cancel runs, create, change and delete schedules.
    case operate
    /// Restore backups, manage keys and users, read the audit trail.
    case admin

    /// What a key with `scopes` may do: `admin` everything; `operator` what the operator role may,
    /// except correcting rows (automation that runs jobs writes no rows); `ingest` also reads rows.
    static func granted(to scopes: [APIKeyStore.Scope]) -> Set<Permission> {
        scopes.reduce(into: [.identify]) { granted, scope in
            switch scope {
            case .read: granted.insert(.read)
            case .ingest: granted.formUnion([.read, .ingest])
            case .reports: granted.insert(.reports)
            case .`operator`: granted.formUnion([.read, .reports, .view, .operate])
            case .admin: granted.formUnion(allCases)
            }
        }
    }

    /// What a person with `role` may do: a viewer reads every page, an operator also uploads, runs,
    /// cancels, edits schedules and corrects rows, an admin may do everything.
    static func granted(to role: Role) -> Set<Permission> {
        switch role {
        case .viewer: [.identify, .read, .reports, .view]
        case .`operator`: [.identify, .read, .reports, .view, .operate, .ingest]
        case .admin: Set(allCases)
        }
    }
}
