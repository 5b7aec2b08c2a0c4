-- Every registered process role for GET /api/v1/hosts, with its state by the database's clock:
-- stopped (a clean shutdown), down (silent past its lease), or up; the heartbeat's age and the
-- uptime (to the stop, or to the last heartbeat of one that is down) in seconds; the file store it has.
SELECT instance_id, role, host_name, pid, version, public_url, started_at, heartbeat_at, stopped_at, workers,
  CASE WHEN stopped_at IS NOT NULL THEN 'stopped' WHEN lease_expires_at < UTC_TIMESTAMP(6) THEN 'down' ELSE 'up' END,
  TIMESTAMPDIFF(MICROSECOND, heartbeat_at, UTC_TIMESTAMP(6)) / 1000000,
  TIMESTAMPDIFF(MICROSECOND, started_at, COALESCE(stopped_at,
    IF(lease_expires_at < UTC_TIMESTAMP(6), heartbeat_at, UTC_TIMESTAMP(6)))) / 1000000,
  store_id
FROM sluice_hosts ORDER BY host_name, started_at, instance_id, role
