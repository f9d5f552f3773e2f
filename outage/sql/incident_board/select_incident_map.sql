-- What the map shows of an incident: its device (point or feeder line) and the area out of
-- power (the supply areas behind the device), as GeoJSON geometries.
SELECT ST_AsGeoJSON(CASE i.level WHEN 'transformer' THEN t.geom
                                 WHEN 'feeder' THEN f.geom ELSE s.geom END, 6)::jsonb AS device,
       (SELECT ST_AsGeoJSON(ST_Union(sa.geom), 6)::jsonb
        FROM supply_area AS sa
        JOIN transformer AS tt ON tt.id = sa.transformer_id
        JOIN feeder AS ff ON ff.id = tt.feeder_id
        WHERE (i.level = 'transformer' AND tt.id = i.transformer_id)
           OR (i.level = 'feeder' AND tt.feeder_id = i.feeder_id)
           OR (i.level = 'substation' AND ff.substation_id = i.substation_id)) AS area
FROM incident AS i
JOIN substation AS s ON s.id = i.substation_id
LEFT JOIN feeder AS f ON f.id = i.feeder_id
LEFT JOIN transformer AS t ON t.id = i.transformer_id
WHERE i.id = %(id)s
