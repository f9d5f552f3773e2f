-- Crews with their status and position: the last position a crew reported on a job, else its
-- home base; and its open job, if any.
SELECT c.id, c.code, c.name, c.size, c.status,
       ST_X(coalesce(seen.position, c.home_base)) AS lon,
       ST_Y(coalesce(seen.position, c.home_base)) AS lat,
       seen.at AS position_at,
       open_job.id AS job_id, open_job.incident_id
FROM crew AS c
LEFT JOIN LATERAL (
    SELECT e.position, e.at
    FROM job_event AS e JOIN crew_job AS j ON j.id = e.job_id
    WHERE j.crew_id = c.id AND e.position IS NOT NULL
    ORDER BY e.at DESC, e.id DESC LIMIT 1
) AS seen ON true
LEFT JOIN LATERAL (
    SELECT j.id, j.incident_id FROM crew_job AS j
    WHERE j.crew_id = c.id AND j.status NOT IN ('restored', 'cancelled')
    ORDER BY j.id DESC LIMIT 1
) AS open_job ON true
WHERE (%(status)s::text IS NULL OR c.status = %(status)s::text)
ORDER BY c.code
