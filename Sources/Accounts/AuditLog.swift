public import Foundation
public import MariaDB

/// The audit trail: who did what to what, when, from where, and how it ended. Rows are only ever
/// appended; nothing in Sluice updates or deletes them.
public struct AuditLog: Sendable {
    /// One thing someone did.
    public struct Entry: Sendable, Codable, Equatable {
        /// The row id, increasing: the paging key.
        public var id: Int64 = 0
        /// When it happened, set by the database.
        public var at: Date?
        /// `user`, `key`, `cli` or `anonymous`.
        public var actorKind: String
        /// The user's name, the key's id, the CLI's system user, or the name tried at a failed sign-in.
        public var actor: String
        /// What was done, e.g. `session.sign_in`, `run.submit`, `schedule.update`.
        public var action: String
        /// What it was done to (a run id, a schedule's name, a table), or "".
        public var target: String
        /// The client's address ("" from the CLI).
        public var address: String
        /// The request id ("" from the CLI).
        public var requestID: String
        /// `ok`, or the stable code of the refusal or failure.
        public var outcome: String

        /// Creates an entry to append.
        public init(
            actorKind: String, actor: String, action: String, target: String = "", address: String = "",
            requestID: String = "", outcome: String = "ok"
        ) {
            self.actorKind = actorKind
            self.actor = actor
            self.action = action
            self.target = target
            self.address = address
            self.requestID = requestID
            self.outcome = outcome
        }
    }

    /// Which entries to list: each filter set narrows the list.
    public struct Filter: Sendable {
        /// The actor's name or id, exactly.
        public var actor: String?
        /// The action, exactly, or a prefix ending in `.` (`run.` for every run action).
        public var action: String?
        /// At or after this instant.
        public var since: Date?
        /// Before this instant.
        public var until: Date?
        /// Entries older than this id: the previous page's `next_before`.
        public var before: Int64?
        /// At most this many entries.
        public var limit: Int = 100

        /// A filter that lists the newest 100 entries.
        public init() {}
    }

    /// Creates a log.
    public init() {}

    /// Appends `entry` (its id and time are the database's).
    public func append(_ entry: Entry, on connection: Connection) throws {
        _ = try connection.execute(
            "INSERT INTO sluice_audit (actor_kind, actor, action, target, address, request_id, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [entry.actorKind, entry.actor, entry.action, entry.target, entry.address, entry.requestID, entry.outcome]
                .map { Value.string(String($0.prefix(255))) })
    }

    /// The entries `filter` selects, newest first.
    public func list(_ filter: Filter, on connection: Connection) throws -> [Entry] {
        var conditions: [String] = []
        var binds: [Value] = []
        func add(_ condition: String, _ value: Value) {
            conditions.append(condition)
            binds.append(value)
        }
        if let actor = filter.actor { add("actor = ?", .string(actor)) }
        if let action = filter.action {
            action.hasSuffix(".")
                ? add("action LIKE CONCAT(?, '%')", .string(action.replacing("_", with: "\\_")))
                : add("action = ?", .string(action))
        }
        if let since = filter.since { add("at >= ?", DBTime.value(since)) }
        if let until = filter.until { add("at < ?", DBTime.value(until)) }
        if let before = filter.before { add("id < ?", .int(before)) }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try connection.query(
            "SELECT id, CAST(at AS CHAR), actor_kind, actor, action, target, address, request_id, outcome FROM sluice_audit \(clause) ORDER BY id DESC LIMIT \(max(1, min(filter.limit, 1000)))",
            binds
        ).map { row in
            var entry = Entry(
                actorKind: row[2].description, actor: row[3].description, action: row[4].description,
                target: row[5].description, address: row[6].description, requestID: row[7].description,
                outcome: row[8].description)
            entry.id = row[0].int ?? 0
            entry.at = DBTime.date(row[1])
            return entry
        }
    }
}
