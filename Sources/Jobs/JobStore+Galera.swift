import Errors
import MariaDB

extension JobStore {
    /// Whether `connection` reaches a Galera cluster node (`wsrep_on`). On one, makes the session's
    /// reads causal (`wsrep_sync_wait = 1`: a read waits until this node has applied every write the
    /// cluster committed before it, so a lease renewed or a run claimed on another node is seen
    /// here), and throws `galera_unsupported` unless the node runs `innodb_autoinc_lock_mode = 2`:
    /// Galera's requirement, which the server does not enforce (it does `binlog_format = ROW`);
    /// other modes can deadlock the cluster's parallel appliers on inserts such as a queued retry.
    ///
    /// Certification conflicts (a row written on two nodes at once) are the store's to retry; row
    /// locks (`FOR UPDATE SKIP LOCKED`) hold on one node only, so two nodes may pick the same run,
    /// and certification lets one of them claim it.
    static func prepareForGalera(_ connection: Connection) throws -> Bool {
        var settings: [String: String] = [:]
        for row in try connection.query(
            """
            SELECT UPPER(VARIABLE_NAME), UPPER(VARIABLE_VALUE) FROM information_schema.GLOBAL_VARIABLES
            WHERE VARIABLE_NAME IN ('WSREP_ON', 'INNODB_AUTOINC_LOCK_MODE')
            """)
        {
            settings[row[0].description] = row[1].description
        }
        guard settings["WSREP_ON"] == "ON" else { return false }
        guard settings["INNODB_AUTOINC_LOCK_MODE"] == "2" else {
            throw JobsError(
                .galeraUnsupported,
                "this database is a Galera node with innodb_autoinc_lock_mode = "
                    + "\(settings["INNODB_AUTOINC_LOCK_MODE"] ?? "unset"): Galera, and so Sluice's job queue, "
                    + "need innodb_autoinc_lock_mode = 2 on every node")
        }
        try connection.execute("SET SESSION wsrep_sync_wait = 1")
        return true
    }
}
