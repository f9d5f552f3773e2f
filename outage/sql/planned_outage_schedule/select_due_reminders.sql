-- Announced outages that start within the reminder lead and have not been reminded at their
-- current revision (a new window or area is a new revision: it gets its own reminder).
SELECT id
FROM planned_outage
WHERE status = 'published'
  AND starts_at > %(now)s
  AND starts_at <= %(now)s + %(lead)s
  AND reminded_revision IS DISTINCT FROM revision
ORDER BY starts_at, id
FOR UPDATE SKIP LOCKED
