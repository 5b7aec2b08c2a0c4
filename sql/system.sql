-- Sluice's own tables. Applied by `sluice schema apply` (and before every migration), idempotently.
-- The data tables themselves are generated from sql/dictionary.json.

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
  PRIMARY KEY (key_id)
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
