INSERT INTO incident_event (incident_id, kind, detail, at)
VALUES (%(incident_id)s, %(kind)s, left(%(detail)s, 2000), %(now)s)
