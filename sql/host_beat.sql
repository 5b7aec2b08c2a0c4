-- A process's heartbeat in one role: registers the row the first time, then renews its lease and
-- records the runs its workers execute (a JSON array of run ids) and the file store it has (sql/stores.sql).
-- A beat after a stop revives it.
INSERT INTO sluice_hosts (instance_id, role, host_name, pid, version, public_url, started_at, heartbeat_at,
  lease_expires_at, workers, store_id)
VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND, ?, ?)
ON DUPLICATE KEY UPDATE heartbeat_at = VALUES(heartbeat_at), lease_expires_at = VALUES(lease_expires_at),
  workers = VALUES(workers), public_url = VALUES(public_url), store_id = VALUES(store_id), stopped_at = NULL
