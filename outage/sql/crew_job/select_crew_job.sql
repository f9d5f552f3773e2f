-- A crew job as its crew sees it: the incident, its device and the point to go to, the area
-- out of power (the supply areas behind the device, as GeoJSON) and the crew's last position.
SELECT j.id, j.incident_id, j.crew_id, c.code AS crew_code, c.name AS crew_name, j.status,
       j.crew_token, j.created_at, j.updated_at,
       i.level, i.status AS incident_status, i.customers_affected,
       i.estimated_restoration_at, i.opened_at, i.restored_at,
       CASE i.level WHEN 'transformer' THEN t.code WHEN 'feeder' THEN f.code ELSE s.code END
           AS device,
       ST_X(coalesce(t.geom, s.geom)) AS lon,
       ST_Y(coalesce(t.geom, s.geom)) AS lat,
       area.geojson AS area,
       ST_X(coalesce(seen.position, c.home_base)) AS crew_lon,
       ST_Y(coalesce(seen.position, c.home_base)) AS crew_lat
FROM crew_job AS j
JOIN crew AS c ON c.id = j.crew_id
JOIN incident AS i ON i.id = j.incident_id
JOIN substation AS s ON s.id = i.substation_id
LEFT JOIN feeder AS f ON f.id = i.feeder_id
LEFT JOIN transformer AS t ON t.id = i.transformer_id AND i.level = 'transformer'
LEFT JOIN LATERAL (
    SELECT ST_AsGeoJSON(ST_Union(sa.geom), 6)::jsonb AS geojson
    FROM supply_area AS sa
    JOIN transformer AS tt ON tt.id = sa.transformer_id
    JOIN feeder AS ff ON ff.id = tt.feeder_id
    WHERE (i.level = 'transformer' AND tt.id = i.transformer_id)
       OR (i.level = 'feeder' AND tt.feeder_id = i.feeder_id)
       OR (i.level = 'substation' AND ff.substation_id = i.substation_id)
) AS area ON true
LEFT JOIN LATERAL (
    SELECT e.position FROM job_event AS e
    WHERE e.job_id = j.id AND e.position IS NOT NULL
    ORDER BY e.at DESC, e.id DESC LIMIT 1
) AS seen ON true
WHERE j.crew_token = %(token)s OR j.id = %(id)s
