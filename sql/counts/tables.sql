-- The counts both reports read, kept by every write to hired_employees in the same transaction
-- (migration and API batches, row changes, restores). Applied with the schema when the dictionary
-- has hired_employees, idempotently; the first apply fills them from the rows (fill.sql).

-- Hires per year, department, job and quarter (UTC). `job_id` 0 stands for a hire without a job.
-- A key whose hires fell to 0 may stay; reports skip it.
CREATE TABLE IF NOT EXISTS sluice_hire_counts (
  year SMALLINT NOT NULL,
  department_id BIGINT NOT NULL,
  job_id BIGINT NOT NULL,
  quarter TINYINT NOT NULL,
  hires BIGINT NOT NULL,
  PRIMARY KEY (year, department_id, job_id, quarter)
) ENGINE=InnoDB;

-- What each write changed, appended (never updated) so concurrent batches share no row; the
-- count of a key is its sluice_hire_counts row plus the sum of its deltas. fold.sql moves them
-- into sluice_hire_counts. A row holds up to 8 changed keys (slot 1 in year ... hires, slot n in
-- year_n ... hires_n, NULL when unused): an API batch of 1,000 rows changes about 950 keys, and
-- 119 rows cost InnoDB a fraction of 950 (each row is a B-tree insert and an undo record).
-- sluice_hire_count_delta_keys reads them as one key a row. No key but the id: the reports and
-- fold.sql read every delta (a report folds them first once more than 2,500 rows may have piled
-- up), so a second index would be a second B-tree insert per row for no reader.
CREATE TABLE IF NOT EXISTS sluice_hire_count_deltas (
  id BIGINT NOT NULL AUTO_INCREMENT,
  year SMALLINT NOT NULL,
  department_id BIGINT NOT NULL,
  job_id BIGINT NOT NULL,
  quarter TINYINT NOT NULL,
  hires BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;
-- Installs made before the index was dropped.
ALTER TABLE sluice_hire_count_deltas DROP INDEX IF EXISTS ix_sluice_hire_count_deltas_year;
-- Slots 2 to 8 (an instant ADD COLUMN; on an install made before them, the rows read as slot 1).
ALTER TABLE sluice_hire_count_deltas
  ADD COLUMN IF NOT EXISTS year_2 SMALLINT NULL, ADD COLUMN IF NOT EXISTS department_id_2 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS job_id_2 BIGINT NULL, ADD COLUMN IF NOT EXISTS quarter_2 TINYINT NULL,
  ADD COLUMN IF NOT EXISTS hires_2 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS year_3 SMALLINT NULL, ADD COLUMN IF NOT EXISTS department_id_3 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS job_id_3 BIGINT NULL, ADD COLUMN IF NOT EXISTS quarter_3 TINYINT NULL,
  ADD COLUMN IF NOT EXISTS hires_3 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS year_4 SMALLINT NULL, ADD COLUMN IF NOT EXISTS department_id_4 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS job_id_4 BIGINT NULL, ADD COLUMN IF NOT EXISTS quarter_4 TINYINT NULL,
  ADD COLUMN IF NOT EXISTS hires_4 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS year_5 SMALLINT NULL, ADD COLUMN IF NOT EXISTS department_id_5 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS job_id_5 BIGINT NULL, ADD COLUMN IF NOT EXISTS quarter_5 TINYINT NULL,
  ADD COLUMN IF NOT EXISTS hires_5 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS year_6 SMALLINT NULL, ADD COLUMN IF NOT EXISTS department_id_6 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS job_id_6 BIGINT NULL, ADD COLUMN IF NOT EXISTS quarter_6 TINYINT NULL,
  ADD COLUMN IF NOT EXISTS hires_6 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS year_7 SMALLINT NULL, ADD COLUMN IF NOT EXISTS department_id_7 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS job_id_7 BIGINT NULL, ADD COLUMN IF NOT EXISTS quarter_7 TINYINT NULL,
  ADD COLUMN IF NOT EXISTS hires_7 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS year_8 SMALLINT NULL, ADD COLUMN IF NOT EXISTS department_id_8 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS job_id_8 BIGINT NULL, ADD COLUMN IF NOT EXISTS quarter_8 TINYINT NULL,
  ADD COLUMN IF NOT EXISTS hires_8 BIGINT NULL;

-- The deltas one key a row: what the reports, fold.sql, fill.sql and years.sql read. Keep it the
-- last statement: once it exists, Sluice runs none of this file again (HireCountTables.install).
CREATE OR REPLACE VIEW sluice_hire_count_delta_keys (id, year, department_id, job_id, quarter, hires) AS
SELECT id, year, department_id, job_id, quarter, hires FROM sluice_hire_count_deltas
UNION ALL SELECT id, year_2, department_id_2, job_id_2, quarter_2, hires_2 FROM sluice_hire_count_deltas WHERE hires_2 IS NOT NULL
UNION ALL SELECT id, year_3, department_id_3, job_id_3, quarter_3, hires_3 FROM sluice_hire_count_deltas WHERE hires_3 IS NOT NULL
UNION ALL SELECT id, year_4, department_id_4, job_id_4, quarter_4, hires_4 FROM sluice_hire_count_deltas WHERE hires_4 IS NOT NULL
UNION ALL SELECT id, year_5, department_id_5, job_id_5, quarter_5, hires_5 FROM sluice_hire_count_deltas WHERE hires_5 IS NOT NULL
UNION ALL SELECT id, year_6, department_id_6, job_id_6, quarter_6, hires_6 FROM sluice_hire_count_deltas WHERE hires_6 IS NOT NULL
UNION ALL SELECT id, year_7, department_id_7, job_id_7, quarter_7, hires_7 FROM sluice_hire_count_deltas WHERE hires_7 IS NOT NULL
UNION ALL SELECT id, year_8, department_id_8, job_id_8, quarter_8, hires_8 FROM sluice_hire_count_deltas WHERE hires_8 IS NOT NULL;

-- One row once the counts were filled from the rows; locked (FOR UPDATE) by whoever rewrites
-- sluice_hire_counts (a fold, a fill), which writers of rows never need.
CREATE TABLE IF NOT EXISTS sluice_hire_count_state (
  id TINYINT NOT NULL,
  filled_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id)
) ENGINE=InnoDB;
