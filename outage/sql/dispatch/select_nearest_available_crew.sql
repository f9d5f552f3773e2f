-- The available crew whose home base is nearest a point: KNN on the GiST index takes a short
-- list by degrees, metres on the spheroid decide (ties by id).
WITH point AS (SELECT ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) AS geom),
candidate AS (
    SELECT c.id, c.home_base
    FROM crew AS c, point AS p
    WHERE c.status = 'available'
    ORDER BY c.home_base <-> p.geom
    LIMIT 16
)
SELECT c.id
FROM candidate AS c, point AS p
ORDER BY ST_Distance(c.home_base::geography, p.geom::geography), c.id
LIMIT 1
