INSERT INTO crew_job (incident_id, crew_id, crew_token, assigned_by, created_at, updated_at)
VALUES (%(incident_id)s, %(crew_id)s, %(token)s, %(assigned_by)s, %(now)s, %(now)s)
RETURNING id
