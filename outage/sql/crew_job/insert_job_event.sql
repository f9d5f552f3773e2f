INSERT INTO job_event (job_id, status, note, position, at)
VALUES (%(job_id)s, %(status)s, %(note)s,
        CASE WHEN %(lon)s::float8 IS NULL OR %(lat)s::float8 IS NULL THEN NULL
             ELSE ST_SetSRID(ST_MakePoint(%(lon)s::float8, %(lat)s::float8), 4326) END,
        %(now)s)
