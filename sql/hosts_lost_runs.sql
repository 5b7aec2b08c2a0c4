-- The runs each registered scheduler lost (its lease expired: the process died or hung), newest
-- first, with the attempt that retried each one elsewhere (NULL when no retry was due).
SELECT r.lease_owner, r.id, n.id
FROM sluice_job_runs r LEFT JOIN sluice_job_runs n ON n.retry_of = r.id
WHERE r.state = 'lost' AND r.lease_owner IN (SELECT instance_id FROM sluice_hosts WHERE role = 'scheduler')
ORDER BY r.id DESC
