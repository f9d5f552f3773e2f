-- Incidents for the dispatch board, latest report first: level, device codes, customers
-- affected, status, how many reports (its own and those of incidents it absorbed), the ETR and
-- its latest crew job. Absorbed incidents are left out of lists (an id still finds one).
-- The evidence (outage_incident_evidence: read from the reports' rows) only for one incident.
SELECT i.id, i.level, i.status, i.rule, i.rule_facts, i.confidence, i.absorbed_into,
       CASE WHEN %(id)s::bigint IS NOT NULL THEN outage_incident_evidence(i.id) END
           AS evidence,
       CASE i.level WHEN 'transformer' THEN t.code WHEN 'feeder' THEN f.code ELSE s.code END
           AS device,
       t.code AS transformer_code, f.code AS feeder_code, s.code AS substation_code,
       i.customers_affected, i.opened_at, i.last_report_at, i.confirmed_at, i.dispatched_at,
       i.restored_at, i.estimated_restoration_at, i.duration_s, i.customer_minutes,
       ST_X(coalesce(t.geom, s.geom)) AS lon, ST_Y(coalesce(t.geom, s.geom)) AS lat,
       (SELECT count(*) FROM fault_report AS r
        WHERE r.incident_id = i.id
           OR r.incident_id IN (SELECT a.id FROM incident AS a WHERE a.absorbed_into = i.id))
           AS report_count,
       job.id AS job_id, job.status AS job_status, job.crew_code
FROM incident AS i
JOIN substation AS s ON s.id = i.substation_id
LEFT JOIN feeder AS f ON f.id = i.feeder_id
LEFT JOIN transformer AS t ON t.id = i.transformer_id
LEFT JOIN LATERAL (
    SELECT j.id, j.status, c.code AS crew_code
    FROM crew_job AS j JOIN crew AS c ON c.id = j.crew_id
    WHERE j.incident_id = i.id
    ORDER BY j.id DESC LIMIT 1
) AS job ON true
WHERE (%(id)s::bigint IS NULL OR i.id = %(id)s::bigint)
  AND (%(id)s::bigint IS NOT NULL OR i.absorbed_into IS NULL)
  AND (%(statuses)s::text[] IS NULL OR i.status = ANY (%(statuses)s::text[]))
  AND (%(level)s::text IS NULL OR i.level = %(level)s::text)
ORDER BY i.last_report_at DESC, i.id DESC
LIMIT %(limit)s
