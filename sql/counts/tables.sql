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
-- into sluice_hire_counts. No key but the id: the reports and fold.sql read every delta (a report
-- folds them first once more than 20,000 may have piled up), and an API batch appends about one
-- delta per row, so a second index would be a second B-tree insert per row for no reader.
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

-- One row once the counts were filled from the rows; locked (FOR UPDATE) by whoever rewrites
-- sluice_hire_counts (a fold, a fill), which writers of rows never need.
CREATE TABLE IF NOT EXISTS sluice_hire_count_state (
  id TINYINT NOT NULL,
  filled_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id)
) ENGINE=InnoDB;
