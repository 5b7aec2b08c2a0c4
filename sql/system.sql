-- Sluice's own tables. Applied by `sluice schema apply` (and before every migration), idempotently.
-- The data tables themselves are generated from sql/dictionary.json.

-- The digest of every statement the schema was last installed with (this file, jobs.sql, hosts.sql,
-- stores.sql, the dictionary's tables, counts/tables.sql): a process that starts with the same
-- statements runs none of them, so no DDL reaches a Galera cluster, where each would run in total
-- order isolation even when it changes nothing.
CREATE TABLE IF NOT EXISTS sluice_schema_state (
  id TINYINT NOT NULL,
  digest CHAR(64) NOT NULL,
  installed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id)
) ENGINE=InnoDB;

-- One row per (table, file content): where a migration has got to, so a re-run of the same file
-- loads nothing twice and an interrupted one resumes after its last committed batch.
CREATE TABLE IF NOT EXISTS sluice_loads (
  id BIGINT NOT NULL AUTO_INCREMENT,
  table_name VARCHAR(64) NOT NULL,
  source VARCHAR(1024) NOT NULL,
  source_sha256 CHAR(64) NOT NULL,
  source_bytes BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  next_offset BIGINT NOT NULL DEFAULT 0,
  next_line BIGINT NOT NULL DEFAULT 1,
  received BIGINT NOT NULL DEFAULT 0,
  inserted BIGINT NOT NULL DEFAULT 0,
  rejected BIGINT NOT NULL DEFAULT 0,
  blank_lines BIGINT NOT NULL DEFAULT 0,
  reject_file VARCHAR(1024) NULL,
  reject_file_bytes BIGINT NOT NULL DEFAULT 0,
  started_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  finished_at DATETIME(6) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_sluice_loads_content (table_name, source_sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every rejected row, from any origin (migration, API, restore): where it came from (and for the
-- API, which key sent it), the raw row as received (cut at 1 MiB), and every reason as a JSON
-- array of {column, rule, message}.
CREATE TABLE IF NOT EXISTS sluice_rejects (
  id BIGINT NOT NULL AUTO_INCREMENT,
  origin VARCHAR(16) NOT NULL,
  load_id BIGINT NULL,
  request_id VARCHAR(64) NULL,
  key_id VARCHAR(32) NULL,
  table_name VARCHAR(64) NOT NULL,
  source VARCHAR(1024) NOT NULL,
  position BIGINT NOT NULL,
  raw LONGBLOB NOT NULL,
  reasons JSON NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  KEY ix_sluice_rejects_table_time (table_name, created_at),
  KEY ix_sluice_rejects_load (load_id),
  KEY ix_sluice_rejects_key (key_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- Databases made before rejects knew their key.
ALTER TABLE sluice_rejects ADD COLUMN IF NOT EXISTS key_id VARCHAR(32) NULL AFTER request_id;
CREATE INDEX IF NOT EXISTS ix_sluice_rejects_key ON sluice_rejects (key_id, id);

-- API keys: only a SHA-256 of each key is stored; `key_id` is the public part that finds the row.
CREATE TABLE IF NOT EXISTS sluice_api_keys (
  key_id VARCHAR(32) NOT NULL,
  name VARCHAR(200) NOT NULL,
  secret_sha256 CHAR(64) NOT NULL,
  scopes VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  revoked_at DATETIME(6) NULL,
  last_used_at DATETIME(6) NULL,
  PRIMARY KEY (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- Databases made before keys knew when they were last used.
ALTER TABLE sluice_api_keys ADD COLUMN IF NOT EXISTS last_used_at DATETIME(6) NULL AFTER revoked_at;

-- People who sign in to the admin site. `password_hash` is scrypt with its salt and parameters
-- (scrypt$<log2 N>$<r>$<p>$<salt>$<key>). Users are disabled, never deleted.
CREATE TABLE IF NOT EXISTS sluice_users (
  id BIGINT NOT NULL AUTO_INCREMENT,
  name VARCHAR(64) NOT NULL,
  role VARCHAR(16) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  disabled_at DATETIME(6) NULL,
  last_sign_in_at DATETIME(6) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_sluice_users_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Signed-in sessions: only a SHA-256 of the cookie's random id is stored. A session ends at
-- `expires_at` (absolute) or when `last_seen_at` is older than the idle limit.
CREATE TABLE IF NOT EXISTS sluice_sessions (
  id_sha256 CHAR(64) NOT NULL,
  user_id BIGINT NOT NULL,
  address VARCHAR(64) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  last_seen_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  expires_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id_sha256),
  KEY ix_sluice_sessions_user (user_id),
  KEY ix_sluice_sessions_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed sign-ins by subject (`name:<name>` or `address:<address>`), for throttling: after too
-- many, the subject is held back until `blocked_until`. Kept here so every host shares them.
CREATE TABLE IF NOT EXISTS sluice_sign_in_failures (
  subject VARCHAR(255) NOT NULL,
  failures INT NOT NULL,
  last_failure_at DATETIME(6) NOT NULL,
  blocked_until DATETIME(6) NULL,
  PRIMARY KEY (subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The audit trail, append-only: every sign-in, upload, run submitted or cancelled, schedule
-- change, restore, key and user change, with who (a user, a key, the CLI), from where, the
-- request id and the outcome (`ok` or the refusal's code).
CREATE TABLE IF NOT EXISTS sluice_audit (
  id BIGINT NOT NULL AUTO_INCREMENT,
  at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  actor_kind VARCHAR(16) NOT NULL,
  actor VARCHAR(255) NOT NULL,
  action VARCHAR(64) NOT NULL,
  target VARCHAR(255) NOT NULL,
  address VARCHAR(64) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  outcome VARCHAR(64) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_sluice_audit_time (at),
  KEY ix_sluice_audit_actor (actor, id),
  KEY ix_sluice_audit_action (action, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Responses of requests sent with an Idempotency-Key, replayed when the same request is retried.
CREATE TABLE IF NOT EXISTS sluice_idempotency (
  idempotency_key VARCHAR(200) NOT NULL,
  key_id VARCHAR(32) NOT NULL,
  request_sha256 CHAR(64) NOT NULL,
  status SMALLINT NOT NULL,
  response LONGBLOB NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (key_id, idempotency_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Files uploaded through POST /api/v1/uploads, stored under <data-dir>/uploads by content hash:
-- the same bytes uploaded twice are one upload.
CREATE TABLE IF NOT EXISTS sluice_uploads (
  id BIGINT NOT NULL AUTO_INCREMENT,
  sha256 CHAR(64) NOT NULL,
  bytes BIGINT NOT NULL,
  filename VARCHAR(255) NULL,
  content_type VARCHAR(255) NULL,
  stored_as VARCHAR(80) NOT NULL,
  key_id VARCHAR(32) NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY uq_sluice_uploads_sha256 (sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
