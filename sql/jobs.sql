-- The job queue and history (applied by `sluice schema apply` and by the scheduler at start).
-- Every time is UTC. One row per attempt: a retry is a new row pointing at the run it retries.

-- Runs: queued, then claimed by one scheduler under a lease it renews with heartbeats.
-- uq_slot makes enqueueing exactly-once per schedule slot across schedulers; uq_retry makes a
-- run retried at most once; uq_exclusive lets at most one run of a non-overlapping job run.
CREATE TABLE IF NOT EXISTS sluice_job_runs (
  id BIGINT NOT NULL AUTO_INCREMENT,
  job_name VARCHAR(128) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  run_trigger VARCHAR(16) NOT NULL,
  slot DATETIME(6) NULL,
  params JSON NOT NULL,
  state VARCHAR(16) NOT NULL DEFAULT 'queued',
  attempt INT NOT NULL DEFAULT 1,
  retry_of BIGINT NULL,
  max_retries INT NOT NULL DEFAULT 0,
  backoff_ms BIGINT NOT NULL DEFAULT 30000,
  timeout_ms BIGINT NOT NULL DEFAULT 3600000,
  allow_overlap TINYINT NOT NULL DEFAULT 0,
  exclusive_job VARCHAR(128) NULL,
  not_before DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  enqueued_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  started_at DATETIME(6) NULL,
  finished_at DATETIME(6) NULL,
  worker_pid INT NULL,
  worker_host VARCHAR(255) NULL,
  lease_owner VARCHAR(255) NULL,
  lease_expires_at DATETIME(6) NULL,
  heartbeat_at DATETIME(6) NULL,
  cancel_requested TINYINT NOT NULL DEFAULT 0,
  exit_cause VARCHAR(255) NULL,
  summary JSON NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_sluice_job_runs_slot (job_name, slot),
  UNIQUE KEY uq_sluice_job_runs_retry (retry_of),
  UNIQUE KEY uq_sluice_job_runs_exclusive (exclusive_job),
  KEY ix_sluice_job_runs_queue (state, not_before, id),
  KEY ix_sluice_job_runs_lease (state, lease_expires_at),
  KEY ix_sluice_job_runs_time (enqueued_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who or what queued a run, in words: the schedule's name, the API key's name and id, the user,
-- `retry of run N`. run_trigger keeps the category (schedule, api, user).
ALTER TABLE sluice_job_runs ADD COLUMN IF NOT EXISTS triggered_by VARCHAR(255) NULL AFTER run_trigger;
-- Per-job counts, last success and last duration for /metrics, read from the index alone.
CREATE INDEX IF NOT EXISTS ix_sluice_job_runs_job_state ON sluice_job_runs (job_name, state, finished_at);

-- What workers printed, line by line.
CREATE TABLE IF NOT EXISTS sluice_job_logs (
  run_id BIGINT NOT NULL,
  seq INT NOT NULL,
  stream VARCHAR(8) NOT NULL,
  line TEXT NOT NULL,
  logged_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (run_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per-schedule overrides set through the CLI or API (enable/disable), and the reload counter.
CREATE TABLE IF NOT EXISTS sluice_job_control (
  name VARCHAR(128) NOT NULL,
  enabled TINYINT NULL,
  generation BIGINT NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Schedules created over the API or the CLI, beside the read-only ones of jobs/ files. The
-- definition is the same JSON object a file holds; each change bumps the reload generation.
CREATE TABLE IF NOT EXISTS sluice_schedules (
  name VARCHAR(128) NOT NULL,
  definition JSON NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
