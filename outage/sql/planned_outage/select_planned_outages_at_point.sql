-- Announced planned outages covering a point (border included) whose window overlaps
-- [%(from_ts)s, %(to_ts)s): what a customer sees when asking "is there an outage here?".
SELECT o.id, o.title, o.reason, o.starts_at, o.ends_at, o.status
FROM planned_outage o
WHERE o.status IN ('published', 'in_progress')
  AND o.ends_at > %(from_ts)s AND o.starts_at < %(to_ts)s
  AND ST_Intersects(o.geom, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326))
ORDER BY o.starts_at, o.id
