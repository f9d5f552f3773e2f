-- Where a WGS-84 point gets its power. Inside (or on the edge of) supply areas: the one with
-- the lowest id, so a point on a shared edge always lands in the same area (GiST on
-- supply_area.geom). Outside every area: the nearest transformer within %(max_m)s metres,
-- measured on the spheroid; candidates come from the GiST index of transformer.geom through a
-- box a little larger than the radius (in degrees, widened by 1/cos(lat)), so the choice is
-- exact, not the planar degree order of <->. Ties go to the lowest transformer id.
WITH point AS (
    SELECT ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) AS geom
),
within AS (
    SELECT a.id AS supply_area_id, a.transformer_id, 'within'::text AS method,
           0::float8 AS distance_m
    FROM supply_area AS a, point AS p
    WHERE ST_Covers(a.geom, p.geom)
    ORDER BY a.id
    LIMIT 1
),
nearest AS (
    SELECT a.id AS supply_area_id, c.id AS transformer_id, 'nearest'::text AS method,
           c.distance_m
    FROM point AS p
    CROSS JOIN LATERAL (
        SELECT t.id, ST_Distance(t.geom::geography, p.geom::geography) AS distance_m
        FROM transformer AS t
        WHERE t.geom && ST_Expand(
            p.geom,
            %(max_m)s / (110000 * greatest(cos(radians(%(lat)s)), 0.01)),
            %(max_m)s / 110000
        )
    ) AS c
    LEFT JOIN supply_area AS a ON a.transformer_id = c.id
    WHERE NOT EXISTS (SELECT FROM within) AND c.distance_m <= %(max_m)s
    ORDER BY c.distance_m, c.id
    LIMIT 1
)
SELECT l.supply_area_id, l.transformer_id, t.feeder_id, f.substation_id, l.method, l.distance_m
FROM (SELECT * FROM within UNION ALL SELECT * FROM nearest) AS l
JOIN transformer AS t ON t.id = l.transformer_id
JOIN feeder AS f ON f.id = t.feeder_id
