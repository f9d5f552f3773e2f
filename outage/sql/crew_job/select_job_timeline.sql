SELECT status, note, ST_X(position) AS lon, ST_Y(position) AS lat, at
FROM job_event WHERE job_id = %(job_id)s ORDER BY at, id
