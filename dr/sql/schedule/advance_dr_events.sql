-- The clock moves published events to active when their window opens and to completed when it
-- closes; returns the ids of events that completed.
WITH started AS (
    UPDATE dr_event SET status = 'active', updated_at = now()
    WHERE status = 'published' AND starts_at <= %(now)s AND ends_at > %(now)s
    RETURNING id
)
UPDATE dr_event SET status = 'completed', updated_at = now()
WHERE status IN ('published', 'active') AND ends_at <= %(now)s
RETURNING id
