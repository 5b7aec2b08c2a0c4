-- Per job and state, for the gauges of /metrics: the runs the history holds, when the latest of
-- them finished, and how long that one ran (seconds). The grouping reads ix_sluice_job_runs_job_state only.
SELECT s.job_name, s.state, s.runs, s.last_finished,
  TIMESTAMPDIFF(MICROSECOND, r.started_at, r.finished_at) / 1000000
FROM (
  SELECT job_name, state, COUNT(*) AS runs, MAX(finished_at) AS last_finished, MAX(id) AS last_id
  FROM sluice_job_runs GROUP BY job_name, state
) s JOIN sluice_job_runs r ON r.id = s.last_id
