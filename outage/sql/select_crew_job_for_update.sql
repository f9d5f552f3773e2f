-- A crew job locked for a status change, found by its crew token or its id.
SELECT j.id, j.incident_id, j.crew_id, j.status, c.code AS crew_code
FROM crew_job AS j
JOIN crew AS c ON c.id = j.crew_id
WHERE (j.crew_token = %(token)s OR j.id = %(id)s)
FOR UPDATE OF j
