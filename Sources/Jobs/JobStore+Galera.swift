import Errors
import MariaDB

extension JobStore {
    /// The server settings a Galera node needs for the claim protocol, with the value each must have.
    static let galeraRequirements = [("BINLOG_FORMAT", "ROW"), ("INNODB_AUTOINC_LOCK_MODE", "2")]

    /// Whether `connection` reaches a Galera cluster node (`wsrep_on`); on one, checks the settings
    /// the claim protocol relies on (throwing `galera_unsupported` when one differs) and makes the
    /// session's reads causal (`wsrep_sync_wait = 1`: a read waits until this node has applied
    /// every write the cluster committed before it, so a lease renewed or a run claimed on another
    /// node is seen here).
    ///
    /// Certification conflicts (a row written on two nodes at once) are the store's to retry; row
    /// locks (`FOR UPDATE SKIP LOCKED`) hold on one node only, so two nodes may pick the same run,
    /// and certification lets one of them claim it.
    static func prepareForGalera(_ connection: Connection) throws -> Bool {
        let names = ["WSREP_ON"] + galeraRequirements.map(\.0)
        var settings: [String: String] = [:]
        for row in try connection.query(
            "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME IN (?, ?, ?)",
            names.map { .string($0) })
        {
            settings[row[0].description.uppercased()] = row[1].description.uppercased()
        }
        guard settings["WSREP_ON"] == "ON" else { return false }
        for (name, value) in galeraRequirements where settings[name] != value {
            throw JobsError(
                .galeraUnsupported,
                "this database is a Galera node with \(name.lowercased()) = \(settings[name] ?? "unset"): "
                    + "Sluice's job queue needs \(name.lowercased()) = \(value) there to run each run once")
        }
        try connection.execute("SET SESSION wsrep_sync_wait = 1")
        return true
    }
}
