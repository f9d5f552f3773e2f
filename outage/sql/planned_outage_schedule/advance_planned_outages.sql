-- The clock moves announced outages on: published -> in_progress at the start, and
-- published or in_progress -> completed at the end.
UPDATE planned_outage
SET status = CASE WHEN ends_at <= %(now)s THEN 'completed' ELSE 'in_progress' END,
    updated_at = now()
WHERE status IN ('published', 'in_progress')
  AND (ends_at <= %(now)s OR (status = 'published' AND starts_at <= %(now)s))
RETURNING id, status
