-- Departments that hired more employees in one year than the mean over all departments (a
-- department with no hires counts as 0 in the mean), most hires first, read from the counts
-- (sluice_hire_counts plus the deltas not folded yet). departments_above_mean_rows.sql is the same
-- report over the rows. Parameters: 1 = first instant of the year, 2 = its last microsecond; only
-- their YEAR() is used. Hires are whole numbers before the mean, as COUNT() is over the rows, so
-- the mean is the same DECIMAL and the comparison the same.
SELECT id, department, CAST(hired AS SIGNED) AS hired
FROM (
  SELECT d.id, d.department, COALESCE(c.hired, 0) AS hired, AVG(COALESCE(c.hired, 0)) OVER () AS mean_hired
  FROM departments d
  LEFT JOIN (
    SELECT department_id, CAST(SUM(hires) AS SIGNED) AS hired
    FROM (
      SELECT year, department_id, hires FROM sluice_hire_counts
      UNION ALL
      SELECT year, department_id, hires FROM sluice_hire_count_delta_keys
    ) AS n
    WHERE year BETWEEN YEAR(?) AND YEAR(?)
    GROUP BY department_id
  ) c ON c.department_id = d.id
) per_department
WHERE hired > mean_hired
ORDER BY hired DESC, department, id;
