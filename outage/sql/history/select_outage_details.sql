-- What the outage history shows of each outage besides its interruptions: a title (the device
-- out, or the planned outage's title), the reason (the rule that inferred the incident, or the
-- planned work), and a point to open the map at (the device, or a point of the outage's area).
SELECT 'unplanned' AS kind, i.id AS outage_id, coalesce(t.code, f.code, s.code) AS title,
       i.rule AS reason, ST_X(p.point) AS lon, ST_Y(p.point) AS lat
FROM incident i
LEFT JOIN transformer t ON t.id = i.transformer_id AND i.level = 'transformer'
LEFT JOIN feeder f ON f.id = i.feeder_id AND i.level IN ('transformer', 'feeder')
JOIN substation s ON s.id = i.substation_id
CROSS JOIN LATERAL (
    SELECT coalesce(t.geom, ST_ClosestPoint(f.geom, ST_Centroid(f.geom)), s.geom) AS point
) AS p
WHERE i.id = ANY(%(incident_ids)s::bigint[])
UNION ALL
SELECT 'planned', o.id, o.title, o.reason, ST_X(p.point), ST_Y(p.point)
FROM planned_outage o
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(o.geom) AS point) AS p
WHERE o.id = ANY(%(planned_ids)s::integer[])
