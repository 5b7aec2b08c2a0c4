import Errors
public import JSON
import MariaDB

extension JobStore {
    /// The stored schedules' definitions (JSON objects), by name.
    public func storedSchedules() throws -> [String: JSONValue] {
        var schedules: [String: JSONValue] = [:]
        for row in try connection.query("SELECT name, definition FROM sluice_schedules") {
            schedules[row[0].description] = try JSON.decode(JSONValue.self, from: row[1].description)
        }
        return schedules
    }

    /// Stores a new schedule and asks every scheduler to reload; throws `name_taken` when a stored
    /// schedule has the name.
    public func createSchedule(_ name: String, _ definition: JSONValue) throws {
        try transaction {
            do {
                try connection.execute(
                    "INSERT INTO sluice_schedules (name, definition) VALUES (?, ?)",
                    [.string(name), .string(try JSON.text(definition))])
            } catch MariaDBError.Code.duplicateEntry {
                throw JobsError(.nameTaken, "a schedule named '\(name)' already exists")
            }
            try clearOverride(name)
        }
    }

    /// Replaces a stored schedule's definition and asks every scheduler to reload; throws `not_found`.
    public func replaceSchedule(_ name: String, _ definition: JSONValue) throws {
        try transaction {
            try requireStored(name)
            try connection.execute(
                "UPDATE sluice_schedules SET definition = ? WHERE name = ?",
                [.string(try JSON.text(definition)), .string(name)])
            try clearOverride(name)
        }
    }

    /// Deletes a stored schedule (its runs stay in the history) and asks every scheduler to reload;
    /// throws `not_found`.
    public func deleteSchedule(_ name: String) throws {
        try transaction {
            try requireStored(name)
            try connection.execute("DELETE FROM sluice_schedules WHERE name = ?", [.string(name)])
            try clearOverride(name)
        }
    }

    private func requireStored(_ name: String) throws {
        let rows = try connection.query("SELECT 1 FROM sluice_schedules WHERE name = ? FOR UPDATE", [.string(name)])
        guard !rows.isEmpty else { throw JobsError(.notFound, "no stored schedule named '\(name)'") }
    }

    /// Drops an enable/disable override, so the definition's own `enabled` holds, and bumps the
    /// reload generation.
    private func clearOverride(_ name: String) throws {
        try connection.execute("DELETE FROM sluice_job_control WHERE name = ?", [.string(name)])
        try requestReload()
    }
}
