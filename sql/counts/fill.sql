-- Fills {counts} so that {counts} plus the deltas equals the rows of {hires}: the rows counted
-- minus the deltas already there (sluice_hire_count_delta_keys), both read in one statement's
-- snapshot (run at READ COMMITTED, after emptying {counts}), so a batch that commits meanwhile is
-- counted once, by its own deltas. {hires} and {counts} are table names put in by Sluice.
INSERT INTO {counts} (year, department_id, job_id, quarter, hires)
SELECT year, department_id, job_id, quarter, CAST(SUM(hires) AS SIGNED)
FROM (
  SELECT YEAR(datetime) AS year, department_id, COALESCE(job_id, 0) AS job_id,
         QUARTER(datetime) AS quarter, COUNT(*) AS hires
  FROM {hires}
  WHERE department_id IS NOT NULL AND datetime IS NOT NULL
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT year, department_id, job_id, quarter, -SUM(hires)
  FROM sluice_hire_count_delta_keys
  GROUP BY 1, 2, 3, 4
) AS n
GROUP BY year, department_id, job_id, quarter;
