-- The reports of an incident (and of incidents it absorbed) for the dispatcher's map; never
-- their contacts.
SELECT r.id, ST_X(r.geom) AS lon, ST_Y(r.geom) AS lat, r.reported_at, r.channel, r.status,
       r.location_method, r.description, r.incident_id
FROM fault_report AS r
WHERE r.incident_id = %(id)s
   OR r.incident_id IN (SELECT a.id FROM incident AS a WHERE a.absorbed_into = %(id)s)
ORDER BY r.reported_at, r.id
