-- The processes Sluice runs on every host (applied by `sluice schema apply`, `serve` and `scheduler`).
-- One row per process and role: `sluice serve` writes an `api` row (and a `scheduler` row when it
-- runs one), `sluice scheduler` a `scheduler` row; both rows of one process share its instance_id,
-- which is also the lease owner of the runs its scheduler claims. Every time is UTC.
-- A row whose lease_expires_at passed without a heartbeat is a host that is down; stopped_at is set
-- on a clean shutdown. Rows silent for more than seven days are pruned when a process starts.
CREATE TABLE IF NOT EXISTS sluice_hosts (
  instance_id VARCHAR(255) NOT NULL,
  role VARCHAR(16) NOT NULL,
  host_name VARCHAR(255) NOT NULL,
  pid INT NOT NULL,
  version VARCHAR(64) NOT NULL,
  public_url VARCHAR(1024) NULL,
  started_at DATETIME(6) NOT NULL,
  heartbeat_at DATETIME(6) NOT NULL,
  lease_expires_at DATETIME(6) NOT NULL,
  stopped_at DATETIME(6) NULL,
  workers JSON NOT NULL,
  PRIMARY KEY (instance_id, role),
  KEY ix_sluice_hosts_heartbeat (heartbeat_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
