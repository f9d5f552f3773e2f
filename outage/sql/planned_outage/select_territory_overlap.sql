-- Whether an area touches the service territory (no territory loaded: anything goes).
SELECT NOT EXISTS (SELECT 1 FROM territory)
    OR EXISTS (SELECT 1 FROM territory WHERE ST_Intersects(geom, ST_GeomFromEWKB(%(area)s)))
