-- The recount: what `sluice report verify` compares the counts with (the report itself reads
-- sluice_hire_counts, see departments_above_mean.sql).
-- Departments that hired more employees in one year than the mean over all departments (a
-- department with no hires counts as 0 in the mean), most hires first. Parameters: 1 = first
-- instant of the year, 2 = its last microsecond ('YYYY-12-31 23:59:59.999999').
-- The mean is a window over the grouped rows: one pass, and each bound parameter used once.
SELECT id, department, CAST(hired AS SIGNED) AS hired
FROM (
  SELECT d.id, d.department, COUNT(h.id) AS hired, AVG(COUNT(h.id)) OVER () AS mean_hired
  FROM departments d
  LEFT JOIN hired_employees h
    ON h.department_id = d.id AND h.datetime BETWEEN ? AND ?
  GROUP BY d.id, d.department
) per_department
WHERE hired > mean_hired
ORDER BY hired DESC, department, id;
