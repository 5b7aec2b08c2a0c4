-- Every year that has hires in the rows or in the counts: the years `sluice report verify` checks.
SELECT year FROM (
  SELECT DISTINCT YEAR(datetime) AS year FROM hired_employees WHERE datetime IS NOT NULL
  UNION SELECT year FROM sluice_hire_counts WHERE hires <> 0
  UNION SELECT year FROM sluice_hire_count_delta_keys
) AS y
WHERE year BETWEEN 1000 AND 9999
ORDER BY year;
