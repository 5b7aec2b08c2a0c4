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
-- into sluice_hire_counts. A row holds up to 32 changed keys in its packed slots, a key and its
-- count in one word (packed_n: the count plus 32768 in bits 63-48, the year in 47-34, the quarter
-- minus 1 in 33-32, the department in 31-16, the job in 15-0), and up to 8 keys whose count or ids
-- do not fit a word in its plain slots (slot 1 in year ... hires, slot n in year_n ... hires_n); an
-- unused slot is NULL. An API batch of 1,000 rows changes about 950 keys: 30 rows of one value a
-- key cost the server a fraction of 119 rows of five (each bound value is stored and logged).
-- sluice_hire_count_delta_keys reads them as one key a row. No key but the id: the reports and
-- fold.sql read every delta (a report folds them first once more than 625 rows may have piled
-- up), so a second index would be a second B-tree insert per row for no reader.
CREATE TABLE IF NOT EXISTS sluice_hire_count_deltas (
  id BIGINT NOT NULL AUTO_INCREMENT,
  year SMALLINT NULL,
  department_id BIGINT NULL,
  job_id BIGINT NULL,
  quarter TINYINT NULL,
  hires BIGINT NULL,
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
-- The packed slots (instant), and slot 1 nullable on installs made before them (a row of packed
-- slots only leaves it NULL).
ALTER TABLE sluice_hire_count_deltas
  MODIFY year SMALLINT NULL, MODIFY department_id BIGINT NULL, MODIFY job_id BIGINT NULL,
  MODIFY quarter TINYINT NULL, MODIFY hires BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_1 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_2 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_3 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_4 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_5 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_6 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_7 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_8 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_9 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_10 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_11 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_12 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_13 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_14 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_15 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_16 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_17 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_18 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_19 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_20 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_21 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_22 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_23 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_24 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_25 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_26 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_27 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_28 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_29 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_30 BIGINT NULL,
  ADD COLUMN IF NOT EXISTS packed_31 BIGINT NULL, ADD COLUMN IF NOT EXISTS packed_32 BIGINT NULL;

-- The deltas one key a row: what the reports, fold.sql, fill.sql and years.sql read. Once it
-- exists and reads packed_32, Sluice runs none of this file again (HireCountTables.install).
CREATE OR REPLACE VIEW sluice_hire_count_delta_keys (id, year, department_id, job_id, quarter, hires) AS
SELECT id, year, department_id, job_id, quarter, hires FROM sluice_hire_count_deltas WHERE hires IS NOT NULL
UNION ALL SELECT id, year_2, department_id_2, job_id_2, quarter_2, hires_2 FROM sluice_hire_count_deltas WHERE hires_2 IS NOT NULL
UNION ALL SELECT id, year_3, department_id_3, job_id_3, quarter_3, hires_3 FROM sluice_hire_count_deltas WHERE hires_3 IS NOT NULL
UNION ALL SELECT id, year_4, department_id_4, job_id_4, quarter_4, hires_4 FROM sluice_hire_count_deltas WHERE hires_4 IS NOT NULL
UNION ALL SELECT id, year_5, department_id_5, job_id_5, quarter_5, hires_5 FROM sluice_hire_count_deltas WHERE hires_5 IS NOT NULL
UNION ALL SELECT id, year_6, department_id_6, job_id_6, quarter_6, hires_6 FROM sluice_hire_count_deltas WHERE hires_6 IS NOT NULL
UNION ALL SELECT id, year_7, department_id_7, job_id_7, quarter_7, hires_7 FROM sluice_hire_count_deltas WHERE hires_7 IS NOT NULL
UNION ALL SELECT id, year_8, department_id_8, job_id_8, quarter_8, hires_8 FROM sluice_hire_count_deltas WHERE hires_8 IS NOT NULL
UNION ALL SELECT id, CAST((packed_1 >> 34) & 16383 AS SIGNED), CAST((packed_1 >> 16) & 65535 AS SIGNED), CAST(packed_1 & 65535 AS SIGNED),
  CAST((packed_1 >> 32) & 3 AS SIGNED) + 1, CAST(packed_1 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_1 IS NOT NULL
UNION ALL SELECT id, CAST((packed_2 >> 34) & 16383 AS SIGNED), CAST((packed_2 >> 16) & 65535 AS SIGNED), CAST(packed_2 & 65535 AS SIGNED),
  CAST((packed_2 >> 32) & 3 AS SIGNED) + 1, CAST(packed_2 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_2 IS NOT NULL
UNION ALL SELECT id, CAST((packed_3 >> 34) & 16383 AS SIGNED), CAST((packed_3 >> 16) & 65535 AS SIGNED), CAST(packed_3 & 65535 AS SIGNED),
  CAST((packed_3 >> 32) & 3 AS SIGNED) + 1, CAST(packed_3 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_3 IS NOT NULL
UNION ALL SELECT id, CAST((packed_4 >> 34) & 16383 AS SIGNED), CAST((packed_4 >> 16) & 65535 AS SIGNED), CAST(packed_4 & 65535 AS SIGNED),
  CAST((packed_4 >> 32) & 3 AS SIGNED) + 1, CAST(packed_4 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_4 IS NOT NULL
UNION ALL SELECT id, CAST((packed_5 >> 34) & 16383 AS SIGNED), CAST((packed_5 >> 16) & 65535 AS SIGNED), CAST(packed_5 & 65535 AS SIGNED),
  CAST((packed_5 >> 32) & 3 AS SIGNED) + 1, CAST(packed_5 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_5 IS NOT NULL
UNION ALL SELECT id, CAST((packed_6 >> 34) & 16383 AS SIGNED), CAST((packed_6 >> 16) & 65535 AS SIGNED), CAST(packed_6 & 65535 AS SIGNED),
  CAST((packed_6 >> 32) & 3 AS SIGNED) + 1, CAST(packed_6 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_6 IS NOT NULL
UNION ALL SELECT id, CAST((packed_7 >> 34) & 16383 AS SIGNED), CAST((packed_7 >> 16) & 65535 AS SIGNED), CAST(packed_7 & 65535 AS SIGNED),
  CAST((packed_7 >> 32) & 3 AS SIGNED) + 1, CAST(packed_7 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_7 IS NOT NULL
UNION ALL SELECT id, CAST((packed_8 >> 34) & 16383 AS SIGNED), CAST((packed_8 >> 16) & 65535 AS SIGNED), CAST(packed_8 & 65535 AS SIGNED),
  CAST((packed_8 >> 32) & 3 AS SIGNED) + 1, CAST(packed_8 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_8 IS NOT NULL
UNION ALL SELECT id, CAST((packed_9 >> 34) & 16383 AS SIGNED), CAST((packed_9 >> 16) & 65535 AS SIGNED), CAST(packed_9 & 65535 AS SIGNED),
  CAST((packed_9 >> 32) & 3 AS SIGNED) + 1, CAST(packed_9 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_9 IS NOT NULL
UNION ALL SELECT id, CAST((packed_10 >> 34) & 16383 AS SIGNED), CAST((packed_10 >> 16) & 65535 AS SIGNED), CAST(packed_10 & 65535 AS SIGNED),
  CAST((packed_10 >> 32) & 3 AS SIGNED) + 1, CAST(packed_10 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_10 IS NOT NULL
UNION ALL SELECT id, CAST((packed_11 >> 34) & 16383 AS SIGNED), CAST((packed_11 >> 16) & 65535 AS SIGNED), CAST(packed_11 & 65535 AS SIGNED),
  CAST((packed_11 >> 32) & 3 AS SIGNED) + 1, CAST(packed_11 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_11 IS NOT NULL
UNION ALL SELECT id, CAST((packed_12 >> 34) & 16383 AS SIGNED), CAST((packed_12 >> 16) & 65535 AS SIGNED), CAST(packed_12 & 65535 AS SIGNED),
  CAST((packed_12 >> 32) & 3 AS SIGNED) + 1, CAST(packed_12 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_12 IS NOT NULL
UNION ALL SELECT id, CAST((packed_13 >> 34) & 16383 AS SIGNED), CAST((packed_13 >> 16) & 65535 AS SIGNED), CAST(packed_13 & 65535 AS SIGNED),
  CAST((packed_13 >> 32) & 3 AS SIGNED) + 1, CAST(packed_13 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_13 IS NOT NULL
UNION ALL SELECT id, CAST((packed_14 >> 34) & 16383 AS SIGNED), CAST((packed_14 >> 16) & 65535 AS SIGNED), CAST(packed_14 & 65535 AS SIGNED),
  CAST((packed_14 >> 32) & 3 AS SIGNED) + 1, CAST(packed_14 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_14 IS NOT NULL
UNION ALL SELECT id, CAST((packed_15 >> 34) & 16383 AS SIGNED), CAST((packed_15 >> 16) & 65535 AS SIGNED), CAST(packed_15 & 65535 AS SIGNED),
  CAST((packed_15 >> 32) & 3 AS SIGNED) + 1, CAST(packed_15 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_15 IS NOT NULL
UNION ALL SELECT id, CAST((packed_16 >> 34) & 16383 AS SIGNED), CAST((packed_16 >> 16) & 65535 AS SIGNED), CAST(packed_16 & 65535 AS SIGNED),
  CAST((packed_16 >> 32) & 3 AS SIGNED) + 1, CAST(packed_16 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_16 IS NOT NULL
UNION ALL SELECT id, CAST((packed_17 >> 34) & 16383 AS SIGNED), CAST((packed_17 >> 16) & 65535 AS SIGNED), CAST(packed_17 & 65535 AS SIGNED),
  CAST((packed_17 >> 32) & 3 AS SIGNED) + 1, CAST(packed_17 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_17 IS NOT NULL
UNION ALL SELECT id, CAST((packed_18 >> 34) & 16383 AS SIGNED), CAST((packed_18 >> 16) & 65535 AS SIGNED), CAST(packed_18 & 65535 AS SIGNED),
  CAST((packed_18 >> 32) & 3 AS SIGNED) + 1, CAST(packed_18 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_18 IS NOT NULL
UNION ALL SELECT id, CAST((packed_19 >> 34) & 16383 AS SIGNED), CAST((packed_19 >> 16) & 65535 AS SIGNED), CAST(packed_19 & 65535 AS SIGNED),
  CAST((packed_19 >> 32) & 3 AS SIGNED) + 1, CAST(packed_19 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_19 IS NOT NULL
UNION ALL SELECT id, CAST((packed_20 >> 34) & 16383 AS SIGNED), CAST((packed_20 >> 16) & 65535 AS SIGNED), CAST(packed_20 & 65535 AS SIGNED),
  CAST((packed_20 >> 32) & 3 AS SIGNED) + 1, CAST(packed_20 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_20 IS NOT NULL
UNION ALL SELECT id, CAST((packed_21 >> 34) & 16383 AS SIGNED), CAST((packed_21 >> 16) & 65535 AS SIGNED), CAST(packed_21 & 65535 AS SIGNED),
  CAST((packed_21 >> 32) & 3 AS SIGNED) + 1, CAST(packed_21 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_21 IS NOT NULL
UNION ALL SELECT id, CAST((packed_22 >> 34) & 16383 AS SIGNED), CAST((packed_22 >> 16) & 65535 AS SIGNED), CAST(packed_22 & 65535 AS SIGNED),
  CAST((packed_22 >> 32) & 3 AS SIGNED) + 1, CAST(packed_22 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_22 IS NOT NULL
UNION ALL SELECT id, CAST((packed_23 >> 34) & 16383 AS SIGNED), CAST((packed_23 >> 16) & 65535 AS SIGNED), CAST(packed_23 & 65535 AS SIGNED),
  CAST((packed_23 >> 32) & 3 AS SIGNED) + 1, CAST(packed_23 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_23 IS NOT NULL
UNION ALL SELECT id, CAST((packed_24 >> 34) & 16383 AS SIGNED), CAST((packed_24 >> 16) & 65535 AS SIGNED), CAST(packed_24 & 65535 AS SIGNED),
  CAST((packed_24 >> 32) & 3 AS SIGNED) + 1, CAST(packed_24 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_24 IS NOT NULL
UNION ALL SELECT id, CAST((packed_25 >> 34) & 16383 AS SIGNED), CAST((packed_25 >> 16) & 65535 AS SIGNED), CAST(packed_25 & 65535 AS SIGNED),
  CAST((packed_25 >> 32) & 3 AS SIGNED) + 1, CAST(packed_25 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_25 IS NOT NULL
UNION ALL SELECT id, CAST((packed_26 >> 34) & 16383 AS SIGNED), CAST((packed_26 >> 16) & 65535 AS SIGNED), CAST(packed_26 & 65535 AS SIGNED),
  CAST((packed_26 >> 32) & 3 AS SIGNED) + 1, CAST(packed_26 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_26 IS NOT NULL
UNION ALL SELECT id, CAST((packed_27 >> 34) & 16383 AS SIGNED), CAST((packed_27 >> 16) & 65535 AS SIGNED), CAST(packed_27 & 65535 AS SIGNED),
  CAST((packed_27 >> 32) & 3 AS SIGNED) + 1, CAST(packed_27 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_27 IS NOT NULL
UNION ALL SELECT id, CAST((packed_28 >> 34) & 16383 AS SIGNED), CAST((packed_28 >> 16) & 65535 AS SIGNED), CAST(packed_28 & 65535 AS SIGNED),
  CAST((packed_28 >> 32) & 3 AS SIGNED) + 1, CAST(packed_28 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_28 IS NOT NULL
UNION ALL SELECT id, CAST((packed_29 >> 34) & 16383 AS SIGNED), CAST((packed_29 >> 16) & 65535 AS SIGNED), CAST(packed_29 & 65535 AS SIGNED),
  CAST((packed_29 >> 32) & 3 AS SIGNED) + 1, CAST(packed_29 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_29 IS NOT NULL
UNION ALL SELECT id, CAST((packed_30 >> 34) & 16383 AS SIGNED), CAST((packed_30 >> 16) & 65535 AS SIGNED), CAST(packed_30 & 65535 AS SIGNED),
  CAST((packed_30 >> 32) & 3 AS SIGNED) + 1, CAST(packed_30 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_30 IS NOT NULL
UNION ALL SELECT id, CAST((packed_31 >> 34) & 16383 AS SIGNED), CAST((packed_31 >> 16) & 65535 AS SIGNED), CAST(packed_31 & 65535 AS SIGNED),
  CAST((packed_31 >> 32) & 3 AS SIGNED) + 1, CAST(packed_31 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_31 IS NOT NULL
UNION ALL SELECT id, CAST((packed_32 >> 34) & 16383 AS SIGNED), CAST((packed_32 >> 16) & 65535 AS SIGNED), CAST(packed_32 & 65535 AS SIGNED),
  CAST((packed_32 >> 32) & 3 AS SIGNED) + 1, CAST(packed_32 >> 48 AS SIGNED) - 32768 FROM sluice_hire_count_deltas WHERE packed_32 IS NOT NULL;

-- One row once the counts were filled from the rows; locked (FOR UPDATE) by whoever rewrites
-- sluice_hire_counts (a fold, a fill), which writers of rows never need.
CREATE TABLE IF NOT EXISTS sluice_hire_count_state (
  id TINYINT NOT NULL,
  filled_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id)
) ENGINE=InnoDB;
