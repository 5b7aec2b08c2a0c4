-- File stores (applied by `sluice schema apply`, `serve` and `scheduler`, after jobs.sql and hosts.sql).
-- A store is a directory (`--store`, default the data directory) named by the random id in its
-- `store.id` file: hosts that mount one shared directory see one id, two local directories that
-- happen to have the same path on two hosts have two. Uploads and backups record the store and the
-- host that wrote them, runs that read such a file the store they need, and each process the store
-- it has, so that a run is claimed only where its file is. Every time is UTC.

-- Backups in a store, registered once their folder is complete (the manifest is the folder's too).
CREATE TABLE IF NOT EXISTS sluice_backups (
  id VARCHAR(32) NOT NULL,
  store_id VARCHAR(64) NOT NULL,
  host_name VARCHAR(255) NOT NULL,
  manifest JSON NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id, store_id),
  KEY ix_sluice_backups_store (store_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The store holding an upload's file and the host that received it (NULL: uploaded before stores).
ALTER TABLE sluice_uploads ADD COLUMN IF NOT EXISTS store_id VARCHAR(64) NULL;
ALTER TABLE sluice_uploads ADD COLUMN IF NOT EXISTS host_name VARCHAR(255) NULL;
-- The store a run's file is in: only a scheduler that has that store claims it (NULL: any).
ALTER TABLE sluice_job_runs ADD COLUMN IF NOT EXISTS store_id VARCHAR(64) NULL;
-- The store a process has.
ALTER TABLE sluice_hosts ADD COLUMN IF NOT EXISTS store_id VARCHAR(64) NULL;
