-- Where the demo's customers report faults: a point inside the supply areas of the first three
-- transformers of the feeder with the most transformers (a feeder incident), and of one
-- transformer fed from another substation (a transformer incident of its own).
WITH busiest AS (
    SELECT f.id, f.substation_id
    FROM feeder f JOIN transformer t ON t.feeder_id = f.id
    GROUP BY f.id, f.substation_id
    ORDER BY count(*) DESC, f.id
    LIMIT 1
), feeder_places AS (
    SELECT t.id AS transformer_id, 'feeder' AS incident_level,
           ST_X(ST_PointOnSurface(a.geom)) AS lon, ST_Y(ST_PointOnSurface(a.geom)) AS lat
    FROM transformer t
    JOIN supply_area a ON a.transformer_id = t.id
    WHERE t.feeder_id = (SELECT id FROM busiest)
    ORDER BY t.id
    LIMIT 3
), lone_place AS (
    SELECT t.id AS transformer_id, 'transformer' AS incident_level,
           ST_X(ST_PointOnSurface(a.geom)) AS lon, ST_Y(ST_PointOnSurface(a.geom)) AS lat
    FROM transformer t
    JOIN feeder f ON f.id = t.feeder_id
    JOIN supply_area a ON a.transformer_id = t.id
    WHERE f.substation_id <> (SELECT substation_id FROM busiest)
    ORDER BY t.id
    LIMIT 1
)
SELECT transformer_id, incident_level, lon, lat FROM feeder_places
UNION ALL
SELECT transformer_id, incident_level, lon, lat FROM lone_place
