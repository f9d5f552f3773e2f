-- A crew job locked for a status change, found by its id (a signed crew link names it) or by
-- the sha256 of a crew token sent before migration 051.
SELECT j.id, j.incident_id, j.crew_id, j.status, c.code AS crew_code
FROM crew_job AS j
JOIN crew AS c ON c.id = j.crew_id
WHERE (j.crew_token = %(token)s OR j.id = %(id)s)
FOR UPDATE OF j
