-- The id of a report about to be stored (inference names it, in its incident's evidence and
-- events, before the report is stored in the incident it joins), and the announced planned
-- outage whose polygon covers its WGS-84 point (border included) and whose window covers
-- the moment %(at)s — the earliest to start first — or nulls.
SELECT nextval(pg_get_serial_sequence('fault_report', 'id')) AS report_id,
       o.id, o.title, o.reason, o.starts_at, o.ends_at, o.status
FROM (SELECT) AS one
LEFT JOIN LATERAL (
    SELECT o.id, o.title, o.reason, o.starts_at, o.ends_at, o.status
    FROM planned_outage AS o
    WHERE o.status IN ('published', 'in_progress')
      AND o.starts_at <= %(at)s AND o.ends_at > %(at)s
      AND ST_Covers(o.geom, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326))
    ORDER BY o.starts_at, o.id
    LIMIT 1
) AS o ON true
