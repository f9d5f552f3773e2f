-- The job status timeline of an incident, as a reporter sees it: statuses and times only —
-- no crew, note or position.
SELECT e.status, e.at
FROM crew_job AS j
JOIN job_event AS e ON e.job_id = j.id
WHERE j.incident_id = %(incident_id)s
ORDER BY e.at, e.id
