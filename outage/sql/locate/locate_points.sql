-- Many WGS-84 points at once (arrays in, arrays out, in input order): per point, the supply
-- area covering it with the lowest id, else the nearest transformer within %(max_m)s metres
-- (the rule of locate_point.sql). method: 1 within, 2 nearest, 0 not located (transformer -1).
--
-- Set-based rather than one GiST probe per point (about 20 µs each): the points are binned
-- into square cells about the size of an average supply area; each occupied cell probes the
-- supply-area index once for the areas whose box meets it (padded by a nanodegree against
-- rounding), and the points meet their cell's few candidate areas in a hash join. Only the
-- points in no area search for the nearest transformer, one by one.
WITH size AS MATERIALIZED (
    SELECT coalesce(sqrt(avg(ST_Area(geom))), 0.01) AS deg FROM supply_area
),
point AS MATERIALIZED (
    SELECT u.i, u.lat,
           ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) AS geom,
           floor(u.lon / s.deg)::bigint AS cx,
           floor(u.lat / s.deg)::bigint AS cy
    FROM unnest(%(lons)b::float8[], %(lats)b::float8[]) WITH ORDINALITY AS u (lon, lat, i),
         size AS s
),
candidate AS MATERIALIZED (
    SELECT c.cx, c.cy, a.id, a.transformer_id, a.geom
    FROM (SELECT DISTINCT cx, cy FROM point) AS c
    CROSS JOIN size AS s
    JOIN supply_area AS a
      ON a.geom && ST_MakeEnvelope(c.cx * s.deg - 1e-9, c.cy * s.deg - 1e-9,
                                   (c.cx + 1) * s.deg + 1e-9, (c.cy + 1) * s.deg + 1e-9, 4326)
),
inside AS MATERIALIZED (
    SELECT DISTINCT ON (p.i) p.i, ca.transformer_id, ca.id AS supply_area_id
    FROM point AS p
    JOIN candidate AS ca ON ca.cx = p.cx AND ca.cy = p.cy
    WHERE ST_Covers(ca.geom, p.geom)
    ORDER BY p.i, ca.id
),
nearest AS (
    SELECT p.i, n.transformer_id, n.supply_area_id, n.distance_m
    FROM point AS p
    CROSS JOIN LATERAL (
        SELECT c.id AS transformer_id, a.id AS supply_area_id, c.distance_m
        FROM (SELECT t.id, ST_Distance(t.geom::geography, p.geom::geography) AS distance_m
              FROM transformer AS t
              WHERE t.geom && ST_Expand(
                  p.geom, %(max_m)s / (110000 * greatest(cos(radians(p.lat)), 0.01)),
                  %(max_m)s / 110000)) AS c
        LEFT JOIN supply_area AS a ON a.transformer_id = c.id
        WHERE c.distance_m <= %(max_m)s
        ORDER BY c.distance_m, c.id
        LIMIT 1
    ) AS n
    WHERE NOT EXISTS (SELECT FROM inside AS w WHERE w.i = p.i)
)
SELECT array_agg(coalesce(w.transformer_id, n.transformer_id, -1) ORDER BY p.i),
       array_agg(coalesce(w.supply_area_id, n.supply_area_id, -1) ORDER BY p.i),
       array_agg(CASE WHEN w.i IS NOT NULL THEN 1 WHEN n.i IS NOT NULL THEN 2 ELSE 0 END
                 ORDER BY p.i),
       array_agg(CASE WHEN w.i IS NOT NULL THEN 0 ELSE coalesce(n.distance_m, 'NaN') END
                 ORDER BY p.i)
FROM point AS p
LEFT JOIN inside AS w ON w.i = p.i
LEFT JOIN nearest AS n ON n.i = p.i
