-- The timeline of an incident: its own events (with the facts of their detail, from which the
-- console says it in either language) and the events of its crew jobs, in order.
SELECT 'incident' AS source, e.kind, e.detail, e.detail_facts AS facts, NULL::bigint AS job_id,
       NULL::float8 AS lon, NULL::float8 AS lat, e.at, e.id
FROM incident_event AS e
WHERE e.incident_id = %(id)s
UNION ALL
SELECT 'job', je.status, je.note, NULL::jsonb, je.job_id, ST_X(je.position), ST_Y(je.position), je.at, je.id
FROM job_event AS je
JOIN crew_job AS j ON j.id = je.job_id
WHERE j.incident_id = %(id)s
ORDER BY at, source, id
