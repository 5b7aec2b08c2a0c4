-- Hires for each department and job in one year, divided by quarter (UTC), ordered by department
-- and job. Parameters: 1 = first instant of the year, 2 = first instant of the next year
-- ('YYYY-01-01 00:00:00'); the half-open range lets the index on hired_employees.datetime serve.
SELECT d.department AS department,
       j.job AS job,
       CAST(SUM(MONTH(h.datetime) BETWEEN 1 AND 3) AS SIGNED) AS Q1,
       CAST(SUM(MONTH(h.datetime) BETWEEN 4 AND 6) AS SIGNED) AS Q2,
       CAST(SUM(MONTH(h.datetime) BETWEEN 7 AND 9) AS SIGNED) AS Q3,
       CAST(SUM(MONTH(h.datetime) BETWEEN 10 AND 12) AS SIGNED) AS Q4
FROM hired_employees h
JOIN departments d ON d.id = h.department_id
JOIN jobs j ON j.id = h.job_id
WHERE h.datetime >= ? AND h.datetime < ?
GROUP BY d.id, j.id, d.department, j.job
ORDER BY d.department, j.job, d.id, j.id;
