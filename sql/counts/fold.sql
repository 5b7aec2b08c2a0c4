-- Moves the committed deltas into sluice_hire_counts, in one transaction that holds the state row
-- (so folds take turns) and never waits for a writer: at READ COMMITTED the ids are read without
-- locks, and only those rows, all committed, are summed and deleted, by primary key. A batch still
-- in flight keeps its deltas for the next fold.
CREATE TEMPORARY TABLE IF NOT EXISTS sluice_fold_ids (id BIGINT NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB;
DELETE FROM sluice_fold_ids;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
START TRANSACTION;
SELECT id FROM sluice_hire_count_state WHERE id = 1 FOR UPDATE;
INSERT INTO sluice_fold_ids (id) SELECT id FROM sluice_hire_count_deltas;
INSERT INTO sluice_hire_counts (year, department_id, job_id, quarter, hires)
SELECT d.year, d.department_id, d.job_id, d.quarter, CAST(SUM(d.hires) AS SIGNED)
FROM sluice_fold_ids f STRAIGHT_JOIN sluice_hire_count_delta_keys d ON d.id = f.id
GROUP BY d.year, d.department_id, d.job_id, d.quarter
ON DUPLICATE KEY UPDATE hires = sluice_hire_counts.hires + VALUES(hires);
DELETE d FROM sluice_fold_ids f STRAIGHT_JOIN sluice_hire_count_deltas d ON d.id = f.id;
COMMIT;
