-- Hires for each department and job in one year, divided by quarter (UTC), ordered by department
-- and job, read from the counts (sluice_hire_counts plus the deltas not folded yet), not the rows:
-- a few thousand rows a year at any table size. hires_by_quarter_rows.sql is the same report over
-- the rows, which `sluice report verify` compares it with. Parameters: 1 = first instant of the
-- year, 2 = its last microsecond; only their YEAR() is used. A (department, job) with no hire left
-- in the year (its counts sum to 0) is no row, as in the rows' GROUP BY.
SELECT d.department AS department,
       j.job AS job,
       c.Q1, c.Q2, c.Q3, c.Q4
FROM (
  SELECT department_id, job_id,
         CAST(SUM(IF(quarter = 1, hires, 0)) AS SIGNED) AS Q1,
         CAST(SUM(IF(quarter = 2, hires, 0)) AS SIGNED) AS Q2,
         CAST(SUM(IF(quarter = 3, hires, 0)) AS SIGNED) AS Q3,
         CAST(SUM(IF(quarter = 4, hires, 0)) AS SIGNED) AS Q4
  FROM (
    SELECT year, department_id, job_id, quarter, hires FROM sluice_hire_counts
    UNION ALL
    SELECT year, department_id, job_id, quarter, hires FROM sluice_hire_count_delta_keys
  ) AS n
  WHERE year BETWEEN YEAR(?) AND YEAR(?)
  GROUP BY department_id, job_id
  HAVING SUM(hires) > 0
) c
JOIN departments d ON d.id = c.department_id
JOIN jobs j ON j.id = c.job_id
ORDER BY d.department, j.job, d.id, j.id;
